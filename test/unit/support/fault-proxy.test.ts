import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type FaultKind,
  type FaultProxy,
  type FaultProxyOptions,
  startFaultProxy,
} from '../../support/fault-proxy.ts';
import { until } from '../../support/http.ts';
import { type LocalServer, startLocalServer } from '../../support/local-server.ts';

/** An upstream that records what reached it and echoes the request back. */
const reached: Array<{ method: string; url: string; host: string; body: string }> = [];
let upstream: LocalServer | undefined;
let origin: string;

beforeAll(async () => {
  upstream = await startLocalServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    reached.push({ method: req.method ?? '', url: req.url ?? '', host: req.headers.host ?? '', body });
    res.writeHead(201, { 'content-type': 'application/json', 'x-upstream': 'yes' });
    res.end(JSON.stringify({ echoed: body }));
  });
  origin = upstream.origin;
});

afterAll(async () => {
  await upstream?.stop();
});

const proxies: FaultProxy[] = [];
afterEach(async () => {
  for (const proxy of proxies.splice(0)) await proxy.close();
  reached.length = 0;
});

async function proxy(options: Omit<FaultProxyOptions, 'target'>) {
  const started = await startFaultProxy({ target: origin, ...options });
  proxies.push(started);
  return started;
}

const always = (kind: FaultKind) => [{ path: '/', rate: 1, kinds: { [kind]: 1 } }];

/** The outcome of one call as a caller sees it: the status, or how it failed. */
async function outcome(url: string, init: RequestInit = {}): Promise<number | 'failed' | 'timed out'> {
  try {
    const response = await fetch(url, init);
    await response.text();
    return response.status;
  } catch (error) {
    return (error as Error).name === 'TimeoutError' ? 'timed out' : 'failed';
  }
}

