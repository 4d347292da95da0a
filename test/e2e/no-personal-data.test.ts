import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '#observability/logger';
import {
  decideInBrowser,
  type exampleSubmission,
  monthlyExampleSubmission,
  submissionForNextPeriod,
  until,
  untilFinished,
  useRunningGateway,
} from '../support/http.ts';

/**
 * Everything the functions write while payrolls go through the embedded runtime: Powertools writes log
 * and EMF metric lines to process.stdout/stderr through its own Console, the rest of the code through
 * `console`. Captured (and kept off the test output) from before the runtime starts until the file ends.
 */
const output: string[] = [];
const restores: (() => void)[] = [];
beforeAll(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  // Set as a user would before `npm start`: the runtime applies it to the logger, built before with ERROR.
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write;
    stream.write = ((chunk: unknown) => {
      output.push(String(chunk));
      return true;
    }) as typeof stream.write;
    restores.push(() => {
      stream.write = write;
    });
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      output.push(args.map(String).join(' '));
    };
    restores.push(() => {
      console[method] = original;
    });
  }
});
afterAll(() => {
  for (const restore of restores) restore();
  logger.setLogLevel('ERROR');
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

const gateway = useRunningGateway({
  tppSandbox: { pollDelayMs: 100 },
  pensionSyncSandbox: { jobStepMs: 30 },
  stepFunctionsOverrides: {
    waitTimeOverrides: { WaitBeforeAuthorisationCheck: 50, WaitBeforeJobPoll: 50 },
  },
});

/** A PensionSync scheme at NOW, authorised by the customer. */
async function linkPensionSyncScheme(): Promise<string> {
  const intermediary = await gateway.call('POST', '/v1/intermediaries', {
    name: 'Franecki Payroll Bureau',
    reference: 'BUR-PRIVACY',
  });
  const linked = await gateway.call('POST', '/v1/schemes', {
    provider: 'NOW',
    route: 'pensionsync',
    employerReference: 'EMP-PRIVACY',
    intermediaryId: intermediary.body.intermediaryId,
  });
  expect(linked.status).toBe(201);
  await decideInBrowser(linked.body.authorisation.url, 'approve');
  await until(
    async () => (await gateway.call('GET', `/v1/schemes/${linked.body.schemeId}`)).body,
    (scheme) => scheme.authorisation.status === 'authorised',
    'the PensionSync authorisation',
    60_000,
  );
  return linked.body.schemeId;
}

/** Every value in the example payroll that is about a person: names, NINOs, dates, addresses, contact, pay. */
function personalValues(document: ReturnType<typeof exampleSubmission>): RegExp[] {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const values: RegExp[] = [];
  for (const employee of document.employees) {
    const texts = [
      employee.forename,
      employee.surname,
      employee.niNumber,
      employee.dateOfBirth,
      employee.mobilePhoneNumber,
      employee.personalEmailAddress,
      ...Object.values(employee.address ?? {}),
    ].filter((value): value is string => typeof value === 'string');
    values.push(...texts.map((text) => new RegExp(`\\b${literal(text)}\\b`, 'i')));
    // Amounts as they would be printed; not where they are only the tail of a longer number (a timestamp).
    const amounts = [
      employee.pensionableEarnings,
      employee.employerContributionAmount,
      employee.employeeContributionAmount,
    ].filter((amount: number) => !Number.isInteger(amount));
    values.push(
      ...amounts.map((amount: number) => new RegExp(`(?<![\\d.:])${literal(String(amount))}(?!\\d)`)),
    );
  }
  return values;
}

const jsonLines = () =>
  output
    .join('\n')
    .split('\n')
    .flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });

describe('nothing personal in what the functions write', () => {
  it('logs and metrics of a TPP submission processed and a PensionSync one failed name ids, never a person', async () => {
    const document = await submissionForNextPeriod(gateway);
    const accepted = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/submissions`, document);
    expect(accepted.status).toBe(202);
    const processed = await untilFinished(gateway.call, accepted.body.submissionId, 90_000);
    expect(processed.status).toBe('processed');

    // PensionSync fails a payroll with an employee's NINO missing (the gateway lets an absent one through),
    // so its errors come back through the error path.
    const pensionSyncSchemeId = await linkPensionSyncScheme();
    const monthly = monthlyExampleSubmission();
    delete monthly.employees[1].niNumber;
    const resent = await gateway.call('POST', `/v1/schemes/${pensionSyncSchemeId}/submissions`, monthly);
    expect(resent.status).toBe(202);
    const failed = await untilFinished(gateway.call, resent.body.submissionId, 90_000);
    expect(failed.status).toBe('failed');
    await gateway.runtime.stepFunctions.waitForIdle();

    const text = output.join('\n');
    const leaked = personalValues(document).filter((value) => value.test(text));
    expect(leaked).toEqual([]);

    // Logging is on and says what happened, each line with its invocation's context and ids.
    const lines = jsonLines();
    const logLines = lines.filter((line) => line.service === 'pension-gateway' && line.message);
    const about = (submissionId: string, message: string) =>
      logLines.filter((line) => line.submissionId === submissionId && line.message === message);

    const changes = about(processed.submissionId, 'submission status changed');
    expect(changes.map((line) => line.status)).toEqual(['submitted', 'accepted', 'processed']);
    for (const line of changes) {
      expect(line).toMatchObject({ schemeId: gateway.schemeId, route: 'direct' });
      expect(line.function_name).toEqual(expect.any(String));
      expect(line.function_request_id).toEqual(expect.any(String));
    }
    // TPP's contributions id, from when TPP gave it (the outcome step is given the submission's ids only).
    expect(changes.slice(0, 2).map((line) => line.providerReference)).toEqual([
      processed.providerReference,
      processed.providerReference,
    ]);

    const calls = about(processed.submissionId, 'provider call');
    expect(calls.map((line) => line.operation)).toContain('postContributions');
    expect(calls.find((line) => line.operation === 'postContributions')).toMatchObject({
      provider: 'TPP',
      method: 'POST',
      outcome: 'ok',
      httpStatus: 202,
      schemeId: gateway.schemeId,
      function_name: expect.stringMatching(/SubmitContributions/),
      latencyMs: expect.any(Number),
    });

    expect(about(failed.submissionId, 'submission status changed').at(-1)).toMatchObject({
      schemeId: pensionSyncSchemeId,
      route: 'pensionsync',
      status: 'failed',
      errorCount: failed.errors.length,
    });
    // The API's own line: the submission it created, in the create function's context.
    expect(about(failed.submissionId, 'submission received')[0]).toMatchObject({
      schemeId: pensionSyncSchemeId,
      function_name: expect.stringMatching(/CreateSubmission/),
    });

    // EMF metric lines were written, and read too.
    const metrics = lines.filter((line) => '_aws' in line);
    expect(metrics.some((line) => line.Status === 'received' && line.Route === 'pensionsync')).toBe(true);
    expect(metrics.some((line) => line.Status === 'processed' && line.Route === 'direct')).toBe(true);
    expect(metrics.some((line) => line.Provider === 'TPP' && line.Outcome === 'ok')).toBe(true);
  }, 240_000);
});
