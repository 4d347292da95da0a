import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOCAL_CREDENTIALS, REGION } from '../../../infra/local/aws-json-protocol.ts';
import { type LocalTable, startDynamoDb } from '../../../infra/local/dynamodb.ts';
import { physicalName, resourcesOfType, synthesizeTemplate } from '../../../infra/local/template.ts';

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
  const template = synthesizeTemplate({
    tppApiUrl: 'https://api.example.test',
    tppAuthUrl: 'https://auth.example.test',
    pensionSyncApiUrl: 'https://pensionsync.example.test',
  });
  const [[id, resource]] = resourcesOfType(template, 'AWS::DynamoDB::Table') as [[string, any]];
  const tableName = physicalName(id, resource);
  const server = await startDynamoDb({
    tables: [{ ...resource.Properties, TableName: tableName } as LocalTable],
  });
  stop = server.close;
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    EVENT_BUS_NAME: 'gateway-events',
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: server.url,
    // Nothing listens there: the publish fails at once and the events wait for the outbox sweep.
    AWS_ENDPOINT_URL_EVENTBRIDGE: 'http://127.0.0.1:9',
  });
  schemes = await import('#store/schemes');
  submissions = await import('#store/submissions');
  requests = await import('#use-cases/submission-requests');
}, 60_000);

afterAll(() => stop?.());

/** The EMF lines written while a test runs. */
let written: string[] = [];
beforeEach(() => {
  written = [];
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) => {
    if (String(chunk).includes('"_aws"')) {
      written.push(String(chunk));
      return true;
    }
    return write(chunk, ...(rest as []));
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const clock = { now: () => new Date('2026-11-30T09:00:00Z'), newId: () => crypto.randomUUID() };
const counted = () => written.map((line) => JSON.parse(line));

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
