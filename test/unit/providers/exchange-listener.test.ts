import { describe, expect, it } from 'vitest';
import { type HeardExchange, listenToExchanges } from '#providers/exchange-listener';
import { providerRequest } from '#providers/http';
import { answeringJson, serverPerTest } from '../../support/local-server.ts';

/** Every provider exchange, answered or not, reaches the listener of the work it was made in; credentials never. */
const serve = serverPerTest();

const listen = (status: number, body: string) => serve(answeringJson(status, body));

const attempt = (call: Promise<unknown>) => call.catch(() => undefined);

describe('listenToExchanges', () => {
  it('hears answered, refused and unanswered exchanges with status and body, but not a token request', async () => {
    const url = await listen(503, '{"error":"down"}');
    const heard: HeardExchange[] = [];
    await listenToExchanges(
      (exchange) => heard.push(exchange),
      async () => {
        await attempt(
          providerRequest('TPP', {
            operation: 'postContributions',
            method: 'POST',
            url: `${url}/api/v2/contributions`,
            headers: { Authorization: 'Bearer secret-token' },
            body: '{"data":{}}',
          }),
        );
        await attempt(
          providerRequest('TPP', {
            operation: 'token',
            carriesCredentials: true,
            method: 'POST',
            url: `${url}/connect/token`,
            body: 'grant_type=refresh_token&refresh_token=secret',
          }),
        );
        // Nothing listens on port 9 of this machine: the request never gets an answer.
        await attempt(
          providerRequest('TPP', { operation: 'getAccount', method: 'GET', url: 'http://127.0.0.1:9/' }),
        );
      },
    );
    expect(heard.map(({ request, status }) => [request.operation, status])).toEqual([
      ['postContributions', 503],
      ['getAccount', undefined],
    ]);
    expect(heard[0]).toMatchObject({
      provider: 'TPP',
      body: '{"error":"down"}',
      request: { body: '{"data":{}}' },
    });
    expect(heard[1]?.failure).toMatch(/fetch failed|ECONNREFUSED/);
  });

  it('tells only the listener of the work the exchange was made in', async () => {
    const url = await listen(200, '{}');
    const first: string[] = [];
    const second: string[] = [];
    const call = (operation: string) => providerRequest('TPP', { operation, method: 'GET', url });
    await Promise.all([
      listenToExchanges(
        (exchange) => first.push(exchange.request.operation),
        () => call('getJob'),
      ),
      listenToExchanges(
        (exchange) => second.push(exchange.request.operation),
        () => call('getJobErrors'),
      ),
    ]);
    await call('outsideAnyStep');
    expect([first, second]).toEqual([['getJob'], ['getJobErrors']]);
  });
});
