import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { getSyncRun } from '#store/sync-runs';
import { type EmbeddedRuntime, startEmbeddedRuntime } from '../../infra/local/runtime.ts';
import type { ExecutionEvent } from '../../infra/local/step-functions.ts';
import { defaultAccounts, franeckiGroupWeekly } from '../../sandboxes/tpp/accounts.ts';
import { tppOptOut } from '../support/opt-outs.ts';
import { seedDirectSchemes, seedPensionSyncSchemes } from '../support/seed-schemes.ts';
import { rssSampler } from './formats.ts';

/**
 * `npx tsx test/bench/opt-out-sync.ts`: figures, never assertions. One scheduled opt-out sync over a
 * bureau's worth of linked schemes (half TPP direct, half PensionSync) on the embedded runtime with both
 * sandboxes; a handful of schemes have something new.
 */

/** The 25,000-event history limit of a Standard execution on AWS. */
const HISTORY_LIMIT = 25_000;
/** Schemes with something new: each on a TPP account, or a PensionSync scope, of its own. */
const WITH_NEWS = 5;

/**
 * The interpreter logs fewer events than AWS: a Task is entered and exited there, but on AWS also
 * scheduled, started and succeeded; Map and Parallel states are started and succeeded too.
 */
function awsHistoryEstimate(events: ExecutionEvent[]): number {
  let count = 0;
  for (const event of events) {
    if (event.type === 'StateEntered' || event.type === 'StateExited') {
      const type = event.state.type;
      count +=
        type === 'Task'
          ? event.type === 'StateEntered'
            ? 3
            : 2
          : type === 'Map' || type === 'Parallel'
            ? 2
            : 1;
    } else if (event.type.startsWith('Execution') || event.type.startsWith('MapIteration')) {
      count += 1;
    } else if (event.type === 'StateFailed') {
      count += 1;
    }
  }
  return count;
}

const newsAccounts = Array.from({ length: WITH_NEWS }, (_, i) => ({
  ...structuredClone(franeckiGroupWeekly),
  id: String(900_001 + i),
  accountName: `Bench Employer ${i}`,
}));

async function seed(runtime: EmbeddedRuntime, schemes: number) {
  const tpp = runtime.tppSandbox;
  const pensionSync = runtime.pensionSyncSandbox;
  if (!tpp || !pensionSync) throw new Error('the runtime did not start both sandboxes');
  const direct = Math.floor(schemes / 2);
  await seedDirectSchemes(direct - WITH_NEWS, ['855969', '859763', '840834']);
  await seedDirectSchemes(
    WITH_NEWS,
    newsAccounts.map((a) => a.id),
    'direct-news',
  );
  const linked = await seedPensionSyncSchemes(pensionSync, schemes - direct);
  for (const account of newsAccounts) {
    tpp.addOptOut(account.id, tppOptOut('65309', 'King'));
  }
  for (const scheme of linked.slice(0, WITH_NEWS)) {
    pensionSync.addWorkerInstruction(scheme.intermediaryId as string, 'NST', scheme.employerReference, {
      instructionType: 'OptOut',
      employeeId: '851001',
      effectiveDate: '2026-11-10',
      receivedDate: '2026-11-12',
      refundDue: true,
      refundStatus: 'Pending',
      employeeRefundAmount: 90.9,
      employerRefundAmount: 54.54,
    });
  }
}

export async function runOptOutSyncBench(schemes = Number(process.env.BENCH_SCHEMES ?? 10_000)) {
  const rss = await rssSampler();
  const runtime = await startEmbeddedRuntime({
    tppSandbox: { accounts: [...defaultAccounts, ...newsAccounts] },
  });
  try {
    const tpp = runtime.tppSandbox;
    const pensionSync = runtime.pensionSyncSandbox;
    if (!tpp || !pensionSync) throw new Error('the runtime did not start both sandboxes');
    console.log(
      `Opt-out sync over ${schemes.toLocaleString('en-GB')} linked schemes (half TPP direct, half PensionSync)`,
    );
    let start = performance.now();
    await seed(runtime, schemes);
    console.log(
      `seed (store + PensionSync scopes)       ${((performance.now() - start) / 1000).toFixed(1).padStart(7)} s`,
    );

    const before = {
      tpp: tpp.requests('/api/'),
      pensionSync: pensionSync.requests(),
      events: runtime.eventBridge.events().length,
    };
    rss.reset();
    const rssBefore = process.memoryUsage.rss() / 1024 / 1024;
    start = performance.now();
    const executionArn = runtime.schedules.fire('PensionGateway-OptOutSync');
    await runtime.stepFunctions.waitForIdle();
    const wallMs = performance.now() - start;

    const runId = executionArn.slice(executionArn.lastIndexOf(':') + 1);
    const run = await getSyncRun(runId);
    const executions = runtime.stepFunctions
      .executions()
      .filter((e) => e.name === runId || e.name.startsWith(`${runId}-p`));
    const histories = executions.map((e) => runtime.stepFunctions.history(e.executionArn));
    const largest = Math.max(...histories.map((h) => h.length));
    const largestAws = Math.max(...histories.map(awsHistoryEstimate));
    const events = runtime.eventBridge.events().slice(before.events);
    const byType: Record<string, number> = {};
    for (const { DetailType } of events) byType[DetailType] = (byType[DetailType] ?? 0) + 1;
    const line = (label: string, value: string) => console.log(`${label.padEnd(40)}${value}`);
    line('run', `${run?.status}, ${run?.pages} pages`);
    for (const [route, counts] of Object.entries(run?.groups ?? {}))
      line(`  ${route}`, JSON.stringify(counts));
    line(
      'wall time',
      `${(wallMs / 1000).toFixed(1)} s (${((schemes / wallMs) * 1000).toFixed(0)} schemes/s)`,
    );
    line('provider calls: TPP', String(tpp.requests('/api/') - before.tpp));
    line('provider calls: PensionSync', String(pensionSync.requests() - before.pensionSync));
    line(
      'executions',
      `${executions.length} (${executions.filter((e) => e.status !== 'SUCCEEDED').length} not succeeded)`,
    );
    line('largest history (interpreter events)', String(largest));
    line(
      'largest history (AWS events, estimated)',
      `${largestAws} (${((largestAws / HISTORY_LIMIT) * 100).toFixed(0)}% of ${HISTORY_LIMIT.toLocaleString('en-GB')})`,
    );
    line('events published', `${events.length} ${JSON.stringify(byType)}`);
    line(
      'peak RSS during the run',
      `${rss.peakMiB().toFixed(0)} MiB (${rssBefore.toFixed(0)} MiB before it)`,
    );
  } finally {
    await runtime.stop();
    await rss.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runOptOutSyncBench();
