import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOCAL_CREDENTIALS, REGION } from '../../../infra/local/aws-json-protocol.ts';
import { getDocumentStream, PART_BYTES, putDocumentStream } from '../../../shared/store/document-streams.ts';
import {
  copyDocument,
  documentContentType,
  documentSize,
  listDocuments,
  presignedGet,
  presignedPut,
} from '../../../shared/store/documents.ts';
import { documentsSuite, startLocalDocumentsS3 } from '../../support/local-s3.ts';
import { inTurn, presignatureHolds, signatureHolds, startRecorder } from '../../support/s3-recorder.ts';

/**
 * Every document operation without the S3 client (HEAD, the conditional copy, listings, presigned URLs,
 * streamed writes and reads): against the local S3 front for what S3 does with them, and against a
 * recording server for what is sent (signed as S3 checks, retried, in parts).
 */
describe('documents without the S3 client', () => {
  const cleanups = documentsSuite();
  afterEach(() => {
    vi.useRealTimers();
  });

  /** The local S3 front (write-once under `submissions/`), with the S3 client to write and read it. */
  async function localS3() {
    const { url, client } = await startLocalDocumentsS3(cleanups);
    process.env.AWS_ENDPOINT_URL_S3 = url;
    const write = (Key: string, Body: string, ContentType = 'application/json') =>
      client.send(new PutObjectCommand({ Bucket: 'documents', Key, Body, ContentType }));
    const read = async (Key: string) => {
      const object = await client.send(new GetObjectCommand({ Bucket: 'documents', Key }));
      return { type: object.ContentType, text: await object.Body?.transformToString() };
    };
    return { url, client, write, read };
  }

  it('reads a document’s size and content type from its headers, and undefined for a key not there', async () => {
    const { write } = await localS3();
    await write('uploads/u-1', 'a,b\n£1,2\n', 'text/csv');
    expect(await documentSize('uploads/u-1')).toBe(10);
    expect(await documentContentType('uploads/u-1')).toBe('text/csv');
    expect(await documentSize('uploads/u-2')).toBeUndefined();
    expect(await documentContentType('uploads/u-2')).toBeUndefined();
  });

  it('copies a document once into the write-once area: a second copy keeps the first, and a missing source throws NoSuchKey', async () => {
    const { write, read } = await localS3();
    await write('uploads/u-1', 'first,csv\n', 'text/csv');
    await write('uploads/u-2', 'second,csv\n', 'text/csv');
    expect(await copyDocument('uploads/u-1', 'submissions/s-1/received')).toBe(true);
    expect(await copyDocument('uploads/u-2', 'submissions/s-1/received')).toBe(false);
    expect(await read('submissions/s-1/received')).toEqual({ type: 'text/csv', text: 'first,csv\n' });
    await expect(copyDocument('uploads/none', 'submissions/s-2/received')).rejects.toMatchObject({
      name: 'NoSuchKey',
      status: 404,
    });
  });

  it('lists every document under a prefix with its size and time, keys XML-decoded', async () => {
    const { write } = await localS3();
    const odd = `listed/s-1/a&b <c> "d" 'e' £.json`;
    await write(odd, '{"x":1}');
    await write('listed/s-1/received', '{}');
    await write('listed/s-10/received', '{}');
    const listed = await listDocuments('listed/s-1/');
    expect(listed.map(({ key, bytes }) => ({ key, bytes }))).toEqual([
      { key: odd, bytes: 7 },
      { key: 'listed/s-1/received', bytes: 2 },
    ]);
    for (const { lastModified } of listed) expect(new Date(lastModified).toISOString()).toBe(lastModified);
  });

  it('lists page after page, sending back each continuation token as S3 gave it', async () => {
    const page = (keys: string[], next?: string) => (response: import('node:http').ServerResponse) =>
      response
        .writeHead(200, { 'content-type': 'application/xml' })
        .end(
          `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>documents</Name><Prefix>p/</Prefix><IsTruncated>${next !== undefined}</IsTruncated>${next ? `<NextContinuationToken>${next}</NextContinuationToken>` : ''}${keys.map((key) => `<Contents><Key>${key}</Key><LastModified>2026-11-29T21:08:29.000Z</LastModified><ETag>&quot;abc&quot;</ETag><Size>3</Size></Contents>`).join('')}</ListBucketResult>`,
        );
    const { received } = await startRecorder(
      cleanups,
      inTurn([
        page(['p/a&amp;b', 'p/c&#13;d'], '1+a/b=&amp;c'),
        (response) => response.writeHead(503).end('<Error><Code>SlowDown</Code></Error>'),
        page(['p/&lt;e&gt;']),
      ]),
    );
    expect(await listDocuments('p/')).toEqual([
      { key: 'p/a&b', bytes: 3, lastModified: '2026-11-29T21:08:29.000Z' },
      { key: 'p/c\rd', bytes: 3, lastModified: '2026-11-29T21:08:29.000Z' },
      { key: 'p/<e>', bytes: 3, lastModified: '2026-11-29T21:08:29.000Z' },
    ]);
    expect(received).toHaveLength(3);
    const [first, , second] = received.map((request) => new URL(request.url, 'http://s3'));
    expect(Object.fromEntries(first?.searchParams ?? [])).toEqual({ 'list-type': '2', prefix: 'p/' });
    expect(second?.searchParams.get('continuation-token')).toBe('1+a/b=&c');
    for (const request of received) expect(await signatureHolds(request)).toBe(true);
  });

  it('gives presigned URLs that plain fetch can PUT to and GET from, with the types asked for', async () => {
    const { read } = await localS3();
    const put = await presignedPut('uploads/u-1', 'text/csv', 900);
    expect(
      (await fetch(put, { method: 'PUT', headers: { 'content-type': 'text/csv' }, body: 'a,b\n' })).status,
    ).toBe(200);
    expect(await read('uploads/u-1')).toEqual({ type: 'text/csv', text: 'a,b\n' });
    const get = await fetch(await presignedGet('uploads/u-1', 'text/csv; charset=utf-8', 300));
    expect(get.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await get.text()).toBe('a,b\n');
  });

  it('presigns as the S3 client’s presigner does, the PUT’s content type signed too', async () => {
    await localS3();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-29T21:08:29Z'));
    const key = "uploads/a b!'(c)*~é";
    const client = new S3Client({
      region: REGION,
      credentials: LOCAL_CREDENTIALS,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    cleanups.push(async () => client.destroy());
    // The S3 client adds query parameters of its own (x-id, a checksum mode) that S3 needs not.
    const sdkParams = (url: string) => {
      const { searchParams, pathname } = new URL(url);
      for (const own of ['x-id', 'x-amz-checksum-mode', 'X-Amz-Signature', 'X-Amz-SignedHeaders'])
        searchParams.delete(own);
      return { pathname, params: Object.fromEntries(searchParams) };
    };
    const put = await presignedPut(key, 'text/csv', 900);
    expect(sdkParams(put)).toEqual(
      sdkParams(
        await getSignedUrl(
          client,
          new PutObjectCommand({ Bucket: 'documents', Key: key, ContentType: 'text/csv' }),
          { expiresIn: 900 },
        ),
      ),
    );
    expect(new URL(put).searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host');
    expect(await presignatureHolds('PUT', put, { 'content-type': 'text/csv' })).toBe(true);
    expect(await presignatureHolds('PUT', put, { 'content-type': 'application/json' })).toBe(false);
    const get = await presignedGet(key, 'application/json', 300);
    expect(sdkParams(get)).toEqual(
      sdkParams(
        await getSignedUrl(
          client,
          new GetObjectCommand({ Bucket: 'documents', Key: key, ResponseContentType: 'application/json' }),
          { expiresIn: 300 },
        ),
      ),
    );
    expect(await presignatureHolds('GET', get, {})).toBe(true);
  });

  it('writes a small document in one PutObject, once: a second write keeps the first', async () => {
    const { read } = await localS3();
    expect(await putDocumentStream('submissions/s-1/outgoing', ['<a>', '</a>'], 'application/xml')).toBe(
      true,
    );
    expect(await putDocumentStream('submissions/s-1/outgoing', ['<b/>'], 'application/xml')).toBe(false);
    expect(await read('submissions/s-1/outgoing')).toEqual({ type: 'application/xml', text: '<a></a>' });
    const got = await getDocumentStream('submissions/s-1/outgoing');
    expect(got?.length).toBe(7);
    expect(await new Response(got?.stream).text()).toBe('<a></a>');
    expect(await getDocumentStream('submissions/s-1/none')).toBeUndefined();
  });

  /** A document of two parts (the second 64 KiB), in pieces of 64 KiB; `mark` is its first byte. */
  const PIECE = 64 * 1024;
  function* largeDocument(mark: string) {
    yield mark;
    for (let bytes = 0; bytes <= PART_BYTES; bytes += PIECE) yield 'x'.repeat(PIECE);
  }
  const largeBytes = 1 + PART_BYTES + PIECE;

  it('writes a large document in parts, once: a second write keeps the first, and reads it back as a stream', async () => {
    await localS3();
    const key = 'submissions/s-1/canonical.json';
    expect(await putDocumentStream(key, largeDocument('1'))).toBe(true);
    expect(await putDocumentStream(key, largeDocument('2'))).toBe(false);
    const got = await getDocumentStream(key);
    expect(got?.length).toBe(largeBytes);
    const reader = got?.stream.getReader();
    const first = await reader?.read();
    expect(String.fromCharCode(first?.value?.[0] ?? 0)).toBe('1');
    let bytes = first?.value?.byteLength ?? 0;
    for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read())
      bytes += chunk.value.byteLength;
    expect(bytes).toBe(largeBytes);
  });

  it('sends the parts, then completes only if the key is free; a server error is retried and a refused upload aborted', async () => {
    const { received } = await startRecorder(cleanups, (response, request) => {
      const url = new URL(request.url, 'http://s3');
      if (request.method === 'POST' && url.searchParams.has('uploads'))
        return response.end(
          '<InitiateMultipartUploadResult><UploadId>up&amp;1</UploadId></InitiateMultipartUploadResult>',
        );
      const part = url.searchParams.get('partNumber');
      if (request.method === 'PUT' && part) {
        const attempts = received.filter((each) => each.url === request.url).length;
        if (part === '2' && attempts === 1)
          return response.writeHead(503).end('<Error><Code>SlowDown</Code></Error>');
        return response.writeHead(200, { etag: `"etag-${part}"` }).end();
      }
      if (request.method === 'POST')
        return response.writeHead(412).end('<Error><Code>PreconditionFailed</Code></Error>');
      response.writeHead(204).end();
    });
    expect(await putDocumentStream('submissions/s-1/canonical.json', largeDocument('1'))).toBe(false);
    const sent = received.map(({ method, url, headers }) => {
      const { searchParams } = new URL(url, 'http://s3');
      return `${method} ${searchParams.has('uploads') ? 'uploads' : ''}${searchParams.get('partNumber') ?? ''} ${searchParams.get('uploadId') ?? ''} ${headers['if-none-match'] ?? ''}`.trim();
    });
    expect(sent.slice(0, 1)).toEqual(['POST uploads']);
    expect([...sent.slice(1, -2)].sort()).toEqual(['PUT 1 up&1', 'PUT 2 up&1', 'PUT 2 up&1']);
    expect(sent.slice(-2)).toEqual(['POST  up&1 *', 'DELETE  up&1']);
    const completion = received.at(-2)?.body;
    expect(completion).toContain(
      '<Part><PartNumber>1</PartNumber><ETag>&#34;etag-1&#34;</ETag></Part><Part><PartNumber>2</PartNumber><ETag>&#34;etag-2&#34;</ETag></Part></CompleteMultipartUpload>',
    );
    for (const request of received) expect(await signatureHolds(request)).toBe(true);
    // The first part holds the mark and 80 pieces; the second, sent twice, the last piece.
    expect(
      received
        .slice(1, -2)
        .map((request) => request.body.length)
        .sort((a, b) => a - b),
    ).toEqual([PIECE, PIECE, PART_BYTES + 1]);
  });

  it('reads a 200 carrying an error document as the failure it is, and tries the copy again', async () => {
    const { received } = await startRecorder(cleanups, (response, request) => {
      const url = new URL(request.url, 'http://s3');
      if (request.method === 'HEAD')
        return response.writeHead(200, { 'content-type': 'text/csv', 'content-length': '4' }).end();
      if (url.searchParams.has('uploads'))
        return response.end(
          '<InitiateMultipartUploadResult><UploadId>u1</UploadId></InitiateMultipartUploadResult>',
        );
      if (request.method === 'PUT')
        return response.end('<CopyPartResult><ETag>&quot;copied&quot;</ETag></CopyPartResult>');
      const completions = received.filter(
        (each) => each.method === 'POST' && !each.url.includes('uploads'),
      ).length;
      if (completions === 1)
        return response
          .writeHead(200)
          .end(
            '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code><Message>try again</Message></Error>',
          );
      response.end(
        '<CompleteMultipartUploadResult><ETag>&quot;whole&quot;</ETag></CompleteMultipartUploadResult>',
      );
    });
    expect(await copyDocument('uploads/u-1', 'submissions/s-1/received')).toBe(true);
    expect(received.map((request) => request.method)).toEqual(['HEAD', 'POST', 'PUT', 'POST', 'POST']);
    expect(received[1]?.headers['content-type']).toBe('text/csv');
    expect(received[2]?.headers['x-amz-copy-source']).toBe('documents/uploads/u-1');
    expect(received[4]?.body).toContain('<ETag>&#34;copied&#34;</ETag>');
  });
});
