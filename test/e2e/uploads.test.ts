import { Agent, request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseSubmission } from '#domain/parse-submission';
import { renderPapdisCsv } from '#formats/papdis-csv';
import { getUpload, putUpload } from '#store/uploads';
import {
  exampleSubmission,
  statusChanges,
  submissionForNextPeriod,
  untilFinished,
  useRunningGateway,
} from '../support/http.ts';
import { seedPensionSyncSchemes } from '../support/seed-schemes.ts';

/**
 * Payrolls past the request limits: a presigned upload, then a submission naming it, checked in the
 * workflow's first step. Against the embedded runtime's s3rver, with the presigned URL used as a client would.
 */
const gateway = useRunningGateway({
  tppSandbox: { pollDelayMs: 100 },
  pensionSyncSandbox: { jobStepMs: 30 },
  stepFunctionsOverrides: { waitTimeOverrides: { WaitBeforeJobPoll: 50 } },
});

const tppSandbox = () => {
  if (!gateway.runtime.tppSandbox) throw new Error('the runtime did not start the TPP sandbox');
  return gateway.runtime.tppSandbox;
};

/** Creates an upload and PUTs the document to its URL, as payroll would; answers the upload. */
async function upload(schemeId: string, document: string, contentType = 'application/json') {
  const created = await gateway.call('POST', `/v1/schemes/${schemeId}/uploads`, { contentType });
  expect(created.status).toBe(201);
  const put = await fetch(created.body.url, {
    method: created.body.method,
    headers: created.body.headers,
    body: document,
  });
  expect(put.status).toBe(200);
  return created.body as { uploadId: string; url: string; expiresAt: string; maxBytes: number };
}

const submitUpload = (schemeId: string, uploadId: string, headers: Record<string, string> = {}) =>
  gateway.call('POST', `/v1/schemes/${schemeId}/submissions`, { uploadId }, headers);

const statuses = (submission: { history: { status?: string }[] }) =>
  statusChanges(submission).map((h) => h.status);

/** An authorised PensionSync (Nest) scheme taking the given format. */
async function pensionSyncScheme(prefix: string, format: 'pass' | 'papdis') {
  const sandbox = gateway.runtime.pensionSyncSandbox;
  if (!sandbox) throw new Error('the runtime did not start the PensionSync sandbox');
  const [scheme] = await seedPensionSyncSchemes(sandbox, 1, prefix, format);
  if (!scheme) throw new Error('no scheme seeded');
  return scheme;
}

