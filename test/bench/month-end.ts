import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { type EmbeddedRuntime, startEmbeddedRuntime } from '../../infra/local/runtime.ts';
import { defaultAccounts } from '../../sandboxes/tpp/accounts.ts';
import { gatewayClient } from '../support/http.ts';
import {
  type AcceptedSubmission,
  judgeMonthEnd,
  linkPensionSyncSchemes,
  linkTppSchemes,
  type Refusal,
  SHORTENED_WAITS,
  settle,
  submitBurst,
  weeklyAccounts,
  weeklyPeriods,
} from '../support/month-end.ts';

/**
 * `npx tsx test/bench/month-end.ts`: figures, never assertions. A payroll company's month-end on the
 * embedded runtime with no faults: TPP direct accounts and PensionSync schemes, consecutive periods each
 * (1,000 submissions by default), and what each submission costs: provider calls (the sandboxes' own
 * records), Secrets Manager reads and DynamoDB requests (the stand-ins' counts), state transitions (the
 * local Step Functions' execution logs), and CPU. Everything runs in this one process, so the CPU figure is
 * the gateway's functions together with every stand-in (dynalite, s3rver, the ASL interpreter, the API
 * front, EventBridge) and both sandboxes; `--cpu-prof` shows the split.
 */
const ACCOUNTS = Number(process.env.BENCH_MONTH_END_ACCOUNTS ?? 100);
const SCHEMES = Number(process.env.BENCH_MONTH_END_SCHEMES ?? 100);
const PERIODS = Number(process.env.BENCH_MONTH_END_PERIODS ?? 5);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 300_000);
const POSTING_AT_ONCE = Number(process.env.BENCH_MONTH_END_POSTING ?? 20);

/** Measured on main before issue 12's changes, with the default sizes, on an idle machine (docs/month-end.md). */
export const MONTH_END_BASELINE = {
  cpuMsPerSubmission: 120.6,
  secretReadsPerSubmission: 3.4,
  dynamodbReadsPerSubmission: 26.92,
  tppCallsPerTppSubmission: 6.8,
};

const DYNAMODB_READS = ['GetItem', 'BatchGetItem', 'Query', 'Scan'];
const DYNAMODB_WRITES = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'];

/** What the run has cost so far: counters read from the stand-ins and the sandboxes. */
function costsOf(runtime: EmbeddedRuntime, since: Date) {
  const { dynamodb, secretsManager } = runtime.awsCalls;
  const tpp = runtime.tppSandbox;
  const pensionSync = runtime.pensionSyncSandbox;
  if (!tpp || !pensionSync) throw new Error('the month-end bench runs against both local sandboxes');
  let transitions = 0;
  for (const execution of runtime.stepFunctions.executions()) {
    if (execution.startDate < since) continue;
    transitions += runtime.stepFunctions
      .history(execution.executionArn)
      .filter((event) => event.type === 'StateEntered' || event.type === 'StateRetried').length;
  }
  const sum = (names: string[]) => names.reduce((total, name) => total + dynamodb.calls(name), 0);
  return {
    tppCalls: tpp.requests('/api/') + tpp.tokenRequests(),
    pensionSyncCalls: pensionSync.requests(),
    secretReads: secretsManager.calls('GetSecretValue'),
    dynamodbReads: sum(DYNAMODB_READS),
    dynamodbWrites: sum(DYNAMODB_WRITES),
    transitions,
    earlyPolls: tpp.earlyPolls(),
  };
}

const line = (label: string, value: string, target = '') =>
  console.log(`${label.padEnd(40)}${value.padStart(10)}${target ? `   target ${target}` : ''}`);

