import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { startEmbeddedRuntime } from '../../infra/local/runtime.ts';
import { defaultAccounts } from '../../sandboxes/tpp/accounts.ts';
import { FAULT_KINDS, type FaultKind } from '../support/fault-proxy.ts';
import { gatewayClient } from '../support/http.ts';
import {
  judgeMonthEnd,
  linkPensionSyncSchemes,
  linkTppSchemes,
  pensionSyncRules,
  SHORTENED_WAITS,
  settle,
  startFaultyProviders,
  submitBurst,
  tppMonthEndRules,
  weeklyAccounts,
  weeklyPeriods,
} from '../support/month-end.ts';

/**
 * `npx tsx test/bench/month-end-faults.ts`: figures, never assertions. A month-end on the embedded runtime
 * with both providers behind seeded fault proxies: TPP accounts and PensionSync schemes, two consecutive
 * periods each, faults at BENCH_FAULT_RATE (a quarter of TPP's contributions answers lost besides), slow
 * answers and hangs beyond the gateway's provider timeout, and a TPP outage in the middle of the run. Judged
 * from the sandboxes' own records (test/support/month-end.ts says how each figure is counted).
 */
const ACCOUNTS = Number(process.env.BENCH_FAULT_ACCOUNTS ?? 10);
const SCHEMES = Number(process.env.BENCH_FAULT_SCHEMES ?? 10);
const RATE = Number(process.env.BENCH_FAULT_RATE ?? 0.2);
const OUTAGE_MS = Number(process.env.BENCH_OUTAGE_MS ?? 10_000);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 180_000);
const SEED = Number(process.env.BENCH_SEED ?? 20261130);

const line = (label: string, value: string | number) => console.log(`${label.padEnd(40)}${value}`);
const byKind = (counts: Record<FaultKind, number>) =>
  FAULT_KINDS.filter((kind) => counts[kind] > 0)
    .map((kind) => `${kind} ${counts[kind]}`)
    .join(', ') || 'none';

export async function runMonthEndFaultsBench() {
  const accounts = weeklyAccounts(ACCOUNTS, 910_001);
  const providers = await startFaultyProviders({
    seed: SEED,
    accounts: [...defaultAccounts, ...accounts],
    // Beyond the gateway's provider timeout: a slow or hung provider must be a retryable failure.
    slowMs: 25_000,
    hangMs: 35_000,
  });
  const runtime = await startEmbeddedRuntime({
    ...providers.endpoints,
    ...SHORTENED_WAITS,
  });
  const call = gatewayClient(runtime.url);
  try {
    console.log(
      `${ACCOUNTS} TPP accounts and ${SCHEMES} PensionSync schemes, 2 periods each, faults at ${Math.round(RATE * 100)} % ` +
        `(TPP contributions POSTs: a quarter of answers lost), a ${OUTAGE_MS / 1000} s TPP outage mid-run, seed ${SEED}`,
    );
    const tppSchemes = await linkTppSchemes(
      call,
      accounts.map((account) => account.id),
    );
    const pensionSyncSchemes = await linkPensionSyncSchemes(providers.pensionSync, SCHEMES, 'bench-faults');
    providers.tppProxy.setRules(tppMonthEndRules(RATE));
    providers.pensionSyncProxy.setRules(pensionSyncRules(RATE));

    const start = performance.now();
    const { accepted, refused } = await submitBurst(
      call,
      [
        ...[...tppSchemes].map(([schemeId, accountId]) => ({
          schemeId,
          route: 'direct' as const,
          accountId,
        })),
        ...pensionSyncSchemes.map((schemeId) => ({ schemeId, route: 'pensionsync' as const })),
      ],
      weeklyPeriods(2),
    );
    await providers.tppProxy.startOutage(OUTAGE_MS, 'server-error');
    const views = await settle(call, accepted, SETTLE_MS);
    const wallMs = performance.now() - start;
    providers.tppProxy.setRules([]);
    providers.pensionSyncProxy.setRules([]);
    const verdict = await judgeMonthEnd(providers, runtime, accepted, views);

    line('faults injected: TPP', byKind(providers.tppProxy.counts()));
    line('  of them during the outage', providers.tppProxy.faults().filter((f) => f.outage).length);
    line('faults injected: PensionSync', byKind(providers.pensionSyncProxy.counts()));
    line('accepted', `${verdict.accepted} (${refused.length} refused)`);
    line('processed', `${verdict.processed} ${JSON.stringify(verdict.statuses)}`);
    line('misreported', verdict.misreported.length);
    line('delivered twice', verdict.deliveredTwice.length);
    line('stuck', `${verdict.stuck.length} (${verdict.queuedWhileDue.length} queued with their period due)`);
    line('lost', verdict.lost.length);
    line('error', verdict.errors.length);
    line('event problems', verdict.eventProblems.length);
    line('TPP POSTs missing from history', verdict.unrecordedAttempts.length);
    line('periods resent, TPP refusing the copy', verdict.resentButRefused.length);
    line('wall time (burst to settled)', `${(wallMs / 1000).toFixed(1)} s`);
    const examples = [
      ...refused.map(
        (r) =>
          `refused ${r.schemeId} ${r.period.start}: ${r.response.status} ${JSON.stringify(r.response.body).slice(0, 200)}`,
      ),
      ...verdict.misreported,
      ...verdict.deliveredTwice,
      ...verdict.stuck,
      ...verdict.lost,
      ...verdict.errors,
      ...verdict.eventProblems,
      ...verdict.unrecordedAttempts,
    ].slice(0, 5);
    for (const example of examples) console.log(`  e.g. ${example}`);
  } finally {
    await runtime.stop();
    await providers.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runMonthEndFaultsBench();
