import type { Route } from './event-values.ts';

/**
 * The scheduled syncs: each run sweeps every linked scheme, one page of scheme ids per route at a time,
 * and counts what it found. A scheme's failure is counted and named, never a reason to stop the run.
 */

/** Each kind of sync, with what it counts per route besides schemes, succeeded and failed. */
const SYNC_COUNTERS = {
  'opt-outs': ['received', 'updated', 'confirmed', 'cessationsReceived'],
  'scheme-details': ['detailsChanged', 'authorisationChanged'],
} as const satisfies Record<string, readonly string[]>;

export type SyncKind = keyof typeof SYNC_COUNTERS;

export type SyncCounts = Record<string, number>;

/** How one scheme's sync ended. */
export type SchemeOutcome =
  | { schemeId: string; ok: true; counts: SyncCounts }
  | { schemeId: string; ok: false; error: string };

export interface SyncFailure {
  schemeId: string;
  route: Route;
  error: string;
}

/** Scheme ids per page, and pages per execution before a run hands over to a fresh one. */
export const PAGE_SIZE = { default: 40, max: 100 };
export const PAGE_BUDGET = { default: 8, max: 20 };
/**
 * A running run that recorded no page for this long has stopped (its execution died): the next run of its
 * kind closes it. A page takes minutes at most (bounded concurrency, each scheme within its function's
 * timeout), so a live run is never taken for dead.
 */
export const ABANDONED_AFTER_MS = 30 * 60_000;

export function isAbandoned(lastActivity: string, now: Date): boolean {
  return now.getTime() - Date.parse(lastActivity) > ABANDONED_AFTER_MS;
}

/** Failures a run names in its summary; beyond that it only counts them. */
export const MAX_FAILURES_KEPT = 100;

export function zeroCounts(kind: SyncKind): SyncCounts {
  return Object.fromEntries(
    ['schemes', 'succeeded', 'failed', ...SYNC_COUNTERS[kind]].map((name) => [name, 0]),
  );
}

export function tally(kind: SyncKind, outcomes: readonly SchemeOutcome[]): SyncCounts {
  const counts = zeroCounts(kind);
  for (const outcome of outcomes) {
    counts.schemes = (counts.schemes ?? 0) + 1;
    if (!outcome.ok) {
      counts.failed = (counts.failed ?? 0) + 1;
      continue;
    }
    counts.succeeded = (counts.succeeded ?? 0) + 1;
    for (const name of SYNC_COUNTERS[kind]) counts[name] = (counts[name] ?? 0) + (outcome.counts[name] ?? 0);
  }
  return counts;
}

export type NextStep = 'page' | 'child' | 'done';

/** After a page: the next page here, or in a fresh execution once this one has used its budget. */
export function nextStep(finished: boolean, pagesThisExecution: number, pageBudget: number): NextStep {
  if (finished) return 'done';
  return pagesThisExecution >= pageBudget ? 'child' : 'page';
}