describe('upload route', () => {
  it('TPP direct: an uploaded payroll is checked by the workflow and followed to processed', async () => {
    const document = await submissionForNextPeriod(gateway);
    const created = await upload(gateway.schemeId, JSON.stringify(document));
    const url = new URL(created.url);
    // Presigned for the local S3 endpoint, reachable by the client, and short-lived.
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    // No checksum signed in: at signing the body is unknown, and S3 would refuse a real one against it.
    expect([...url.searchParams.keys()].filter((name) => /checksum/i.test(name))).toEqual([]);
    expect(Date.parse(created.expiresAt) - Date.now()).toBeGreaterThan(0);
    expect(Date.parse(created.expiresAt) - Date.now()).toBeLessThanOrEqual(900_000);

    const accepted = await submitUpload(gateway.schemeId, created.uploadId, {
      'idempotency-key': 'upload-1',
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ status: 'received', uploadId: created.uploadId });
    // The same key and upload again is the same submission.
    const replay = await submitUpload(gateway.schemeId, created.uploadId, { 'idempotency-key': 'upload-1' });
    expect(replay.status).toBe(202);
    expect(replay.body.submissionId).toBe(accepted.body.submissionId);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');

    const done = await untilFinished(gateway.call, accepted.body.submissionId);
    expect(done).toMatchObject({
      status: 'processed',
      employeeCount: 2,
      payReferencePeriod: document.payReferencePeriod,
    });
    expect(statuses(done)).toEqual(['received', 'submitted', 'accepted', 'processed']);
    const sent = tppSandbox()
      .submissions()
      .filter((s) => s.id === done.providerReference);
    expect(sent).toHaveLength(1);
    const body: any = sent[0]?.body;
    expect(body.data.attributes.employees.map((e: any) => e.uniqueId)).toEqual(['851001', '65309']);
  });

  it('PensionSync: an uploaded PAPDIS file and an uploaded JSON payroll (as PASS) each reach processed', async () => {
    const papdis = await pensionSyncScheme('upload-papdis', 'papdis');
    const parsed = parseSubmission(exampleSubmission());
    if (!parsed.ok) throw new Error('the example submission no longer parses');
    const csv = renderPapdisCsv(parsed.submission, {
      providerId: 'NST',
      employerId: papdis.employerReference,
    });
    const file = await upload(papdis.schemeId, csv, 'text/csv');
    const pass = await pensionSyncScheme('upload-pass', 'pass');
    const json = await upload(pass.schemeId, JSON.stringify(exampleSubmission()));

    for (const [scheme, created, kind] of [
      [papdis, file, 'papdis'],
      [pass, json, 'pass'],
    ] as const) {
      const accepted = await submitUpload(scheme.schemeId, created.uploadId);
      expect(accepted.status).toBe(202);
      const done = await untilFinished(gateway.call, accepted.body.submissionId);
      expect(done.status).toBe('processed');
      expect(done.employeeCount).toBe(2);
      const jobs = gateway.runtime.pensionSyncSandbox
        ?.jobs()
        .filter((j) => j.documentId === `PG-${done.submissionId}`);
      expect(jobs).toMatchObject([{ kind, destinationId: 'NST', status: 'Delivered' }]);
    }
  });

  it('an upload that breaks TPP rules ends rejected, listing what a 422 lists, and nothing is sent', async () => {
    const document = await submissionForNextPeriod(gateway);
    document.employees[1].gender = 'F';
    const direct = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/submissions`, document);
    expect(direct.status).toBe(422);
    expect(direct.body.errors.map((e: { code: string }) => e.code)).toContain('D/B03');

    const sentBefore = tppSandbox().submissions().length;
    const created = await upload(gateway.schemeId, JSON.stringify(document));
    const accepted = await submitUpload(gateway.schemeId, created.uploadId);
    expect(accepted.status).toBe(202);
    const done = await untilFinished(gateway.call, accepted.body.submissionId);
    expect(done.status).toBe('rejected');
    expect(statuses(done)).toEqual(['received', 'rejected']);
    expect(done.errors).toEqual(direct.body.errors);
    expect(done.errorCount).toBe(direct.body.errors.length);
    expect(tppSandbox().submissions()).toHaveLength(sentBefore);
  });

  it('an upload that breaks the schema ends rejected, listing what a 400 lists', async () => {
    const document = exampleSubmission();
    document.employees[0].dateOfBirth = '1980-02-30';
    delete document.employees[1].surname;
    const direct = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/submissions`, document);
    expect(direct.status).toBe(400);

    const created = await upload(gateway.schemeId, JSON.stringify(document));
    const accepted = await submitUpload(gateway.schemeId, created.uploadId);
    const done = await untilFinished(gateway.call, accepted.body.submissionId);
    expect(done.status).toBe('rejected');
    expect(done.errors).toEqual(direct.body.errors);
    expect(done.errors.map((e: { field: string }) => e.field)).toEqual([
      'employees[0].dateOfBirth',
      'employees[1].surname',
    ]);
  });

  it('a TPP dry run of an upload ends validated once every check passes, and nothing is sent', async () => {
    const sentBefore = tppSandbox().submissions().length;
    const created = await upload(gateway.schemeId, JSON.stringify(await submissionForNextPeriod(gateway)));
    const accepted = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/submissions?dryRun=true`, {
      uploadId: created.uploadId,
    });
    expect(accepted.status).toBe(202);
    const done = await untilFinished(gateway.call, accepted.body.submissionId);
    expect(statuses(done)).toEqual(['received', 'validated']);
    expect(done.employeeCount).toBe(2);
    expect(tppSandbox().submissions()).toHaveLength(sentBefore);
  });

  describe('refuses an uploadId it cannot take, naming it', () => {
    const refusal = (status: number, code: string) => ({
      status,
      body: { status, errors: [{ code, field: 'uploadId', source: 'gateway' }] },
    });

    it('unknown, or another scheme’s', async () => {
      expect(await submitUpload(gateway.schemeId, 'no-such-upload')).toMatchObject(
        refusal(404, 'upload-not-found'),
      );
      const other = await pensionSyncScheme('upload-other', 'pass');
      const created = await upload(other.schemeId, JSON.stringify(exampleSubmission()));
      expect(await submitUpload(gateway.schemeId, created.uploadId)).toMatchObject(
        refusal(404, 'upload-not-found'),
      );
    });

    it('never uploaded', async () => {
      const created = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/uploads`, {
        contentType: 'application/json',
      });
      expect(await submitUpload(gateway.schemeId, created.body.uploadId)).toMatchObject(
        refusal(409, 'upload-missing'),
      );
    });

    it('already used by another submission', async () => {
      const created = await upload(gateway.schemeId, JSON.stringify(exampleSubmission()));
      expect((await submitUpload(gateway.schemeId, created.uploadId)).status).toBe(202);
      expect(await submitUpload(gateway.schemeId, created.uploadId)).toMatchObject(
        refusal(409, 'upload-already-used'),
      );
      expect(
        await submitUpload(gateway.schemeId, created.uploadId, { 'idempotency-key': 'another-key' }),
      ).toMatchObject(refusal(409, 'upload-already-used'));
    });

    it('expired', async () => {
      const created = await upload(gateway.schemeId, JSON.stringify(exampleSubmission()));
      const stored = await getUpload(created.uploadId);
      if (!stored) throw new Error('the upload was not stored');
      await putUpload({ ...stored, expiresAt: new Date(Date.now() - 1000).toISOString() });
      expect(await submitUpload(gateway.schemeId, created.uploadId)).toMatchObject(
        refusal(410, 'upload-expired'),
      );
    });

    it('and an upload asked for in a content type it does not take', async () => {
      const refused = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/uploads`, {
        contentType: 'application/xml',
      });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toMatchObject([{ field: 'contentType' }]);
    });
  });
});

describe('request body limit', () => {
  it('answers a 7 MB body 413 naming the upload route, and the same connection takes the next request', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<Socket>();
    const send = (method: string, path: string, body?: Buffer) =>
      new Promise<{ status: number; body: any }>((resolve, reject) => {
        const request = httpRequest(new URL(path, gateway.runtime.url), {
          method,
          agent,
          headers: { 'content-type': 'application/json' },
        });
        request.on('socket', (socket) => sockets.add(socket));
        request.on('error', reject);
        request.on('response', (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
        });
        request.end(body);
      });
    try {
      const big = Buffer.alloc(7 * 1024 * 1024, 'x');
      const refused = await send('POST', `/v1/schemes/${gateway.schemeId}/submissions`, big);
      expect(refused.status).toBe(413);
      expect(refused.body.errors[0].code).toBe('body-too-large');
      expect(refused.body.detail).toContain('/v1/schemes/{schemeId}/uploads');
      const next = await send('GET', `/v1/schemes/${gateway.schemeId}`);
      expect(next.status).toBe(200);
      expect(next.body.schemeId).toBe(gateway.schemeId);
      expect(sockets.size).toBe(1);
    } finally {
      agent.destroy();
    }
  });
});
