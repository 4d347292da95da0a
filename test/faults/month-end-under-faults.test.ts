import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAccounts } from '../../sandboxes/tpp/accounts.ts';
import { useRunningGateway } from '../support/http.ts';
import {
  type AcceptedSubmission,
  eventProblemsOf,
  type FaultyProviders,
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
 * The fault tier: the embedded runtime with both sandboxes behind seeded fault proxies (test/support/
 * fault-proxy.ts), small fixtures, every verdict read from the sandboxes' own records. docs/reliability.md
 * maps each promise to the test here that proves it.
 */
const SEED = 20261130;
const burstAccounts = weeklyAccounts(10, 910_001);
const outageAccounts = weeklyAccounts(3, 920_001);
/** Long enough for every backoff the run needs; a run that is not stuck settles well within it. */
const SETTLE_MS = 90_000;
/** Settling, judging, and the run itself. */
const TEST_TIMEOUT_MS = 150_000;

let providers: FaultyProviders;
beforeAll(async () => {
  providers = await startFaultyProviders({
    seed: SEED,
    accounts: [...defaultAccounts, ...burstAccounts, ...outageAccounts],
  });
});
afterAll(async () => {
  await providers?.close();
});

const gateway = useRunningGateway(() => ({
  ...providers.endpoints,
  ...SHORTENED_WAITS,
}));

/** Every problem of the verdict, by name, so a failure says which submission and why. */
async function judged(accepted: AcceptedSubmission[]) {
  const views = await settle(gateway.call, accepted, SETTLE_MS);
  return judgeMonthEnd(providers, gateway.runtime, accepted, views);
}

describe('month-end under provider faults', () => {
  it(
    'TPP direct, two consecutive periods on ten accounts with a quarter of contributions answers lost after TPP took them: every period processed once at TPP and reported processed, none error, none stuck',
    async () => {
      const schemes = await linkTppSchemes(
        gateway.call,
        burstAccounts.map((account) => account.id),
      );
      providers.tppProxy.setRules(tppMonthEndRules(0.15));
      const { accepted, refused } = await submitBurst(
        gateway.call,
        [...schemes].map(([schemeId, accountId]) => ({ schemeId, route: 'direct' as const, accountId })),
        weeklyPeriods(2),
      );
      expect(refused.map((r) => `${r.schemeId} ${r.period.start}: ${r.response.status}`)).toEqual([]);

      const verdict = await judged(accepted);
      providers.tppProxy.setRules([]);
      const faults = providers.tppProxy.counts();
      // The schedule is seeded, and a first POST's fate follows from its body alone: with this seed the
      // answers to five of the twenty first POSTs (a quarter) are lost after TPP took them. Other calls meet
      // the other classes.
      expect(faults['reset-after']).toBeGreaterThanOrEqual(5);
      expect(faults.throttle + faults['server-error'] + faults['reset-before'] + faults.hang).toBeGreaterThan(
        0,
      );

      expect.soft(verdict.deliveredTwice, 'periods TPP took more than once').toEqual([]);
      expect.soft(verdict.errors, 'submissions ended in error').toEqual([]);
      expect.soft(verdict.queuedWhileDue, 'queued although TPP expects their period').toEqual([]);
      expect.soft(verdict.stuck, 'submissions not in an end state').toEqual([]);
      expect.soft(verdict.misreported, 'end states the provider contradicts').toEqual([]);
      expect.soft(verdict.lost, 'accepted but never reached TPP').toEqual([]);
      expect.soft(verdict.unrecordedAttempts, 'contributions POSTs missing from the history').toEqual([]);
      expect(verdict.processed).toBe(burstAccounts.length * 2);
      // And TPP itself moved every account past both periods.
      const after = weeklyPeriods(3)[2];
      for (const account of burstAccounts) {
        const response = await fetch(`${providers.tpp.url}/api/v2/accounts/${account.id}`, {
          headers: { authorization: `Bearer ${providers.tppToken}` },
        });
        const { data } = (await response.json()) as {
          data: { attributes: { nextPayReferencePeriod: unknown } };
        };
        expect(data.attributes.nextPayReferencePeriod, `account ${account.id}`).toEqual(after);
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'PensionSync, two periods on four schemes under every fault class (submissions faulted at 50 %, other calls at 25 %): one job per document, each delivered once, every submission processed',
    async () => {
      const schemeIds = await linkPensionSyncSchemes(providers.pensionSync, 4, 'faults');
      providers.pensionSyncProxy.setRules(pensionSyncRules(0.25));
      const { accepted, refused } = await submitBurst(
        gateway.call,
        schemeIds.map((schemeId) => ({ schemeId, route: 'pensionsync' as const })),
        weeklyPeriods(2),
      );
      expect(refused.map((r) => `${r.schemeId} ${r.period.start}: ${r.response.status}`)).toEqual([]);

      const verdict = await judged(accepted);
      providers.pensionSyncProxy.setRules([]);
      const faults = providers.pensionSyncProxy.counts();
      expect(faults['reset-after'] + faults['server-error-after'] + faults.hang).toBeGreaterThan(0);

      expect
        .soft(verdict.deliveredTwice, 'documents PensionSync took or delivered more than once')
        .toEqual([]);
      expect.soft(verdict.errors, 'submissions ended in error').toEqual([]);
      expect.soft(verdict.stuck, 'submissions not in an end state').toEqual([]);
      expect.soft(verdict.misreported, 'end states the provider contradicts').toEqual([]);
      expect.soft(verdict.lost, 'accepted but never reached PensionSync').toEqual([]);
      expect(verdict.processed).toBe(schemeIds.length * 2);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a TPP outage in the middle of a run is waited out: every submission processed after it',
    async () => {
      providers.tppProxy.setRules([]);
      const schemes = await linkTppSchemes(
        gateway.call,
        outageAccounts.map((account) => account.id),
      );
      const { accepted, refused } = await submitBurst(
        gateway.call,
        [...schemes].map(([schemeId, accountId]) => ({ schemeId, route: 'direct' as const, accountId })),
        weeklyPeriods(2),
      );
      expect(refused.map((r) => `${r.schemeId} ${r.period.start}: ${r.response.status}`)).toEqual([]);
      // TPP goes down while the first periods are in flight and the second ones wait behind them: polls,
      // reconciliation and the second POSTs all meet the outage.
      await providers.tppProxy.startOutage(4_000, 'server-error');
      const outageEnded = Date.now();

      const verdict = await judged(accepted);
      expect(providers.tppProxy.faults().filter((f) => f.outage).length).toBeGreaterThan(0);
      expect.soft(verdict.errors, 'submissions ended in error').toEqual([]);
      expect.soft(verdict.stuck, 'submissions not in an end state').toEqual([]);
      expect.soft(verdict.deliveredTwice, 'periods TPP took more than once').toEqual([]);
      expect.soft(verdict.misreported, 'end states the provider contradicts').toEqual([]);
      expect(verdict.processed).toBe(outageAccounts.length * 2);
      // Every submission's last step happened after TPP came back.
      for (const submission of accepted) {
        const { body } = await gateway.call('GET', `/v1/submissions/${submission.submissionId}`);
        expect(Date.parse(body.history.at(-1).at)).toBeGreaterThanOrEqual(outageEnded);
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'announces every status each submission went through, each change under one stable eventId',
    async () => {
      // Judges the events of the runs above (tests in a file run in order), faults and all.
      const all = gateway.runtime.eventBridge
        .events()
        .filter((e) => e.DetailType === 'Submission Status Changed')
        .map((e) => e.Detail as { submissionId: string; status: string });
      const submissionIds = [...new Set(all.map((detail) => detail.submissionId))];
      expect(submissionIds.length).toBeGreaterThanOrEqual(burstAccounts.length * 2);
      const problems = await Promise.all(
        submissionIds.map(async (submissionId) => {
          const { body } = await gateway.call('GET', `/v1/submissions/${submissionId}`);
          return eventProblemsOf(gateway.runtime, submissionId, submissionId, body.history);
        }),
      );
      expect(problems.flat()).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