export async function runMonthEndBench() {
  const accounts = weeklyAccounts(ACCOUNTS, 930_001);
  const runtime = await startEmbeddedRuntime({
    tppSandbox: { accounts: [...defaultAccounts, ...accounts], pollDelayMs: 200 },
    pensionSyncSandbox: { jobStepMs: 30 },
    ...SHORTENED_WAITS,
  });
  const { tppSandbox: tpp, pensionSyncSandbox: pensionSync } = runtime;
  if (!tpp || !pensionSync) throw new Error('the embedded runtime started no sandboxes');
  const call = gatewayClient(runtime.url);
  try {
    const tppSchemes = await linkTppSchemes(
      call,
      accounts.map((account) => account.id),
    );
    const pensionSyncSchemes = await linkPensionSyncSchemes(pensionSync, SCHEMES, 'month-end');
    const submissions = (ACCOUNTS + SCHEMES) * PERIODS;
    console.log(
      `${submissions.toLocaleString('en-GB')} submissions: ${ACCOUNTS} TPP accounts and ${SCHEMES} PensionSync schemes, ${PERIODS} consecutive weekly periods each, no faults`,
    );

    const since = new Date();
    const before = costsOf(runtime, since);
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    const schemes = [
      ...[...tppSchemes].map(([schemeId, accountId]) => ({
        schemeId,
        route: 'direct' as const,
        accountId,
      })),
      ...pensionSyncSchemes.map((schemeId) => ({ schemeId, route: 'pensionsync' as const })),
    ];
    // A few payroll runs posting at once, as a payroll company's workers would; two cores cannot take all
    // 200 schemes posting at once without the API's timeouts (and payroll's retries) measuring the machine.
    const accepted: AcceptedSubmission[] = [];
    const refused: Refusal[] = [];
    for (let first = 0; first < schemes.length; first += POSTING_AT_ONCE) {
      const burst = await submitBurst(
        call,
        schemes.slice(first, first + POSTING_AT_ONCE),
        weeklyPeriods(PERIODS),
      );
      accepted.push(...burst.accepted);
      refused.push(...burst.refused);
    }
    // Every queued submission is started again by the one before it, inside a running execution.
    await runtime.stepFunctions.waitForIdle();
    const cpu = process.cpuUsage(cpuBefore);
    const wallMs = performance.now() - start;
    const after = costsOf(runtime, since);

    // Judged after the measurement: reading every submission back is payroll's cost, not delivery's.
    const views = await settle(call, accepted, SETTLE_MS);
    const tppToken = randomBytes(24).toString('base64url');
    tpp.addAccessToken(tppToken);
    const verdict = await judgeMonthEnd({ tpp, pensionSync, tppToken }, runtime, accepted, views);
    const per = (field: keyof typeof after, of = accepted.length) =>
      ((after[field] - before[field]) / of).toFixed(2);
    const direct = accepted.filter((submission) => submission.route === 'direct').length;
    const cpuMs = (cpu.user + cpu.system) / 1000 / accepted.length;
    const half = (value: number) => (Number.isFinite(value) ? (value / 2).toFixed(1) : 'half of main');

    line('accepted', `${accepted.length}`, `${submissions} (${refused.length} refused)`);
    line('processed (judged from the sandboxes)', `${verdict.processed}`, `${accepted.length}`);
    line('end states', JSON.stringify(verdict.statuses));
    line(
      'stuck / lost / twice / misreported',
      `${verdict.stuck.length} / ${verdict.lost.length} / ${verdict.deliveredTwice.length} / ${verdict.misreported.length}`,
      '0 / 0 / 0 / 0',
    );
    console.log('per submission:');
    line(
      '  provider calls: TPP, per TPP submission',
      per('tppCalls', direct),
      `fewer (main: ${MONTH_END_BASELINE.tppCallsPerTppSubmission})`,
    );
    line('  provider calls: PensionSync, per its own', per('pensionSyncCalls', accepted.length - direct));
    line(
      '  Secrets Manager reads',
      per('secretReads'),
      `tokens only, one a TPP call (main: ${MONTH_END_BASELINE.secretReadsPerSubmission})`,
    );
    line(
      '  DynamoDB reads',
      per('dynamodbReads'),
      `fewer (main: ${MONTH_END_BASELINE.dynamodbReadsPerSubmission})`,
    );
    line('  DynamoDB writes', per('dynamodbWrites'));
    line('  state transitions', per('transitions'));
    line(
      '  CPU, whole process (ms)',
      cpuMs.toFixed(1),
      `${half(MONTH_END_BASELINE.cpuMsPerSubmission)} (main: ${MONTH_END_BASELINE.cpuMsPerSubmission})`,
    );
    line('TPP polls before nextPollAfter', `${after.earlyPolls - before.earlyPolls}`, '0');
    line('wall time (burst to idle)', `${(wallMs / 1000).toFixed(1)} s`);
    for (const example of [
      ...verdict.errors.slice(0, 3),
      ...verdict.stuck.slice(0, 3),
      ...verdict.misreported.slice(0, 3),
    ])
      console.log(`  e.g. ${example}`);
  } finally {
    await runtime.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runMonthEndBench();
