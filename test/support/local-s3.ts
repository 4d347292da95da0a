import { S3Client } from '@aws-sdk/client-s3';
import { localClientConfig } from '../../infra/local/aws-json-protocol.ts';
import { startS3 } from '../../infra/local/s3.ts';

/**
 * The local S3 front with a `documents` bucket whose `submissions/` area is write-once (as the template's
 * bucket policy makes it), and an S3 client for it; both are stopped by the cleanup pushed to `cleanups`.
 */
export async function startLocalDocumentsS3(cleanups: Array<() => Promise<void>>) {
  const s3 = await startS3({
    buckets: ['documents'],
    writeOnce: [{ bucket: 'documents', prefix: 'submissions/' }],
  });
  const client = new S3Client({ ...localClientConfig(s3.url), forcePathStyle: true });
  cleanups.push(async () => {
    client.destroy();
    await s3.close();
  });
  return { url: s3.url, client };
}
