import { describe, expect, it } from 'vitest';
import { submissionForNextPeriod, untilFinished, useRunningGateway } from '../support/http.ts';

/**
 * The audit trail through the API on the embedded runtime: every document and provider exchange of a
 * submission listed and downloaded through its presigned URL, and what the gateway says it sent is what
 * the TPP sandbox recorded receiving, byte for byte.
 */
const gateway = useRunningGateway({ tppSandbox: { pollDelayMs: 300 } });

interface Entry {
  bytes: number;
  contentType: string;
  url: string;
}

async function download(entry: Entry): Promise<string> {
  const response = await fetch(entry.url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe(entry.contentType);
  const text = await response.text();
  expect(Buffer.byteLength(text)).toBe(entry.bytes);
  return text;
}

describe('GET /v1/submissions/{submissionId}/documents', () => {
  it('lists what was received, the canonical document, what was sent and every exchange, each downloadable', async () => {
    const document = await submissionForNextPeriod(gateway);
    const accepted = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/submissions`, document);
    expect(accepted.status).toBe(202);
    const done = await untilFinished(gateway.call, accepted.body.submissionId);
    expect(done.status).toBe('processed');

    const listed = await gateway.call('GET', `/v1/submissions/${done.submissionId}/documents`);
    expect(listed.status).toBe(200);
    const { documents, exchanges } = listed.body as { documents: any[]; exchanges: any[] };
    expect(documents.map((d) => d.name)).toEqual(['received', 'canonical', 'sent']);
    const named = (name: string) => documents.find((d) => d.name === name);

    expect(await download(named('received'))).toBe(JSON.stringify(document));
    expect(JSON.parse(await download(named('canonical'))).payReferencePeriod).toEqual(
      document.payReferencePeriod,
    );
    // The sandbox's own record of the body it was sent, against the gateway's record of what it sent.
    const delivered = gateway.runtime.tppSandbox?.submissions().find((s) => s.id === done.providerReference);
    expect(named('sent').contentType).toBe('application/vnd.api+json');
    expect(await download(named('sent'))).toBe(delivered?.text);

    // The POST, then polls until processed: each exchange with its operation, HTTP status and bodies. The
    // slot step reads no account: the pre-flight's read already showed TPP expects this period.
    expect(exchanges.map((e) => [e.operation, e.httpStatus])).toEqual([
      ['post-contributions', 202],
      ['get-contributions-status', 200],
      ['get-contributions-status', 200],
      ['get-contributions-status', 200],
    ]);
    const kept = await Promise.all(exchanges.map(async (e) => JSON.parse(await download(e))));
    const post = kept[0];
    expect(post).toMatchObject({
      provider: 'TPP',
      operation: 'post-contributions',
      request: { method: 'POST', bodyDocument: `submissions/${done.submissionId}/outgoing` },
      response: { status: 202 },
    });
    expect(JSON.parse(post.response.body).data.id).toBe(done.providerReference);
    expect(JSON.parse(kept.at(-1).response.body).data.attributes.processed).toBe(true);
    expect(exchanges.map((e) => e.at)).toEqual(kept.map((k) => k.startedAt));
    // No credentials: the exchanges keep no headers.
    expect(JSON.stringify(kept)).not.toMatch(/bearer|authorization/i);
  });

  it('answers 404 for an unknown submission', async () => {
    const { status, body } = await gateway.call('GET', '/v1/submissions/no-such-submission/documents');
    expect(status).toBe(404);
    expect(body.title).toBeDefined();
  });
});
