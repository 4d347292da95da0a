import { S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach } from 'vitest';
import { LOCAL_CREDENTIALS, localClientConfig, REGION } from '../../infra/local/aws-json-protocol.ts';
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

/**
 * For a suite of tests of the gateway's document code: before each test, the local credentials, region and
 * the `documents` bucket in the environment; after each, the cleanups pushed to the answer, in order.
 */
export function documentsSuite(): Array<() => Promise<void>> {
  const cleanups: Array<() => Promise<void>> = [];
  beforeEach(() => {
    Object.assign(process.env, {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      DOCUMENTS_BUCKET: 'documents',
    });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  return cleanups;
}
