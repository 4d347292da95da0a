import { Readable } from 'node:stream';
import { GetObjectCommand, ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../../infra/local/aws-json-protocol.ts';
import { startS3 } from '../../../infra/local/s3.ts';

describe('local S3', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function start() {
    const s3 = await startS3({ buckets: ['documents'] });
    const client = new S3Client({ ...localClientConfig(s3.url), forcePathStyle: true });
    cleanups.push(async () => {
      client.destroy();
      await s3.close();
    });
    return client;
  }

  it('creates the buckets and round-trips an object', async () => {
    const client = await start();
    const { Buckets } = await client.send(new ListBucketsCommand({}));
    expect(Buckets?.map((bucket) => bucket.Name)).toEqual(['documents']);

    await client.send(
      new PutObjectCommand({
        Bucket: 'documents',
        Key: 'a/b.json',
        Body: '{"x":1}',
        ContentType: 'application/json',
      }),
    );
    const object = await client.send(new GetObjectCommand({ Bucket: 'documents', Key: 'a/b.json' }));
    expect(object.ContentType).toBe('application/json');
    expect(await object.Body?.transformToString()).toBe('{"x":1}');
  });

  it('stores a streamed body as sent, not in the aws-chunked encoding the SDK sends it in', async () => {
    const client = await start();
    const pieces = [1, 70_000, 3, 200_000].map((size, index) => Buffer.alloc(size, String(index)));
    const body = Buffer.concat(pieces);
    await client.send(
      new PutObjectCommand({
        Bucket: 'documents',
        Key: 'stream.bin',
        Body: Readable.from(pieces),
        ContentLength: body.length,
      }),
    );
    const object = await client.send(new GetObjectCommand({ Bucket: 'documents', Key: 'stream.bin' }));
    expect(object.ContentEncoding).toBeUndefined();
    expect(Buffer.from((await object.Body?.transformToByteArray()) ?? []).equals(body)).toBe(true);
  });
});
