import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { S3rverContext } from 's3rver';
import S3rver from 's3rver';
import s3rverAccounts from 's3rver/lib/models/account.js';
import S3Error from 's3rver/lib/models/error.js';
import { LOCAL_CREDENTIALS, type LocalServer } from './aws-json-protocol.ts';

// s3rver rejects access keys it does not know (it never checks SigV4 signatures), so it must know ours.
s3rverAccounts.DUMMY_ACCOUNT.createKeyPair(LOCAL_CREDENTIALS.accessKeyId, LOCAL_CREDENTIALS.secretAccessKey);

/**
 * Yields the data of an `aws-chunked` body: `<hex size>[;chunk-signature=…]\r\n<data>\r\n` repeated,
 * then a zero-size chunk and trailing checksum headers, which are dropped.
 */
async function* decodeAwsChunked(body: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let pending = Buffer.alloc(0);
  let ended = false;
  // Reads to the end even after the last chunk: abandoning the request stream would destroy the socket.
  for await (const data of body) {
    if (ended) continue;
    pending = Buffer.concat([pending, data]);
    for (let lineEnd = pending.indexOf('\r\n'); lineEnd >= 0; lineEnd = pending.indexOf('\r\n')) {
      const size = Number.parseInt(pending.subarray(0, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
      if (size === 0) {
        ended = true;
        break;
      }
      const start = lineEnd + 2;
      if (pending.length < start + size + 2) break;
      yield pending.subarray(start, start + size);
      pending = pending.subarray(start + size + 2);
    }
  }
}

/** Objects S3 creates only as new keys: the bucket policy refuses other writes there (see writeOnceAreas). */
export interface WriteOnceArea {
  bucket: string;
  prefix: string;
}

/**
 * The areas a resolved bucket policy keeps write-once: where it denies s3:PutObject to a request that
 * creates an object without `If-None-Match` (infra/constructs/storage.ts).
 */
export function writeOnceAreas(policyDocument: unknown): WriteOnceArea[] {
  const statements = (policyDocument as { Statement?: PolicyStatementJson[] } | undefined)?.Statement ?? [];
  return statements
    .filter(
      (statement) =>
        statement.Effect === 'Deny' &&
        [statement.Action].flat().includes('s3:PutObject') &&
        statement.Condition?.Null?.['s3:if-none-match'] === 'true',
    )
    .flatMap((statement) => [statement.Resource].flat())
    .flatMap((arn) => {
      const match = /^arn:aws:s3:::([^/]+)\/(.*)\*$/.exec(String(arn));
      return match ? [{ bucket: match[1] ?? '', prefix: match[2] ?? '' }] : [];
    });
}

interface PolicyStatementJson {
  Effect?: string;
  Action?: string | string[];
  Resource?: unknown;
  Condition?: { Null?: Record<string, string> };
}

/**
 * What s3rver lacks and the gateway uses: conditional writes (`If-None-Match: *`, answered 412 when the key
 * is taken), the write-once areas' bucket policy, and UploadPartCopy (a server-side copy into a multipart
 * upload).
 */
function conditionalWrites(writeOnce: WriteOnceArea[]) {
  return async (context: S3rverContext, next: () => Promise<void>) => {
    const { method, query, headers } = context;
    const [, bucket = '', ...rest] = decodeURIComponent(context.path).split('/');
    const key = rest.join('/');
    const copySource = headers['x-amz-copy-source'];
    const partOfUpload = query.partNumber !== undefined;
    if (method === 'PUT' && partOfUpload && typeof copySource === 'string') {
      await uploadPartCopy(context, bucket, copySource);
      return;
    }
    // PutObject, CopyObject and CompleteMultipartUpload create the object; the parts, and a subresource
    // such as ?tagging, do not.
    const subresource = Object.keys(query).some(
      (name) => name !== 'uploadId' && name !== 'x-id' && !/^x-amz-/i.test(name),
    );
    const creates =
      key !== '' &&
      !subresource &&
      ((method === 'PUT' && query.uploadId === undefined) ||
        (method === 'POST' && query.uploadId !== undefined));
    if (creates) {
      const ifNoneMatch = headers['if-none-match'];
      const writeOnceHere = writeOnce.some((area) => area.bucket === bucket && key.startsWith(area.prefix));
      if (writeOnceHere && (ifNoneMatch === undefined || copySource !== undefined)) {
        // As on AWS: the bucket policy denies it, and CopyObject cannot carry the condition.
        throw new S3Error('AccessDenied', 'Access Denied');
      }
      if (ifNoneMatch === '*' && (await context.store.existsObject(bucket, key))) {
        throw new S3Error(
          'PreconditionFailed',
          'At least one of the pre-conditions you specified did not hold',
          {
            Condition: 'If-None-Match',
          },
        );
      }
    }
    await next();
  };
}

async function uploadPartCopy(context: S3rverContext, bucket: string, copySource: string): Promise<void> {
  const [sourceBucket = '', ...sourceKey] = decodeURIComponent(copySource).replace(/^\//, '').split('/');
  const source = await context.store.getObject(sourceBucket, sourceKey.join('/'));
  if (!source) throw new S3Error('NoSuchKey', 'The specified key does not exist.');
  const { md5 } = await context.store.putPart(
    bucket,
    String(context.query.uploadId),
    String(context.query.partNumber),
    source.content,
  );
  context.type = 'application/xml';
  context.body = `<?xml version="1.0" encoding="UTF-8"?>\n<CopyPartResult><LastModified>${new Date().toISOString()}</LastModified><ETag>"${md5}"</ETag></CopyPartResult>`;
}

export async function startS3(options: {
  port?: number;
  buckets: string[];
  writeOnce?: WriteOnceArea[];
}): Promise<LocalServer> {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  // SDK v3 sends streamed uploads `aws-chunked` with a trailing checksum, which s3rver would store verbatim.
  server.middleware.unshift(async (context, next) => {
    const { headers } = context;
    const encodings = headers['content-encoding']?.split(',').map((encoding) => encoding.trim()) ?? [];
    if (encodings.includes('aws-chunked')) {
      const rest = encodings.filter((encoding) => encoding !== 'aws-chunked');
      if (rest.length > 0) headers['content-encoding'] = rest.join(',');
      else delete headers['content-encoding'];
      context.req = Readable.from(decodeAwsChunked(context.req));
    }
    await next();
  });
  server.middleware.unshift(conditionalWrites(options.writeOnce ?? []));
  const removeDirectory = () => rm(directory, { recursive: true, force: true });
  let port: number;
  try {
    ({ port } = await server.run());
  } catch (error) {
    await removeDirectory();
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      const closing = server.close();
      // SDK clients keep connections alive, which would hold close() open.
      server.httpServer?.closeAllConnections();
      await closing;
      await removeDirectory();
    },
  };
}
