import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { localClientConfig } from '../../../infra/local/aws-json-protocol.ts';
import { getDocument, putDocument, S3RequestError } from '../../../shared/store/document-requests.ts';
import { documentsSuite, startLocalDocumentsS3 } from '../../support/local-s3.ts';
import { inTurn, signatureHolds, startRecorder } from '../../support/s3-recorder.ts';

/**
 * The light PutObject (store/document-requests.ts) has the S3 client's semantics without its bundle: written
 * once, 412 keeps the first copy, signed as the S3 client signs, retried as the S3 client retries.
 */
describe('putDocument and getDocument without the S3 client', () => {
  const cleanups = documentsSuite();

  /** The local S3 front, with the documents bucket's write-once area, and an S3 client to read it. */
  async function localS3() {
    const { url, client } = await startLocalDocumentsS3(cleanups);
    process.env.AWS_ENDPOINT_URL_S3 = url;
    const read = async (Key: string) => {
      const object = await client.send(new GetObjectCommand({ Bucket: 'documents', Key }));
      return { type: object.ContentType, text: await object.Body?.transformToString() };
    };
    return { client, read };
  }

  const exchangeKey = 'submissions/s-1/exchanges/2026-11-29T21:08:29.123Z_get-account_200_a!b(c)*.json';

  it('writes a new key under the write-once area, and answers false when it is taken, keeping the first copy', async () => {
    const { read } = await localS3();
    expect(await putDocument(exchangeKey, '{"first":true}')).toBe(true);
    expect(await putDocument(exchangeKey, '{"second":true}')).toBe(false);
    // Read back by the S3 client under the same key: the key is encoded as the S3 client encodes it.
    expect(await read(exchangeKey)).toEqual({ type: 'application/json', text: '{"first":true}' });
    expect(await putDocument('submissions/s-1/provider-errors.csv', 'a,b\n', 'text/csv')).toBe(true);
    expect(await read('submissions/s-1/provider-errors.csv')).toEqual({ type: 'text/csv', text: 'a,b\n' });
  });

  it('reads what the S3 client wrote, and a key not there as undefined', async () => {
    const { client } = await localS3();
    await client.send(
      new PutObjectCommand({ Bucket: 'documents', Key: exchangeKey, Body: '{"£":1}', IfNoneMatch: '*' }),
    );
    expect(await getDocument(exchangeKey)).toBe('{"£":1}');
    expect(await getDocument('submissions/s-1/provider-errors.json')).toBeUndefined();
  });

  it("throws S3's refusal, named by its code", async () => {
    await localS3();
    process.env.DOCUMENTS_BUCKET = 'no-such-bucket';
    const refusal = await putDocument('submissions/s-2/received', '{}').catch((error) => error);
    expect(refusal).toBeInstanceOf(S3RequestError);
    expect(refusal).toMatchObject({ name: 'NoSuchBucket', status: 404 });
    await expect(getDocument('submissions/s-2/received')).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });

  it('sends what it signed, signed as the S3 client signs a PutObject and a GetObject, to the path the S3 client uses', async () => {
    const { url, received } = await startRecorder(
      cleanups,
      inTurn([(response) => response.writeHead(200).end()]),
    );
    expect(await putDocument(exchangeKey, '{"kept":true}')).toBe(true);
    const client = new S3Client({ ...localClientConfig(url), forcePathStyle: true });
    cleanups.push(async () => client.destroy());
    await client.send(
      new PutObjectCommand({
        Bucket: 'documents',
        Key: exchangeKey,
        Body: '{"kept":true}',
        ContentType: 'application/json',
        IfNoneMatch: '*',
      }),
    );
    const [light, sdk] = received;
    if (!light || !sdk) throw new Error('expected two requests');
    expect(light).toMatchObject({ method: 'PUT', body: '{"kept":true}' });
    expect(light.headers).toMatchObject({ 'if-none-match': '*', 'content-type': 'application/json' });
    expect(new URL(light.url, url).pathname).toBe(new URL(sdk.url, url).pathname);
    expect(await signatureHolds(sdk)).toBe(true);
    expect(await signatureHolds(light)).toBe(true);
    expect(String(light.headers.authorization)).toMatch(/SignedHeaders=.*if-none-match/);
    expect(await getDocument(exchangeKey)).toBe('');
    await client.send(new GetObjectCommand({ Bucket: 'documents', Key: exchangeKey }));
    const [lightGet, sdkGet] = received.slice(2);
    if (!lightGet || !sdkGet) throw new Error('expected two more requests');
    expect(lightGet.method).toBe('GET');
    expect(new URL(lightGet.url, url).pathname).toBe(new URL(sdkGet.url, url).pathname);
    expect(await signatureHolds(sdkGet)).toBe(true);
    expect(await signatureHolds(lightGet)).toBe(true);
  });

  it('tries again after a server error or a lost answer, and a retry that finds its own write answers false', async () => {
    const { received } = await startRecorder(
      cleanups,
      inTurn([
        (response) => response.writeHead(503).end('<Error><Code>SlowDown</Code></Error>'),
        (response) => response.socket?.destroy(),
        (response) =>
          response
            .writeHead(412)
            .end('<Error><Code>PreconditionFailed</Code><Message>taken</Message></Error>'),
      ]),
    );
    expect(await putDocument(exchangeKey, '{}')).toBe(false);
    expect(received).toHaveLength(3);
  });

  it('gives up after three attempts', async () => {
    const { received } = await startRecorder(
      cleanups,
      inTurn([
        (response) =>
          response.writeHead(500).end('<Error><Code>InternalError</Code><Message>oops</Message></Error>'),
      ]),
    );
    await expect(putDocument(exchangeKey, '{}')).rejects.toMatchObject({
      name: 'InternalError',
      status: 500,
    });
    expect(received).toHaveLength(3);
  });
});
