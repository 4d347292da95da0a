import { readFileSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CanonicalEmployee, CanonicalSubmission } from '#domain/canonical-submission';
import { parseSubmission } from '#domain/parse-submission';
import { renderPapdisCsv } from '#formats/papdis-csv';
import { renderPassXml } from '#formats/pass-xml';
import { signRequest } from '#providers/pensionsync/oauth1';
import {
  type PensionSyncSandbox,
  type PensionSyncSandboxOptions,
  startPensionSyncSandbox,
} from '../../../sandboxes/pensionsync/server.ts';

const KEY = 'sandbox-consumer-key';
const SECRET = 'sandbox-consumer-secret';
const EMPLOYER = 'NEST-EMP-001';
const CSV = 'text/csv';
const XML = 'application/xml';
const JSON_TYPE = 'application/json';
const STEP = 20;

type Json = Record<string, any>;

function fixture(): CanonicalSubmission {
  const parsed = parseSubmission(
    JSON.parse(readFileSync(new URL('../../fixtures/submission.json', import.meta.url), 'utf8')),
  );
  if (!parsed.ok) throw new Error('the fixture is refused');
  return parsed.submission;
}

/** The fixture with its first employee changed, past the canonical schema (to make bad data on purpose). */
function withFirstEmployee(changes: Partial<CanonicalEmployee>): CanonicalSubmission {
  const submission = fixture();
  const [first, ...rest] = submission.employees;
  return { ...submission, employees: [{ ...(first as CanonicalEmployee), ...changes }, ...rest] };
}

function passXml(intermediaryId: string, documentId: string, submission = fixture(), employerId = EMPLOYER) {
  return renderPassXml(submission, { intermediaryId, documentId, destinationId: 'NST', employerId });
}

function papdisCsv(submission = fixture(), employerId = EMPLOYER) {
  return renderPapdisCsv(submission, { providerId: 'NEST', employerId });
}

const xmlParser = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'Group' });