describe('fault proxy', () => {
  it('forwards untouched without rules, keeping the Host the caller used', async () => {
    const p = await proxy({ seed: 1 });
    const response = await fetch(`${p.url}/api/v2/contributions?x=1`, { method: 'POST', body: 'payroll' });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-upstream')).toBe('yes');
    expect(await response.json()).toEqual({ echoed: 'payroll' });
    expect(reached).toEqual([
      { method: 'POST', url: '/api/v2/contributions?x=1', host: new URL(p.url).host, body: 'payroll' },
    ]);
    expect(p.faults()).toEqual([]);
    expect(p.traffic()).toEqual({ received: 1, forwarded: 1 });
  });

  it('throttles with 429 and Retry-After, without forwarding', async () => {
    const p = await proxy({ seed: 1, rules: always('throttle'), retryAfterSeconds: 7 });
    const response = await fetch(`${p.url}/x`);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(reached).toHaveLength(0);
  });

  it('answers 5xx without forwarding, or after forwarding for server-error-after', async () => {
    const before = await proxy({ seed: 1, rules: always('server-error') });
    const status = await outcome(`${before.url}/x`);
    expect([500, 502, 503, 504]).toContain(status);
    expect(reached).toHaveLength(0);

    const after = await proxy({ seed: 1, rules: always('server-error-after') });
    expect(await outcome(`${after.url}/x`, { method: 'POST', body: 'p' })).toBe(502);
    expect(reached.map((r) => r.body)).toEqual(['p']);
  });

  it('resets before the provider sees the request, or after it took it', async () => {
    const before = await proxy({ seed: 1, rules: always('reset-before') });
    expect(await outcome(`${before.url}/x`, { method: 'POST', body: 'one' })).toBe('failed');
    expect(reached).toHaveLength(0);

    const after = await proxy({ seed: 1, rules: always('reset-after') });
    expect(await outcome(`${after.url}/x`, { method: 'POST', body: 'two' })).toBe('failed');
    expect(reached.map((r) => r.body)).toEqual(['two']);
    expect(after.faults()).toEqual([
      expect.objectContaining({
        kind: 'reset-after',
        method: 'POST',
        path: '/x',
        forwarded: true,
        outage: false,
      }),
    ]);
  });

  it('holds a slow answer past the caller’s timeout after the provider took it', async () => {
    const p = await proxy({ seed: 1, rules: always('slow'), slowMs: 60_000 });
    // The caller's timeout is generous so that, even on a loaded machine, the request is forwarded first.
    expect(await outcome(`${p.url}/x`, { signal: AbortSignal.timeout(2_000) })).toBe('timed out');
    await until(
      () => reached.length,
      (count) => count === 1,
      'the provider to receive the slow request',
    );
  });

  it('relays a slow answer once its delay has passed', async () => {
    const p = await proxy({ seed: 1, rules: always('slow'), slowMs: 50 });
    expect(await outcome(`${p.url}/x`)).toBe(201);
  });

  it('never answers a hang, and never forwards it; with hangMs it resets instead', async () => {
    const held = await proxy({ seed: 1, rules: always('hang') });
    expect(await outcome(`${held.url}/x`, { signal: AbortSignal.timeout(100) })).toBe('timed out');
    const reset = await proxy({ seed: 1, rules: always('hang'), hangMs: 20 });
    expect(await outcome(`${reset.url}/x`)).toBe('failed');
    expect(reached).toHaveLength(0);
    expect(held.counts().hang).toBe(1);
  });

  it('applies the first matching rule per route and method', async () => {
    const p = await proxy({
      seed: 1,
      rules: [
        { method: 'POST', path: /^\/api\/v2\/contributions$/, rate: 1, kinds: { 'reset-after': 1 } },
        { path: '/api/v2/accounts', rate: 1, kinds: { throttle: 1 } },
      ],
    });
    expect(await outcome(`${p.url}/api/v2/contributions`, { method: 'POST', body: 'a' })).toBe('failed');
    expect(await outcome(`${p.url}/api/v2/contributions`)).toBe(201);
    expect(await outcome(`${p.url}/api/v2/accounts/855969`)).toBe(429);
    expect(await outcome(`${p.url}/other`)).toBe(201);
    expect(p.counts()).toMatchObject({ 'reset-after': 1, throttle: 1, hang: 0 });
    expect(p.requests()).toEqual([
      { method: 'POST', path: '/api/v2/contributions', body: 'a', fault: 'reset-after' },
      { method: 'GET', path: '/api/v2/contributions', body: '' },
      { method: 'GET', path: '/api/v2/accounts/855969', body: '', fault: 'throttle' },
      { method: 'GET', path: '/other', body: '' },
    ]);
  });

  it('draws the same schedule from the same seed, whatever order the requests arrive in', async () => {
    const rules = [{ path: '/', rate: 0.5, kinds: { throttle: 1, 'server-error': 1, 'reset-before': 1 } }];
    const bodies = Array.from({ length: 40 }, (_, i) => `period-${i}`);
    const scheduleOf = async (seed: number, order: string[]) => {
      const p = await proxy({ seed, rules });
      const seen = new Map<string, string>();
      await Promise.all(
        order.map(async (body) => {
          // Two attempts of each request: the second draws afresh.
          const first = await outcome(`${p.url}/x`, { method: 'POST', body });
          const second = await outcome(`${p.url}/x`, { method: 'POST', body });
          seen.set(body, `${first}/${second}`);
        }),
      );
      return bodies.map((body) => seen.get(body));
    };
    const forwards = await scheduleOf(42, bodies);
    const backwards = await scheduleOf(42, [...bodies].reverse());
    const otherSeed = await scheduleOf(43, bodies);
    expect(backwards).toEqual(forwards);
    expect(otherSeed).not.toEqual(forwards);
    // A request's attempts are drawn independently, so some fail once and then pass.
    expect(forwards.some((pair) => pair?.endsWith('/201') && !pair.startsWith('201'))).toBe(true);
  });

  it('faults about the configured share of requests', async () => {
    const p = await proxy({ seed: 7, rules: [{ path: '/', rate: 0.25, kinds: { 'server-error': 1 } }] });
    for (let i = 0; i < 200; i++) await outcome(`${p.url}/x`, { method: 'POST', body: String(i) });
    const faulted = p.counts()['server-error'];
    expect(faulted).toBeGreaterThan(30);
    expect(faulted).toBeLessThan(70);
    expect(p.traffic()).toEqual({ received: 200, forwarded: 200 - faulted });
  });

  it('fails everything during an outage window, recorded as outage faults, and nothing after it', async () => {
    const p = await proxy({ seed: 1 });
    const ended = p.startOutage(60_000, 'server-error');
    const during = await Promise.all([1, 2, 3].map((i) => outcome(`${p.url}/x/${i}`)));
    expect(during.every((status) => typeof status === 'number' && status >= 500)).toBe(true);
    p.endOutage();
    await ended;
    expect(await outcome(`${p.url}/x/4`)).toBe(201);
    expect(p.faults().map((f) => [f.kind, f.outage, f.forwarded])).toEqual([
      ['server-error', true, false],
      ['server-error', true, false],
      ['server-error', true, false],
    ]);
    expect(reached.map((r) => r.url)).toEqual(['/x/4']);
  });

  it('ends an outage window by itself when its time is up', async () => {
    const p = await proxy({ seed: 1 });
    await p.startOutage(50, 'reset-before');
    expect(await outcome(`${p.url}/x`)).toBe(201);
  });
});
