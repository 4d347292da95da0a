import { describe, expect, it } from 'vitest';
import { providerRequest } from '#providers/http';
import { documentKeys, getDocument, listDocuments } from '#store/documents';
import { keepingExchanges } from '#use-cases/provider-exchanges';
import { documentsSuite, startLocalDocumentsS3 } from '../../support/local-s3.ts';
import { answeringJson, serverPerTest } from '../../support/local-server.ts';

/**
 * A step's provider exchanges reach the audit trail before the step acts on the answer, so whatever the
 * step writes next (a poll's `processed`) is never ahead of the trail; an exchange whose write failed as it
 * was heard is written once the step is over, and the provider's answer still reaches the step.
 */
const serve = serverPerTest();

const startProvider = (body: string) => serve(answeringJson(200, body));

const poll = (url: string) =>
  providerRequest('TPP', { operation: 'getContributionsStatus', method: 'GET', url: `${url}/status` });

describe('keepingExchanges', () => {
  const cleanups = documentsSuite();

  async function keptExchanges(submissionId: string) {
    const listed = await listDocuments(documentKeys.exchanges(submissionId));
    return Promise.all(
      listed.map(async ({ key, bytes }) => ({ bytes, exchange: JSON.parse((await getDocument(key)) ?? '') })),
    );
  }

  it('has the exchange in the trail, whole, by the time the step holds the answer', async () => {
    process.env.AWS_ENDPOINT_URL_S3 = (await startLocalDocumentsS3(cleanups)).url;
    const url = await startProvider('{"data":{"attributes":{"processed":true}}}');
    const seenByStep = await keepingExchanges('s-1', async () => {
      const answer = await poll(url);
      return { body: answer.body, trail: await keptExchanges('s-1') };
    });
    expect(seenByStep.body).toContain('processed');
    expect(seenByStep.trail).toHaveLength(1);
    const { bytes, exchange } = seenByStep.trail[0] ?? {};
    expect(bytes).toBe(Buffer.byteLength(JSON.stringify(exchange)));
    expect(exchange).toMatchObject({
      operation: 'get-contributions-status',
      response: { status: 200, body: '{"data":{"attributes":{"processed":true}}}' },
    });
  });

  it('writes an exchange it could not keep as heard once the step is over, and the step still gets its answer', async () => {
    const s3 = (await startLocalDocumentsS3(cleanups)).url;
    const url = await startProvider('{"data":{}}');
    // Nothing listens on port 9 of this machine: S3 cannot be reached while the step runs.
    process.env.AWS_ENDPOINT_URL_S3 = 'http://127.0.0.1:9';
    const status = await keepingExchanges('s-2', async () => {
      const answer = await poll(url);
      process.env.AWS_ENDPOINT_URL_S3 = s3;
      expect(await keptExchanges('s-2')).toEqual([]);
      return answer.status;
    });
    expect(status).toBe(200);
    expect((await keptExchanges('s-2')).map(({ exchange }) => exchange.response)).toEqual([
      { status: 200, body: '{"data":{}}' },
    ]);
  });

  it('fails the step when an exchange cannot be kept at all, after the step is over', async () => {
    const url = await startProvider('{"data":{}}');
    process.env.AWS_ENDPOINT_URL_S3 = 'http://127.0.0.1:9';
    let stepFinished = false;
    await expect(
      keepingExchanges('s-3', async () => {
        await poll(url);
        stepFinished = true;
      }),
    ).rejects.toThrow();
    expect(stepFinished).toBe(true);
  });
});
