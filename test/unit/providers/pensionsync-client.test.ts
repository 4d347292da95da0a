import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ProviderAuthorisationError,
  ProviderRejectedError,
  ProviderUnavailableError,
} from '#providers/errors';
import { type HeardExchange, listenToExchanges } from '#providers/exchange-listener';
import type { ProviderResponse } from '#providers/http';
import {
  createDashboardLink,
  createIntermediary,
  getDestinations,
  getJob,
  getJobErrors,
  getSchemeData,
  getScopeAuthorization,
  getWorkerInstructions,
  postScope,
  submitPapdis,
  submitPass,
} from '#providers/pensionsync/client';
import { verifyOAuth1 } from '#sandboxes/pensionsync/oauth1-verifier';
import { type LocalServer, startLocalServer } from '../../support/local-server.ts';

// Only the Secrets Manager read is stubbed: everything else, signing and HTTP included, is the real thing.
const secrets = vi.hoisted(() => ({ values: new Map<string, unknown>(), reads: [] as string[] }));
vi.mock('#store/secrets', () => ({
  STATIC_SECRET_MAX_AGE_MS: 300_000,
  readSecretJson: async (secretId: string) => {
    secrets.reads.push(secretId);
    return secrets.values.get(secretId);
  },
}));

const CONSUMER = { key: 'gateway-consumer', secret: 'p@ss&word=1' };
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-2:000000000000:secret:pensionsync-consumer';