describe('PensionSync sandbox', () => {
  let clock: Date;
  let sandboxes: PensionSyncSandbox[];
  // Each sandbox's clock, so that signatures carry the time the sandbox reads.
  const clocks = new WeakMap<PensionSyncSandbox, () => Date>();

  beforeEach(() => {
    clock = new Date('2026-11-09T10:00:00.000Z');
    sandboxes = [];
  });

  afterEach(async () => {
    await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
  });

  async function start(options: PensionSyncSandboxOptions = {}): Promise<PensionSyncSandbox> {
    const now = options.now ?? (() => clock);
    const sandbox = await startPensionSyncSandbox({ jobStepMs: STEP, now, ...options });
    sandboxes.push(sandbox);
    clocks.set(sandbox, options.now ?? (() => clock));
    return sandbox;
  }

  function advance(ms: number): void {
    clock = new Date(clock.getTime() + ms);
  }

  interface CallOptions {
    body?: string;
    contentType?: string;
    headers?: Record<string, string>;
    consumerSecret?: string;
    consumerKey?: string;
    timestamp?: number;
    authorization?: string;
  }

  function sign(sandbox: PensionSyncSandbox, method: string, path: string, options: CallOptions = {}) {
    const now = clocks.get(sandbox)?.() ?? new Date();
    return signRequest({
      method,
      url: `${sandbox.url}${path}`,
      consumerKey: options.consumerKey ?? KEY,
      consumerSecret: options.consumerSecret ?? SECRET,
      timestamp: options.timestamp ?? Math.floor(now.getTime() / 1000),
      ...(options.body !== undefined && { body: options.body }),
      ...(options.contentType !== undefined && { contentType: options.contentType }),
    });
  }

  function call(sandbox: PensionSyncSandbox, method: string, path: string, options: CallOptions = {}) {
    const headers: Record<string, string> = {
      Authorization: options.authorization ?? sign(sandbox, method, path, options),
      ...options.headers,
    };
    if (options.contentType) headers['Content-Type'] = options.contentType;
    return fetch(`${sandbox.url}${path}`, { method, headers, body: options.body ?? null });
  }

  async function json(response: Response, status: number): Promise<Json> {
    expect(response.status, await response.clone().text()).toBe(status);
    return (await response.json()) as Json;
  }

  async function createIntermediary(sandbox: PensionSyncSandbox, name = 'C001 Acme Payroll Ltd') {
    const body = JSON.stringify({ name });
    const created = await json(
      await call(sandbox, 'POST', '/api/admin/intermediary', { body, contentType: JSON_TYPE }),
      201,
    );
    return created.intermediaryId as string;
  }

  async function postScope(sandbox: PensionSyncSandbox, intermediaryId: string, scope: Json) {
    return call(sandbox, 'POST', `/api/admin/intermediary/${intermediaryId}/scope`, {
      body: JSON.stringify(scope),
      contentType: JSON_TYPE,
    });
  }

  function scopeAuthorization(sandbox: PensionSyncSandbox, intermediaryId: string, employerId = EMPLOYER) {
    return call(
      sandbox,
      'GET',
      `/api/admin/intermediary/${intermediaryId}/employer/${employerId}/destination/NST/scopeAuthorization`,
    );
  }

  /** An intermediary with EMPLOYER linked at Nest, approved unless asked otherwise. */
  async function linked(sandbox: PensionSyncSandbox, approve = true): Promise<string> {
    const intermediaryId = await createIntermediary(sandbox);
    await json(await postScope(sandbox, intermediaryId, { employerId: EMPLOYER, destinationId: 'NST' }), 200);
    if (approve) sandbox.approveScope(intermediaryId, EMPLOYER, 'NST');
    return intermediaryId;
  }

  function submitPass(
    sandbox: PensionSyncSandbox,
    documentId: string,
    xml: string,
    headers: Record<string, string> = {},
  ) {
    const path = `/api/membermaintenance_and_contributions/NST?documentId=${encodeURIComponent(documentId)}`;
    return call(sandbox, 'POST', path, { body: xml, contentType: XML, headers });
  }

  function submitPapdis(
    sandbox: PensionSyncSandbox,
    intermediaryId: string,
    documentId: string,
    csv: string,
    headers: Record<string, string> = {},
  ) {
    const path = `/api/submission/intermediary/${intermediaryId}?destinationId=NST&documentId=${encodeURIComponent(documentId)}`;
    return call(sandbox, 'POST', path, { body: csv, contentType: CSV, headers });
  }

  async function jobOf(sandbox: PensionSyncSandbox, jobId: string): Promise<Json> {
    return json(await call(sandbox, 'GET', `/api/job/${jobId}`), 200);
  }

  async function errorsOf(sandbox: PensionSyncSandbox, jobId: string): Promise<Json[]> {
    const document = await json(await call(sandbox, 'GET', `/api/job/error/${jobId}`), 200);
    expect(document.jobId).toBe(jobId);
    return document.errors as Json[];
  }

  /** The statuses a poll sees at each step of the fake clock, until two polls agree. */
  async function statusesOf(sandbox: PensionSyncSandbox, jobId: string): Promise<string[]> {
    const seen = [(await jobOf(sandbox, jobId)).status as string];
    for (let i = 0; i < 10; i++) {
      advance(STEP);
      const status = (await jobOf(sandbox, jobId)).status as string;
      if (status === seen.at(-1)) return seen;
      seen.push(status);
    }
    return seen;
  }

  async function schemeOf(sandbox: PensionSyncSandbox, intermediaryId: string): Promise<Response> {
    return call(sandbox, 'GET', `/api/scheme/${intermediaryId}/destination/NST/employerId/${EMPLOYER}`);
  }

  describe('signing', () => {
    it('refuses unsigned, mis-signed, replayed, stale and unknown-key requests with 401 and the reason', async () => {
      const sandbox = await start();
      const path = '/api/destination';
      const url = `${sandbox.url}${path}`;

      const unsigned = await fetch(url);
      expect(await json(unsigned, 401)).toEqual({ message: 'missing header' });

      expect(await json(await call(sandbox, 'GET', path, { consumerSecret: 'wrong' }), 401)).toEqual({
        message: 'bad signature',
      });

      const stale = Math.floor(clock.getTime() / 1000) - 301;
      expect(await json(await call(sandbox, 'GET', path, { timestamp: stale }), 401)).toEqual({
        message: 'stale timestamp',
      });
      const future = Math.floor(clock.getTime() / 1000) + 301;
      expect((await call(sandbox, 'GET', path, { timestamp: future })).status).toBe(401);

      expect(await json(await call(sandbox, 'GET', path, { consumerKey: 'nobody' }), 401)).toEqual({
        message: 'unknown consumer key',
      });

      const authorization = sign(sandbox, 'GET', path);
      await json(await call(sandbox, 'GET', path, { authorization }), 200);
      expect(await json(await call(sandbox, 'GET', path, { authorization }), 401)).toEqual({
        message: 'replayed nonce',
      });

      expect(sandbox.rejectedAuth()).toEqual([
        'missing header',
        'bad signature',
        'stale timestamp',
        'stale timestamp',
        'unknown consumer key',
        'replayed nonce',
      ]);
      expect(sandbox.requests()).toBe(1);
    });

    it('signs the query: changing a query parameter after signing is a bad signature', async () => {
      const sandbox = await start();
      const intermediaryId = await linked(sandbox);
      const signedPath = `/api/submission/intermediary/${intermediaryId}?destinationId=NST&documentId=doc-1`;
      const authorization = sign(sandbox, 'POST', signedPath, { body: papdisCsv(), contentType: CSV });
      const tampered = await submitPapdis(sandbox, intermediaryId, 'doc-2', papdisCsv(), {
        Authorization: authorization,
      });
      expect(await json(tampered, 401)).toEqual({ message: 'bad signature' });
      expect(sandbox.jobs()).toEqual([]);
    });

    it('accepts other consumers and clock skew as configured', async () => {
      const sandbox = await start({ consumers: { payroll: 's3cret' }, maxSkewSeconds: 30 });
      await json(
        await call(sandbox, 'GET', '/api/destination', { consumerKey: 'payroll', consumerSecret: 's3cret' }),
        200,
      );
      const old = Math.floor(clock.getTime() / 1000) - 31;
      const staleCall = await call(sandbox, 'GET', '/api/destination', {
        consumerKey: 'payroll',
        consumerSecret: 's3cret',
        timestamp: old,
      });
      expect(await json(staleCall, 401)).toEqual({ message: 'stale timestamp' });
      expect((await call(sandbox, 'GET', '/api/destination')).status).toBe(401);
    });

    it('counts verified calls by path prefix', async () => {
      const sandbox = await start();
      const intermediaryId = await linked(sandbox);
      await call(sandbox, 'GET', '/api/destination');
      await scopeAuthorization(sandbox, intermediaryId);
      await scopeAuthorization(sandbox, intermediaryId);
      expect(sandbox.requests('/api/admin/')).toBe(4);
      expect(sandbox.requests('/api/destination')).toBe(1);
      expect(sandbox.requests()).toBe(5);
    });
  });

  describe('destinations and intermediaries', () => {
    it('lists the six destinations with every method', async () => {
      const sandbox = await start();
      const { destinations } = await json(await call(sandbox, 'GET', '/api/destination'), 200);
      expect(destinations.map((d: Json) => d.destinationId)).toEqual([
        'AVC',
        'LGS',
        'NOW',
        'NST',
        'SMP',
        'TPP',
      ]);
      expect(destinations.find((d: Json) => d.destinationId === 'TPP')).toEqual({
        destinationId: 'TPP',
        name: "The People's Pension",
        activeMethods: [
          'Scope',
          'ScopeAuthorization',
          'Submission',
          'MemberMaintenanceAndContributions',
          'Job',
          'JobError',
          'WorkerInstruction',
          'Scheme',
        ],
      });
    });

    it('creates an intermediary, requiring a name of at most 100 characters', async () => {
      const sandbox = await start();
      const post = (body: string, contentType = JSON_TYPE) =>
        call(sandbox, 'POST', '/api/admin/intermediary', { body, contentType });

      const created = await json(await post(JSON.stringify({ name: 'C001 Acme Payroll Ltd' })), 201);
      expect(created).toEqual({ intermediaryId: expect.any(String), name: 'C001 Acme Payroll Ltd' });
      await json(await post(JSON.stringify({ name: 'x'.repeat(100) })), 201);

      expect((await json(await post(JSON.stringify({})), 400)).message).toMatch(/name/);
      expect((await json(await post(JSON.stringify({ name: '  ' })), 400)).message).toMatch(/name/);
      expect((await json(await post(JSON.stringify({ name: 'x'.repeat(101) })), 400)).message).toMatch(
        /name.*100/,
      );
      expect((await json(await post('{not json'), 400)).message).toMatch(/JSON/);
      expect((await post(JSON.stringify({ name: 'A' }), 'text/plain')).status).toBe(415);
    });

    it('answers 404 for an unknown intermediary on every route that names one', async () => {
      const sandbox = await start();
      const unknown = 'no-such-intermediary';
      const responses = [
        await call(sandbox, 'POST', `/api/admin/intermediary/${unknown}/smtAuthorization`),
        await postScope(sandbox, unknown, { employerId: EMPLOYER, destinationId: 'NST' }),
        await scopeAuthorization(sandbox, unknown),
        await submitPapdis(sandbox, unknown, 'doc-1', papdisCsv()),
        await submitPass(sandbox, 'doc-1', passXml(unknown, 'doc-1')),
        await call(
          sandbox,
          'GET',
          `/api/worker_instruction/v2/${unknown}/destination/NST/employerId/${EMPLOYER}`,
        ),
        await schemeOf(sandbox, unknown),
      ];
      for (const response of responses) {
        expect((await json(response, 404)).message).toContain(unknown);
      }
    });
  });

  describe('dashboard link', () => {
    it('opens once, naming the intermediary, and answers 410 afterwards', async () => {
      const sandbox = await start();
      const intermediaryId = await createIntermediary(sandbox, 'C002 <Smith & Jones>');
      const link = await json(
        await call(sandbox, 'POST', `/api/admin/intermediary/${intermediaryId}/smtAuthorization`),
        200,
      );
      expect(link.url).toMatch(new RegExp(`^${sandbox.url}/dashboard/[A-Za-z0-9_-]{16,}$`));
      expect(link.expiresAt).toBe('2026-11-09T10:05:00.000Z');

      const first = await fetch(link.url);
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await first.text();
      expect(html).toContain('C002 &lt;Smith &amp; Jones&gt;');
      expect(html).toContain(intermediaryId);

      expect((await fetch(link.url)).status).toBe(410);
    });

    it('expires after its time to live, unused', async () => {
      const sandbox = await start({ dashboardLinkTtlMs: 60_000 });
      const intermediaryId = await createIntermediary(sandbox);
      const issue = async () =>
        (
          await json(
            await call(sandbox, 'POST', `/api/admin/intermediary/${intermediaryId}/smtAuthorization`),
            200,
          )
        ).url as string;
      const late = await issue();
      const onTime = await issue();
      expect(late).not.toBe(onTime);
      advance(59_999);
      expect((await fetch(onTime)).status).toBe(200);
      advance(1);
      expect((await fetch(late)).status).toBe(410);
      expect((await fetch(`${sandbox.url}/dashboard/never-issued`)).status).toBe(404);
    });
  });

  describe('scopes', () => {
    it('links a scheme Pending, and the authorisation page form makes it Authorised', async () => {
      const sandbox = await start();
      const intermediaryId = await createIntermediary(sandbox);
      expect((await scopeAuthorization(sandbox, intermediaryId)).status).toBe(404);

      const scope = await json(
        await postScope(sandbox, intermediaryId, { employerId: EMPLOYER, destinationId: 'NST' }),
        200,
      );
      expect(scope).toEqual({
        employerId: EMPLOYER,
        destinationId: 'NST',
        status: 'Pending',
        authorisationUrl: expect.stringMatching(new RegExp(`^${sandbox.url}/authorise/`)),
      });
      expect(await json(await scopeAuthorization(sandbox, intermediaryId), 200)).toEqual({
        employerId: EMPLOYER,
        destinationId: 'NST',
        status: 'Pending',
      });

      const page = await fetch(scope.authorisationUrl);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(EMPLOYER);
      expect(html).toContain('Nest');
      expect(html).toMatch(/<form method="post">/);
      expect(html).toMatch(/<button[^>]*name="decision" value="approve"[^>]*>Approve<\/button>/);
      expect(html).toMatch(/<button[^>]*name="decision" value="refuse"[^>]*>Refuse<\/button>/);

      const approved = await fetch(scope.authorisationUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'decision=approve',
      });
      expect(approved.status).toBe(200);
      expect((await json(await scopeAuthorization(sandbox, intermediaryId), 200)).status).toBe('Authorised');

      // Posting the same scope again answers it as it now stands.
      const again = await json(
        await postScope(sandbox, intermediaryId, { employerId: EMPLOYER, destinationId: 'NST' }),
        200,
      );
      expect(again).toEqual({ ...scope, status: 'Authorised' });
    });

    it('is Refused from the form and Revoked or Refused by the test hooks', async () => {
      const sandbox = await start();
      const intermediaryId = await linked(sandbox, false);
      const { authorisationUrl } = await json(
        await postScope(sandbox, intermediaryId, { employerId: EMPLOYER, destinationId: 'NST' }),
        200,
      );
      const refused = await fetch(authorisationUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'decision=refuse',
      });
      expect(refused.status).toBe(200);
      const status = async () => (await json(await scopeAuthorization(sandbox, intermediaryId), 200)).status;
      expect(await status()).toBe('Refused');
      sandbox.approveScope(intermediaryId, EMPLOYER, 'NST');
      expect(await status()).toBe('Authorised');
      sandbox.revokeScope(intermediaryId, EMPLOYER, 'NST');
      expect(await status()).toBe('Revoked');
      sandbox.refuseScope(intermediaryId, EMPLOYER, 'NST');
      expect(await status()).toBe('Refused');
      expect(() => sandbox.approveScope(intermediaryId, 'OTHER', 'NST')).toThrow(/no scope/);
    });

    it('answers 404 for an unknown destination and 400 for one without the Scope method', async () => {
      const sandbox = await start({
        destinations: [
          { destinationId: 'NST', name: 'Nest', activeMethods: ['Scope', 'ScopeAuthorization'] },
          { destinationId: 'XYZ', name: 'Paper only', activeMethods: ['Submission'] },
        ],
      });
      const intermediaryId = await createIntermediary(sandbox);
      const unknown = await postScope(sandbox, intermediaryId, {
        employerId: EMPLOYER,
        destinationId: 'QQQ',
      });
      expect((await json(unknown, 404)).message).toContain('QQQ');
      const noScope = await postScope(sandbox, intermediaryId, {
        employerId: EMPLOYER,
        destinationId: 'XYZ',
      });
      expect((await json(noScope, 400)).message).toMatch(/XYZ.*Scope/);
      const noEmployer = await postScope(sandbox, intermediaryId, { destinationId: 'NST' });
      expect((await json(noEmployer, 400)).message).toMatch(/employerId/);
    });
  });

  describe('submissions', () => {
    it('takes a PASS document through Received, Validating, Validated, Delivering to Delivered', async () => {
      const sandbox = await start();
      const intermediaryId = await linked(sandbox);
      const accepted = await json(
        await submitPass(sandbox, 'doc-pass-1', passXml(intermediaryId, 'doc-pass-1')),
        202,
      );
      expect(accepted).toEqual({ jobId: expect.any(String), documentId: 'doc-pass-1' });

      const job = await jobOf(sandbox, accepted.jobId);
      expect(job).toEqual({
        jobId: accepted.jobId,
        documentId: 'doc-pass-1',
        destinationId: 'NST',
        employerId: EMPLOYER,
        doNotDeliver: false,
        status: 'Received',
        errorCount: 0,
        createdAt: '2026-11-09T10:00:00.000Z',
        updatedAt: '2026-11-09T10:00:00.000Z',
      });
      expect(await statusesOf(sandbox, accepted.jobId)).toEqual([
        'Received',
        'Validating',
        'Validated',
        'Delivering',
        'Delivered',
      ]);
      expect((await jobOf(sandbox, accepted.jobId)).updatedAt).toBe('2026-11-09T10:00:00.080Z');
      expect(await errorsOf(sandbox, accepted.jobId)).toEqual([]);
      expect(sandbox.deliveries()).toEqual([
        {
          id: accepted.jobId,
          intermediaryId,
          documentId: 'doc-pass-1',
          destinationId: 'NST',
          employerId: EMPLOYER,
          kind: 'pass',
          deliveredAt: '2026-11-09T10:00:00.080Z',
        },
      ]);
    });

    it('takes a PAPDIS file to Delivered', async () => {
      const sandbox = await start();
      const intermediaryId = await linked(sandbox);
      const accepted = await json(await submitPapdis(sandbox, intermediaryId, 'doc-csv-1', papdisCsv()), 202);
      expect(await statusesOf(sandbox, accepted.jobId)).toEqual([
        'Received',
        'Validating',
        'Validated',
        'Delivering',
        'Delivered',
      ]);
      expect(sandbox.jobs()).toEqual([
        {
          id: accepted.jobId,
          intermediaryId,
          documentId: 'doc-csv-1',
          destinationId: 'NST',
          employerId: EMPLOYER,
          doNotDeliver: false,
          status: 'Delivered',
          kind: 'papdis',
          errorCount: 0,
          createdAt: '2026-11-09T10:00:00.000Z',
        },
      ]);
      expect(sandbox.deliveries()).toHaveLength(1);
    });

    it('moves on in real time too, with nothing but polls', async () => {
      const sandbox = await start({ now: () => new Date() });
      const intermediaryId = await linked(sandbox);
      const { jobId } = await json(
        await submitPass(sandbox, 'doc-live', passXml(intermediaryId, 'doc-live')),
        202,
      );
      const deadline = Date.now() + 5_000;
      let status = '';
      while (status !== 'Delivered' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, STEP));
        status = (await jobOf(sandbox, jobId)).status;
      }
      expect(status).toBe('Delivered');
      expect(sandbox.deliveries().map((d) => d.id)).toEqual([jobId]);
    });

    it('stops at Validated with doNotDeliver: true and delivers nothing', async () => {
      const sandbox = await start();
      const intermediaryId = await linked(sandbox);
      const pass = await json(
        await submitPass(sandbox, 'dry-pass', passXml(intermediaryId, 'dry-pass'), { doNotDeliver: 'true' }),
        202,
      );
      const csv = await json(
        await submitPapdis(sandbox, intermediaryId, 'dry-csv', papdisCsv(), { doNotDeliver: 'true' }),
        202,
      );
      expect(await statusesOf(sandbox, pass.jobId)).toEqual(['Received', 'Validating', 'Validated']);
      advance(10 * STEP);
      expect((await jobOf(sandbox, csv.jobId)).status).toBe('Validated');
      expect((await jobOf(sandbox, pass.jobId)).doNotDeliver).toBe(true);
      expect(sandbox.deliveries()).toEqual([]);

      const explicit = await submitPapdis(sandbox, intermediaryId, 'wet-csv', papdisCsv(), {
        doNotDeliver: 'false',
      });
      expect((await jobOf(sandbox, (await json(explicit, 202)).jobId)).doNotDeliver).toBe(false);
      const bad = await submitPapdis(sandbox, intermediaryId, 'odd-csv', papdisCsv(), {
        doNotDeliver: 'yes',
      });
      expect((await json(bad, 400)).message).toMatch(/doNotDeliver/);
    });

    it('answers the same job for the same documentId and document, and delivers it once', async () => {
      const sandbox = await start();
      const intermediaryId = await linked(sandbox);
      const xml = passXml(intermediaryId, 'doc-idem');
      const first = await json(await submitPass(sandbox, 'doc-idem', xml), 202);
      const second = await json(await submitPass(sandbox, 'doc-idem', xml), 200);
      expect(second).toEqual(first);
      advance(10 * STEP);
      const third = await json(await submitPass(sandbox, 'doc-idem', xml), 200);
      expect(third).toEqual(first);

      const csv = papdisCsv();
      const csvFirst = await json(await submitPapdis(sandbox, intermediaryId, 'doc-idem-csv', csv), 202);
      expect(await json(await submitPapdis(sandbox, intermediaryId, 'doc-idem-csv', csv), 200)).toEqual(
        csvFirst,
      );
      advance(10 * STEP);
      expect(await json(await submitPapdis(sandbox, intermediaryId, 'doc-idem-csv', csv), 200)).toEqual(
        csvFirst,
      );

      expect(sandbox.jobs()).toHaveLength(2);
      expect(sandbox.deliveries().map((d) => d.id)).toEqual([first.jobId, csvFirst.jobId]);
    });

    it('answers 409 when a documentId comes back with a different document', async () => {
      const sandbox = await start();
      const intermediaryId = await linked(sandbox);
      const first = await json(await submitPass(sandbox, 'doc-409', passXml(intermediaryId, 'doc-409')), 202);
      const changed = passXml(intermediaryId, 'doc-409', withFirstEmployee({ surname: 'Other' }));
      expect((await json(await submitPass(sandbox, 'doc-409', changed), 409)).message).toContain('doc-409');
      // Another format under the same documentId is another document.
      expect((await submitPapdis(sandbox, intermediaryId, 'doc-409', papdisCsv())).status).toBe(409);
      // The same document asked not to be delivered is not the same submission either.
      const dry = await submitPass(sandbox, 'doc-409', passXml(intermediaryId, 'doc-409'), {
        doNotDeliver: 'true',
      });
      expect(dry.status).toBe(409);
      expect(sandbox.jobs().map((job) => job.id)).toEqual([first.jobId]);

      // documentId is unique per intermediary: another intermediary may use it.
      const other = await linked(sandbox);
      await json(await submitPass(sandbox, 'doc-409', passXml(other, 'doc-409')), 202);
    });

    it('fails member data with errors naming the line, employee, field and value, once Failed', async () => {
      const sandbox = await start();
      const intermediaryId = await linked(sandbox);
      const submission = fixture();
      const [abigail, oliver] = submission.employees as [CanonicalEmployee, CanonicalEmployee];
      const bad: CanonicalSubmission = {
        ...submission,
        employees: [
          { ...abigail, niNumber: 'AB12', employerContributionAmount: -100 },
          { ...oliver, surname: '', forename: ' ', dateOfBirth: '1990-02-30' },
        ],
      };
      // Both formats, each submitted when the previous one has settled.
      for (const submit of [
        () => submitPass(sandbox, 'doc-bad', passXml(intermediaryId, 'doc-bad', bad)),
        () => submitPapdis(sandbox, intermediaryId, 'doc-bad-csv', papdisCsv(bad)),
      ]) {
        const { jobId } = await json(await submit(), 202);
        expect(await errorsOf(sandbox, jobId)).toEqual([]);
        expect(await statusesOf(sandbox, jobId)).toEqual(['Received', 'Validating', 'Failed']);
        const errors = await errorsOf(sandbox, jobId);
        expect(errors).toEqual([
          {
            errorCode: 'INVALID_NINO',
            message: expect.any(String),
            lineNumber: 1,
            employeeId: '851001',
            fieldName: 'NationalInsuranceNumber',
            fieldValue: 'AB12',
          },
          {
            errorCode: 'INVALID_AMOUNT',
            message: expect.stringMatching(/negative/),
            lineNumber: 1,
            employeeId: '851001',
            fieldName: 'EmployerContributionsAmount',
            fieldValue: '-1.00',
          },
          {
            errorCode: 'MISSING_SURNAME',
            message: expect.any(String),
            lineNumber: 2,
            employeeId: '65309',
            fieldName: 'Surname',
          },
          {
            errorCode: 'MISSING_FORENAME',
            message: expect.any(String),
            lineNumber: 2,
            employeeId: '65309',
            fieldName: 'Forename1',
            fieldValue: ' ',
          },
          {
            errorCode: 'INVALID_BIRTH_DATE',
            message: expect.any(String),
            lineNumber: 2,
            employeeId: '65309',
            fieldName: 'BirthDate',
            fieldValue: '1990-02-30',
          },
        ]);
        expect((await jobOf(sandbox, jobId)).errorCount).toBe(5);
        advance(10 * STEP);
        expect((await jobOf(sandbox, jobId)).status).toBe('Failed');
      }
      expect(sandbox.deliveries()).toEqual([]);
    });

    it('fails a document whose scheme is not authorised with a file-level error', async () => {
      const sandbox = await start();
      const intermediaryId = await linked(sandbox, false);
      const pending = await json(
        await submitPass(sandbox, 'doc-pending', passXml(intermediaryId, 'doc-pending')),
        202,
      );
      const unlinked = await json(
        await submitPapdis(sandbox, intermediaryId, 'doc-unlinked', papdisCsv(fixture(), 'NOT-LINKED')),
        202,
      );
      advance(10 * STEP);
      expect(await jobOf(sandbox, pending.jobId)).toMatchObject({ status: 'Failed', errorCount: 1 });
      const [error] = await errorsOf(sandbox, pending.jobId);
      expect(error).toEqual({
        errorCode: 'SCOPE_NOT_AUTHORISED',
        message: expect.stringMatching(/Pending/),
        fieldName: 'EmployerID',
        fieldValue: EMPLOYER,
      });
      expect(await errorsOf(sandbox, unlinked.jobId)).toEqual([
        expect.objectContaining({ errorCode: 'SCOPE_NOT_AUTHORISED', fieldValue: 'NOT-LINKED' }),
      ]);
      expect(sandbox.deliveries()).toEqual([]);
    });

    it('refuses malformed requests and documents with 400 and a message', async () => {
      const sandbox = await start({
        destinations: [
          {
            destinationId: 'NST',
            name: 'Nest',
            activeMethods: ['Scope', 'ScopeAuthorization', 'Submission', 'Job', 'JobError'],
          },
        ],
      });
      const intermediaryId = await linked(sandbox);
      const papdis = (path: string, body: string, contentType = CSV) =>
        call(sandbox, 'POST', `/api/submission/intermediary/${intermediaryId}${path}`, { body, contentType });

      const noDocumentId = await papdis('?destinationId=NST', papdisCsv());
      expect((await json(noDocumentId, 400)).message).toMatch(/documentId/);
      expect((await json(await papdis('?documentId=d', papdisCsv()), 400)).message).toMatch(/destinationId/);
      expect((await papdis('?destinationId=QQQ&documentId=d', papdisCsv())).status).toBe(404);
      expect((await papdis('?destinationId=NST&documentId=d', papdisCsv(), 'text/plain')).status).toBe(415);
      const unclosed = await papdis('?destinationId=NST&documentId=d', 'EmployerId,Surname\r\nE1,"Smith\r\n');
      expect((await json(unclosed, 400)).message).toMatch(/quoted field/);
      const short = await papdis('?destinationId=NST&documentId=d', 'EmployerId,Surname\r\nE1\r\n');
      expect((await json(short, 400)).message).toMatch(/fields/);
      expect((await json(await papdis('?destinationId=NST&documentId=d', ''), 400)).message).toMatch(/empty/);

      // This Nest takes no PASS: refused at POST, before the document is read.
      const noPass = await submitPass(sandbox, 'd', passXml(intermediaryId, 'd'));
      expect((await json(noPass, 400)).message).toMatch(/MemberMaintenanceAndContributions/);
      expect(sandbox.jobs()).toEqual([]);
    });

    it('refuses malformed PASS documents with 400 and a message', async () => {
      const sandbox = await start();
      const intermediaryId = await linked(sandbox);
      const notXml = await submitPass(sandbox, 'd', '<Document><IntermediaryId>x</Document>');
      expect((await json(notXml, 400)).message).toMatch(/well-formed/);
      const wrongRoot = await submitPass(sandbox, 'd', '<Other/>');
      expect((await json(wrongRoot, 400)).message).toMatch(/Document/);
      const otherId = await submitPass(sandbox, 'd', passXml(intermediaryId, 'e'));
      expect((await json(otherId, 400)).message).toMatch(/DocumentId/);
      const noDocumentId = await call(sandbox, 'POST', '/api/membermaintenance_and_contributions/NST', {
        body: passXml(intermediaryId, 'd'),
        contentType: XML,
      });
      expect((await json(noDocumentId, 400)).message).toMatch(/documentId/);
      expect(sandbox.jobs()).toEqual([]);
    });

    it('answers 404 for an unknown job', async () => {
      const sandbox = await start();
      expect((await call(sandbox, 'GET', '/api/job/nope')).status).toBe(404);
      expect((await call(sandbox, 'GET', '/api/job/error/nope')).status).toBe(404);
    });
  });

  describe('worker instructions', () => {
    it('lists none, then what the provider reported, with refunds changing in place', async () => {
      const sandbox = await start();
      const intermediaryId = await linked(sandbox);
      const path = `/api/worker_instruction/v2/${intermediaryId}/destination/NST/employerId/${EMPLOYER}`;
      expect(await json(await call(sandbox, 'GET', path), 200)).toEqual({ workerInstructions: [] });

      const instruction = {
        instructionType: 'OptOut' as const,
        employeeId: '851001',
        nationalInsuranceNumber: 'HM302274C',
        forename: 'Abigail',
        surname: 'Williamson',
        effectiveDate: '2026-11-10',
        receivedDate: '2026-11-12',
        refundDue: true,
        refundStatus: 'Pending' as const,
        employeeRefundAmount: 12.5,
        employerRefundAmount: 10,
      };
      const optOutId = sandbox.addWorkerInstruction(intermediaryId, 'NST', EMPLOYER, instruction);
      const cessationId = sandbox.addWorkerInstruction(intermediaryId, 'NST', EMPLOYER, {
        instructionId: 'cessation-1',
        instructionType: 'Cessation',
        employeeId: '65309',
        effectiveDate: '2026-11-20',
        receivedDate: '2026-11-21',
        refundDue: false,
        refundStatus: 'NotDue',
      });
      expect(cessationId).toBe('cessation-1');
      expect(await json(await call(sandbox, 'GET', path), 200)).toEqual({
        workerInstructions: [
          { instructionId: optOutId, ...instruction },
          expect.objectContaining({ instructionId: 'cessation-1', instructionType: 'Cessation' }),
        ],
      });

      sandbox.updateWorkerInstruction(optOutId, { refundStatus: 'Paid' });
      const { workerInstructions } = await json(await call(sandbox, 'GET', path), 200);
      expect(workerInstructions.map((i: Json) => [i.instructionId, i.refundStatus])).toEqual([
        [optOutId, 'Paid'],
        ['cessation-1', 'NotDue'],
      ]);
      expect(() => sandbox.updateWorkerInstruction('nope', { refundStatus: 'Paid' })).toThrow();
      expect(() => sandbox.addWorkerInstruction(intermediaryId, 'NST', 'OTHER', instruction)).toThrow(
        /no scope/,
      );
    });

    it('needs a linked, authorised scope', async () => {
      const sandbox = await start();
      const intermediaryId = await linked(sandbox, false);
      const get = (employerId: string) =>
        call(
          sandbox,
          'GET',
          `/api/worker_instruction/v2/${intermediaryId}/destination/NST/employerId/${employerId}`,
        );
      expect((await get('NOT-LINKED')).status).toBe(404);
      expect((await json(await get(EMPLOYER), 403)).message).toMatch(/Pending/);
    });
  });

  describe('scheme data (SASS)', () => {
    it('is well-formed XML with deterministic defaults', async () => {
      const sandbox = await start();
      const intermediaryId = await linked(sandbox);
      const response = await schemeOf(sandbox, intermediaryId);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/xml/);
      const xml = await response.text();
      expect(XMLValidator.validate(xml)).toBe(true);
      const { Scheme } = xmlParser.parse(xml);
      expect(Scheme).toMatchObject({
        EmployerId: EMPLOYER,
        DestinationId: 'NST',
        EmployerName: expect.any(String),
        SchemeName: expect.any(String),
        StagingDate: '2016-04-01',
        TaxReliefType: 'RAS',
        PayFrequency: 'M1',
        NextPayReferencePeriod: { StartDate: '2026-12-01', EndDate: '2026-12-31' },
        PaymentSources: { PaymentSource: { Name: expect.any(String) } },
      });
      expect(Scheme.Groups.Group).toHaveLength(2);
      for (const group of Scheme.Groups.Group) {
        expect(group).toEqual({
          GroupId: expect.any(String),
          Name: expect.any(String),
          EffectiveDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
          EarningsBasis: expect.any(String),
          EmployerRate: expect.stringMatching(/^\d+(\.\d+)?$/),
          EmployeeRate: expect.stringMatching(/^\d+(\.\d+)?$/),
        });
      }
    });

    it('escapes what the test hook sets and leaves out what it clears', async () => {
      const sandbox = await start();
      const intermediaryId = await linked(sandbox);
      const hostile = `Smith & Sons <"Payroll"> 'Ltd' ]]>`;
      sandbox.setSchemeData(intermediaryId, 'NST', EMPLOYER, {
        employerName: hostile,
        taxReliefType: 'NPA',
        nextPayReferencePeriod: undefined,
        paymentSources: undefined,
        groups: [
          {
            groupId: 'G<1>',
            name: 'A & B',
            effectiveDate: '2020-01-01',
            endDate: '2025-12-31',
            earningsBasis: 'Total',
            employerRate: 4.5,
            employeeRate: 3.5,
          },
        ],
      });
      const xml = await (await schemeOf(sandbox, intermediaryId)).text();
      expect(XMLValidator.validate(xml)).toBe(true);
      const { Scheme } = xmlParser.parse(xml);
      expect(Scheme.EmployerName).toBe(hostile);
      expect(Scheme.TaxReliefType).toBe('NPA');
      expect(Scheme.NextPayReferencePeriod).toBeUndefined();
      expect(Scheme.PaymentSources).toBeUndefined();
      expect(Scheme.Groups.Group).toEqual([
        {
          GroupId: 'G<1>',
          Name: 'A & B',
          EffectiveDate: '2020-01-01',
          EndDate: '2025-12-31',
          EarningsBasis: 'Total',
          EmployerRate: '4.5',
          EmployeeRate: '3.5',
        },
      ]);
    });

    it('answers 403 until the scope is authorised, and 404 when there is none', async () => {
      const sandbox = await start();
      const intermediaryId = await linked(sandbox, false);
      expect((await json(await schemeOf(sandbox, intermediaryId), 403)).message).toMatch(/Pending/);
      sandbox.approveScope(intermediaryId, EMPLOYER, 'NST');
      expect((await schemeOf(sandbox, intermediaryId)).status).toBe(200);
      sandbox.revokeScope(intermediaryId, EMPLOYER, 'NST');
      expect((await json(await schemeOf(sandbox, intermediaryId), 403)).message).toMatch(/Revoked/);
      const other = await call(
        sandbox,
        'GET',
        `/api/scheme/${intermediaryId}/destination/NST/employerId/NONE`,
      );
      expect(other.status).toBe(404);
    });

    it('moves the next pay reference period on by one period per delivery', async () => {
      const sandbox = await start();
      const intermediaryId = await linked(sandbox);
      const period = async () =>
        xmlParser.parse(await (await schemeOf(sandbox, intermediaryId)).text()).Scheme.NextPayReferencePeriod;
      expect(await period()).toEqual({ StartDate: '2026-12-01', EndDate: '2026-12-31' });

      await json(await submitPass(sandbox, 'p1', passXml(intermediaryId, 'p1')), 202);
      await json(
        await submitPapdis(sandbox, intermediaryId, 'dry', papdisCsv(), { doNotDeliver: 'true' }),
        202,
      );
      advance(10 * STEP);
      expect(await period()).toEqual({ StartDate: '2027-01-01', EndDate: '2027-01-31' });

      sandbox.setSchemeData(intermediaryId, 'NST', EMPLOYER, {
        payFrequency: 'W1',
        nextPayReferencePeriod: { startDate: '2026-11-02', endDate: '2026-11-08' },
      });
      await json(await submitPapdis(sandbox, intermediaryId, 'w1', papdisCsv()), 202);
      advance(10 * STEP);
      expect(await period()).toEqual({ StartDate: '2026-11-09', EndDate: '2026-11-15' });
      expect(sandbox.deliveries()).toHaveLength(2);
    });
  });

  it('answers 404 with a message for unknown paths and 405 for the wrong method', async () => {
    const sandbox = await start();
    expect((await json(await call(sandbox, 'GET', '/api/nothing-here'), 404)).message).toContain(
      '/api/nothing-here',
    );
    const wrongMethod = await call(sandbox, 'DELETE', '/api/destination');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
  });
});
