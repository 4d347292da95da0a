import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureEmf } from '../../support/emf.ts';
import { startGatewayTable } from '../../support/gateway-table.ts';

/**
 * The moves payroll asks for (cancel, mark sent) are counted and logged as the workflow's are, so the
 * month-end dashboard's submissions by status sees them. Against the template's table in dynalite; the
 * events they announce go to a bus that is not there and stay in the outbox, as a failed publish leaves them.
 */
let schemes: typeof import('#store/schemes');
let submissions: typeof import('#store/submissions');
let requests: typeof import('#use-cases/submission-requests');
let stop: () => Promise<void>;

beforeAll(async () => {
  const { dynamodb } = await startGatewayTable();
  stop = dynamodb.close;
  Object.assign(process.env, {
    EVENT_BUS_NAME: 'gateway-events',
    // Nothing listens there: the publish fails at once and the events wait for the outbox sweep.
    AWS_ENDPOINT_URL_EVENTBRIDGE: 'http://127.0.0.1:9',
  });
  schemes = await import('#store/schemes');
  submissions = await import('#store/submissions');
  requests = await import('#use-cases/submission-requests');
}, 60_000);

afterAll(() => stop?.());

/** The EMF lines written while a test runs. */
let counted: () => any[];
beforeEach(() => {
  counted = captureEmf().lines;
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const clock = { now: () => new Date('2026-11-30T09:00:00Z'), newId: () => crypto.randomUUID() };

async function submissionIn(status: 'queued' | 'error', schemeId: string) {
  const submissionId = crypto.randomUUID();
  const at = clock.now().toISOString();
  await submissions.putSubmissionOnce({
    submissionId,
    schemeId,
    status,
    createdAt: at,
    updatedAt: at,
    payReferencePeriod: { start: '2026-11-01', end: '2026-11-30' },
    history: [{ at, status }],
  });
  return submissionId;
}

describe('moves payroll asks for', () => {
  it('counts a cancelled submission and a marked-sent one per status and route', async () => {
    await schemes.putScheme({
      schemeId: 'scheme-requests',
      provider: 'TPP',
      route: 'direct',
      employerReference: 'employer',
      connectionId: 'connection',
      accountId: 'account',
      createdAt: clock.now().toISOString(),
      authorisation: { status: 'authorised' },
    });
    const queued = await submissionIn('queued', 'scheme-requests');
    const failed = await submissionIn('error', 'scheme-requests');

    expect((await requests.cancelSubmission(queued, clock)).status).toBe('cancelled');
    expect((await requests.markSubmissionSent(failed, { reason: 'by hand' }, clock)).status).toBe(
      'marked-sent',
    );

    const statusChanges = counted().filter((line) => 'SubmissionStatusChanged' in line);
    expect(statusChanges).toEqual([
      expect.objectContaining({ Status: 'cancelled', Route: 'direct', SubmissionStatusChanged: 1 }),
      expect.objectContaining({ Status: 'marked-sent', Route: 'direct', SubmissionStatusChanged: 1 }),
    ]);
  });
});
