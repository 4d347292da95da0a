import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { writeOnceAreas } from '../../../infra/local/s3.ts';
import { startLocalDocumentsS3 } from '../../support/local-s3.ts';

/**
 * The local S3 front behaves as AWS S3 with the documents bucket's policy: conditional writes, the
 * write-once area under submissions/, and UploadPartCopy (which s3rver lacks).
 */
describe('local S3: write-once documents', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function start() {
    const { client } = await startLocalDocumentsS3(cleanups);
    return client;
  }

  const statusOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 200,
      (error) => (error instanceof S3ServiceException ? error.$metadata.httpStatusCode : error),
    );
  const read = async (client: S3Client, Key: string) => {
    const object = await client.send(new GetObjectCommand({ Bucket: 'documents', Key }));
    return { type: object.ContentType, text: await object.Body?.transformToString() };
  };
  const put = (client: S3Client, Key: string, Body: string, IfNoneMatch?: string) =>
    client.send(
      new PutObjectCommand({ Bucket: 'documents', Key, Body, ContentType: 'text/csv', IfNoneMatch }),
    );

  it('writes a new key once with If-None-Match, and answers 412 when it is taken, keeping the first', async () => {
    const client = await start();
    expect(await statusOf(put(client, 'submissions/1/received', 'first', '*'))).toBe(200);
    expect(await statusOf(put(client, 'submissions/1/received', 'second', '*'))).toBe(412);
    expect(await read(client, 'submissions/1/received')).toEqual({ type: 'text/csv', text: 'first' });
  });

  it('refuses, as the bucket policy does, a write under submissions/ without If-None-Match, and any CopyObject there', async () => {
    const client = await start();
    expect(await statusOf(put(client, 'submissions/2/received', 'unconditional'))).toBe(403);
    expect(await statusOf(put(client, 'uploads/2', 'payroll'))).toBe(200);
    const copy = new CopyObjectCommand({
      Bucket: 'documents',
      Key: 'submissions/2/received',
      CopySource: 'documents/uploads/2',
    });
    expect(await statusOf(client.send(copy))).toBe(403);
  });

  it('copies on the server side with UploadPartCopy, completing only a key not yet there', async () => {
    const client = await start();
    await put(client, 'uploads/3', 'a,b\n1,2\n');
    const copyTo = async (Key: string) => {
      const { UploadId } = await client.send(
        new CreateMultipartUploadCommand({ Bucket: 'documents', Key, ContentType: 'text/csv' }),
      );
      const { CopyPartResult } = await client.send(
        new UploadPartCopyCommand({
          Bucket: 'documents',
          Key,
          UploadId,
          PartNumber: 1,
          CopySource: 'documents/uploads/3',
        }),
      );
      return client.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'documents',
          Key,
          UploadId,
          IfNoneMatch: '*',
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: CopyPartResult?.ETag }] },
        }),
      );
    };
    expect(await statusOf(copyTo('submissions/3/received'))).toBe(200);
    expect(await read(client, 'submissions/3/received')).toEqual({ type: 'text/csv', text: 'a,b\n1,2\n' });
    expect(await statusOf(copyTo('submissions/3/received'))).toBe(412);
  });

  it('reads the write-once areas from a resolved bucket policy', () => {
    const policy = {
      Statement: [
        { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::documents/*', Condition: { Bool: {} } },
        {
          Effect: 'Deny',
          Action: 's3:PutObject',
          Resource: 'arn:aws:s3:::documents/submissions/*',
          Condition: { Null: { 's3:if-none-match': 'true' }, Bool: { 's3:ObjectCreationOperation': 'true' } },
        },
      ],
    };
    expect(writeOnceAreas(policy)).toEqual([{ bucket: 'documents', prefix: 'submissions/' }]);
  });
});
