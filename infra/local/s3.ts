import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import S3rver from 's3rver';
import s3rverAccounts from 's3rver/lib/models/account.js';
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

export async function startS3(options: { port?: number; buckets: string[] }): Promise<LocalServer> {
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