interface Seen {
  method: string;
  /** Path and query exactly as they arrived. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: LocalServer | undefined;
let origin: string;
let seen: Seen[] = [];
let answer: { status: number; body: string; contentType?: string } = { status: 200, body: '{"ok":true}' };
const nonces = new Set<string>();

beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' });
      res.end(answer.body);
    });
  });
  origin = server.origin;
});

afterAll(async () => {
  await server?.stop();
});

beforeEach(() => {
  seen = [];
  answer = { status: 200, body: '{"ok":true}' };
  secrets.reads.length = 0;
  secrets.values.clear();
  secrets.values.set(SECRET_ARN, { consumerKey: CONSUMER.key, consumerSecret: CONSUMER.secret });
  vi.stubEnv('PENSIONSYNC_API_URL', origin);
  vi.stubEnv('PENSIONSYNC_SECRET_ARN', SECRET_ARN);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

/** The one request the server saw, after checking its signature with the sandbox's own verifier. */
function onlyRequest(consumers = new Map([[CONSUMER.key, CONSUMER.secret]])): Seen {
  expect(seen).toHaveLength(1);
  const request = seen[0] as Seen;
  const verdict = verifyOAuth1({
    method: request.method,
    url: `${origin}${request.url}`,
    body: request.body,
    contentType: request.headers['content-type'],
    authorizationHeader: request.headers.authorization,
    consumers,
    now: Math.floor(Date.now() / 1000),
    seenNonce: (key, nonce) => {
      const used = nonces.has(`${key} ${nonce}`);
      nonces.add(`${key} ${nonce}`);
      return used;
    },
  });
  expect(verdict).toEqual({ ok: true, consumerKey: [...consumers.keys()][0] });
  return request;
}

function query(request: Seen): Record<string, string> {
  return Object.fromEntries(new URL(request.url, origin).searchParams);
}

/** The call's answer and the one exchange the audit trail heard of it (#providers/exchange-listener). */
async function heardCall(
  call: () => Promise<ProviderResponse>,
): Promise<{ exchange: ProviderResponse; heard: HeardExchange }> {
  const heard: HeardExchange[] = [];
  const exchange = await listenToExchanges((e) => heard.push(e), call);
  expect(heard).toHaveLength(1);
  return { exchange, heard: heard[0] as HeardExchange };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('PensionSync client: requests', () => {
  it('gets the destinations, accepting JSON, and hands back the exchange as received', async () => {
    answer = { status: 200, body: '{"destinations":[]}' };
    const { exchange, heard } = await heardCall(getDestinations);
    const request = onlyRequest();
    expect(request).toMatchObject({ method: 'GET', url: '/api/destination', body: '' });
    expect(request.headers.accept).toBe('application/json');
    expect(request.headers['content-type']).toBeUndefined();
    expect(request.headers.authorization).toMatch(/^OAuth .*oauth_signature_method="HMAC-SHA1"/);
    expect(exchange).toMatchObject({ status: 200, body: '{"destinations":[]}' });
    expect(heard).toMatchObject({
      provider: 'PensionSync',
      status: 200,
      body: '{"destinations":[]}',
      request: { operation: 'getDestinations', method: 'GET', url: `${origin}/api/destination` },
    });
    expect(heard.request.body).toBeUndefined();
  });

  it('creates an intermediary with a JSON body', async () => {
    answer = { status: 201, body: '{"intermediaryId":"int-42"}' };
    const { exchange, heard } = await heardCall(() => createIntermediary('C-001 Smith & Sons "Ltd" £'));
    const request = onlyRequest();
    expect(request).toMatchObject({ method: 'POST', url: '/api/admin/intermediary' });
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({ name: 'C-001 Smith & Sons "Ltd" £' });
    expect(exchange.status).toBe(201);
    expect(heard.request).toMatchObject({
      method: 'POST',
      url: `${origin}/api/admin/intermediary`,
      body: request.body,
    });
  });

  it('asks for a dashboard link with no body, the intermediary id encoded', async () => {
    await createDashboardLink('int/42 ü?#');
    const request = onlyRequest();
    expect(request).toMatchObject({
      method: 'POST',
      url: '/api/admin/intermediary/int%2F42%20%C3%BC%3F%23/smtAuthorization',
      body: '',
    });
    expect(request.headers['content-type']).toBeUndefined();
  });

  it('posts a scope as JSON', async () => {
    const { heard } = await heardCall(() =>
      postScope('int-42', { employerId: 'EMP/1', destinationId: 'NST' }),
    );
    const request = onlyRequest();
    expect(request).toMatchObject({ method: 'POST', url: '/api/admin/intermediary/int-42/scope' });
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({ employerId: 'EMP/1', destinationId: 'NST' });
    expect(heard.request.url).toBe(`${origin}/api/admin/intermediary/int-42/scope`);
  });

  it('checks a scope authorisation with every segment encoded', async () => {
    await getScopeAuthorization('int 42', "O'Brien/..&Co", 'NST');
    expect(onlyRequest()).toMatchObject({
      method: 'GET',
      url: '/api/admin/intermediary/int%2042/employer/O%27Brien%2F..%26Co/destination/NST/scopeAuthorization',
    });
  });

  it('submits PAPDIS as CSV with destination and documentId in the (signed) query and doNotDeliver', async () => {
    answer = { status: 202, body: '{"jobId":"job-1","documentId":"doc 1"}' };
    const csv = 'EmployerId,Forename1\r\nEMP-1,"Zoë, ""the"" =cmd"\r\n';
    const documentId = "acme 2026/11?&x=1'+";
    const { exchange, heard } = await heardCall(() =>
      submitPapdis('int-42', { destinationId: 'NST', documentId, csv, doNotDeliver: true }),
    );
    const request = onlyRequest();
    expect(request.method).toBe('POST');
    expect(request.url).toBe(
      '/api/submission/intermediary/int-42?destinationId=NST&documentId=acme%202026%2F11%3F%26x%3D1%27%2B',
    );
    expect(query(request)).toEqual({ destinationId: 'NST', documentId });
    expect(request.headers['content-type']).toBe('text/csv');
    expect(request.headers.donotdeliver).toBe('true');
    expect(request.body).toBe(csv);
    expect(exchange.status).toBe(202);
    expect(heard.request).toMatchObject({ method: 'POST', url: `${origin}${request.url}`, body: csv });
  });

  it('submits PASS as XML to the destination, documentId in the query, doNotDeliver false', async () => {
    const xml = '<?xml version="1.0"?><Document><DocumentId>d&amp;1</DocumentId></Document>';
    const { heard } = await heardCall(() =>
      submitPass('NST/2', { documentId: 'd&1', xml, doNotDeliver: false }),
    );
    const request = onlyRequest();
    expect(request).toMatchObject({
      method: 'POST',
      url: '/api/membermaintenance_and_contributions/NST%2F2?documentId=d%261',
      body: xml,
    });
    expect(query(request)).toEqual({ documentId: 'd&1' });
    expect(request.headers['content-type']).toBe('application/xml');
    expect(request.headers.donotdeliver).toBe('false');
    expect(heard.request).toMatchObject({ method: 'POST', url: `${origin}${request.url}`, body: xml });
  });

  it('gets a job and its errors', async () => {
    await getJob('job 1/2');
    expect(onlyRequest()).toMatchObject({ method: 'GET', url: '/api/job/job%201%2F2' });
    seen = [];
    await getJobErrors('job-1');
    expect(onlyRequest()).toMatchObject({ method: 'GET', url: '/api/job/error/job-1' });
  });

  it('gets worker instructions', async () => {
    const { heard } = await heardCall(() => getWorkerInstructions('int-42', 'NST', 'EMP 1'));
    const request = onlyRequest();
    expect(request).toMatchObject({
      method: 'GET',
      url: '/api/worker_instruction/v2/int-42/destination/NST/employerId/EMP%201',
    });
    expect(request.headers.accept).toBe('application/json');
    expect(heard.request.url).toBe(`${origin}${request.url}`);
  });

  it('gets scheme data accepting XML', async () => {
    answer = { status: 200, body: '<Scheme/>', contentType: 'application/xml' };
    const exchange = await getSchemeData('int-42', 'NST', 'EMP-1');
    const request = onlyRequest();
    expect(request).toMatchObject({
      method: 'GET',
      url: '/api/scheme/int-42/destination/NST/employerId/EMP-1',
    });
    expect(request.headers.accept).toBe('application/xml');
    expect(exchange.body).toBe('<Scheme/>');
  });

  it('copes with an origin given with a trailing slash', async () => {
    vi.stubEnv('PENSIONSYNC_API_URL', `${origin}/`);
    await getJob('job-1');
    expect(onlyRequest().url).toBe('/api/job/job-1');
  });

  it('refuses empty and dot path segments rather than send the request elsewhere', async () => {
    for (const id of ['', '.', '..']) {
      await expect(getJob(id)).rejects.toThrow(/dot segment/);
    }
    expect(seen).toEqual([]);
  });
});

describe('PensionSync client: credentials', () => {
  it('reads the secret once per process', async () => {
    const arn = `${SECRET_ARN}-cached`;
    secrets.values.set(arn, { consumerKey: CONSUMER.key, consumerSecret: CONSUMER.secret });
    vi.stubEnv('PENSIONSYNC_SECRET_ARN', arn);
    await Promise.all([getJob('job-1'), getJobErrors('job-1')]);
    await getDestinations();
    expect(secrets.reads).toEqual([arn]);
    expect(seen).toHaveLength(3);
  });

  it('reads the secret again once it is older than the maximum age, so a rotated key is picked up', async () => {
    const arn = `${SECRET_ARN}-rotated`;
    secrets.values.set(arn, { consumerKey: CONSUMER.key, consumerSecret: CONSUMER.secret });
    vi.stubEnv('PENSIONSYNC_SECRET_ARN', arn);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      await getJob('job-1');
      secrets.values.set(arn, { consumerKey: 'rotated-key', consumerSecret: 'rotated-secret' });
      vi.setSystemTime(Date.now() + 299_000);
      await getJob('job-1');
      vi.setSystemTime(Date.now() + 2_000);
      seen = [];
      await getJob('job-1');
      // Verified at the faked time the request was signed at.
      onlyRequest(new Map([['rotated-key', 'rotated-secret']]));
    } finally {
      vi.useRealTimers();
    }
    expect(secrets.reads.filter((read) => read === arn)).toHaveLength(2);
  });

  it('signs with the method the secret names', async () => {
    for (const signatureMethod of ['HMAC-SHA256', 'PLAINTEXT'] as const) {
      const arn = `${SECRET_ARN}-${signatureMethod}`;
      const consumer = { key: `key-${signatureMethod}`, secret: `secret-${signatureMethod}` };
      secrets.values.set(arn, {
        consumerKey: consumer.key,
        consumerSecret: consumer.secret,
        signatureMethod,
      });
      vi.stubEnv('PENSIONSYNC_SECRET_ARN', arn);
      seen = [];
      await submitPapdis('int-42', {
        destinationId: 'NST',
        documentId: 'd1',
        csv: 'a,b\r\n',
        doNotDeliver: true,
      });
      const request = onlyRequest(new Map([[consumer.key, consumer.secret]]));
      expect(request.headers.authorization).toContain(`oauth_signature_method="${signatureMethod}"`);
    }
  });

  it('names the ARN when the secret is missing, and tries again on the next call', async () => {
    const arn = `${SECRET_ARN}-not-yet`;
    vi.stubEnv('PENSIONSYNC_SECRET_ARN', arn);
    const error = await failure(getJob('job-1'));
    expect(error.message).toContain(arn);
    expect(seen).toEqual([]);
    secrets.values.set(arn, { consumerKey: 'late', consumerSecret: 'arrival' });
    await getJob('job-1');
    onlyRequest(new Map([['late', 'arrival']]));
  });

  it('names the faulty field of a malformed secret without quoting the secret', async () => {
    const arn = `${SECRET_ARN}-malformed`;
    secrets.values.set(arn, { consumerKey: 'k', consumerSecretTypo: 'hunter2' });
    vi.stubEnv('PENSIONSYNC_SECRET_ARN', arn);
    const error = await failure(getJob('job-1'));
    expect(error.message).toMatch(/consumerSecret/);
    expect(error.message).not.toContain('hunter2');
  });

  it('needs the API URL and the secret ARN in the environment', async () => {
    vi.stubEnv('PENSIONSYNC_API_URL', '');
    await expect(getJob('job-1')).rejects.toThrow(/PENSIONSYNC_API_URL/);
    vi.stubEnv('PENSIONSYNC_API_URL', origin);
    vi.stubEnv('PENSIONSYNC_SECRET_ARN', '');
    await expect(getJob('job-1')).rejects.toThrow(/PENSIONSYNC_SECRET_ARN/);
  });
});

describe('PensionSync client: failures', () => {
  it('sorts 401 as an authorisation failure', async () => {
    answer = { status: 401, body: '{"message":"bad signature"}' };
    const error = await failure(getJob('job-1'));
    expect(error).toBeInstanceOf(ProviderAuthorisationError);
    expect(error.message).toMatch(/answered 401$/);
  });

  it('sorts 503 as unavailable', async () => {
    answer = { status: 503, body: '{"message":"maintenance"}' };
    expect(await failure(getDestinations())).toBeInstanceOf(ProviderUnavailableError);
  });

  it('sorts 409 (a documentId reused with another document) as rejected, keeping status and body', async () => {
    answer = { status: 409, body: '{"message":"documentId d1 was used for another document"}' };
    const error = await failure(
      submitPass('NST', { documentId: 'd1', xml: '<Document/>', doNotDeliver: false }),
    );
    expect(error).toBeInstanceOf(ProviderRejectedError);
    expect(error).toMatchObject({ status: 409, body: answer.body });
  });
});
