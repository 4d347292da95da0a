import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { ROUTES, type Route } from '#domain/event-values';
import {
  isAbandoned,
  MAX_FAILURES_KEPT,
  type NextStep,
  nextStep,
  PAGE_BUDGET,
  PAGE_SIZE,
  type SchemeOutcome,
  type SyncCounts,
  type SyncFailure,
  type SyncKind,
  tally,
} from '#domain/sync-runs';
import { NotFoundError } from '#http/problems';
import { countSyncPage, countSyncRun } from '#observability/metrics';
import { listSweepPage } from '#store/schemes';
import {
  addSyncPage,
  closeAbandonedSyncRun,
  createSyncRun,
  getSyncRun,
  listOpenSyncRuns,
  type SyncRun,
} from '#store/sync-runs';
import { continueSyncRun } from '#store/workflows';
import type { Clock } from './clock.ts';

/**
 * The bookkeeping of a scheduled sync run (OptOutSyncWorkflow, SchemeSyncWorkflow): start it, list a page
 * of scheme ids per route, record what the page's schemes came to, and hand the run over to a fresh
 * execution once this one has done its pages, so no execution's history grows with the number of schemes.
 */

/** Where a route's sweep stands: the next page's token, or done. */
export interface SweepCursor {
  after?: string;
  done: boolean;
}

/** What a sync workflow carries between states: ids, counters and page tokens, never scheme data. */
export interface SweepState {
  runId: string;
  kind: SyncKind;
  pageSize: number;
  pageBudget: number;
  /** Pages recorded in the whole run. */
  page: number;
  pagesThisExecution: number;
  cursors: Record<Route, SweepCursor>;
  next: NextStep;
}

export type SweepListing = Record<Route, { schemeIds: string[] } & SweepCursor>;

export interface RouteOutcomes {
  route: Route;
  outcomes: SchemeOutcome[];
}

/** The execution input of a sync workflow is not one it can run from. */
class InvalidSyncInputError extends Error {
  override name = 'InvalidSyncInputError';
}

// zod/mini: these functions parse nothing else, and mini's parts tree-shake (a fifth of classic zod's bytes).
const pageSize = z.int().check(z.minimum(1), z.maximum(PAGE_SIZE.max));
const pageBudget = z.int().check(z.minimum(1), z.maximum(PAGE_BUDGET.max));
const cursor = z.strictObject({ after: z.optional(z.string().check(z.minLength(1))), done: z.boolean() });
/** The schedule's input (page sizes optional, for tests), or a run handed over by the previous execution. */
const newRun = z.strictObject({ pageSize: z.optional(pageSize), pageBudget: z.optional(pageBudget) });
const handedOver = z.strictObject({
  runId: z.string().check(z.minLength(1)),
  pageSize,
  pageBudget,
  page: z.int().check(z.minimum(1)),
  cursors: z.record(z.enum(ROUTES), cursor),
});

/**
 * A run is named after the execution that starts it; the executions it hands over to add `-p<page>`,
 * and execution names stop at 80 characters.
 */
const runIdOf = (executionName: string) =>
  executionName.length <= 64
    ? executionName
    : createHash('sha256').update(executionName).digest('base64url').slice(0, 43);

const childExecutionName = (state: SweepState) => `${state.runId}-p${state.page + 1}`;

export async function startSyncRun(
  kind: SyncKind,
  executionName: string,
  input: unknown,
  clock: Clock,
): Promise<SweepState> {
  const continued = handedOver.safeParse(input);
  if (continued.success) return { ...continued.data, kind, pagesThisExecution: 0, next: 'page' };
  const requested = newRun.safeParse(input ?? {});
  if (!requested.success) {
    throw new InvalidSyncInputError(
      `A ${kind} sync starts from {pageSize?, pageBudget?} or a handed-over run: ${z.prettifyError(requested.error)}`,
    );
  }
  const runId = runIdOf(executionName);
  // Created once: a retried start finds the run there and goes on with it.
  await createSyncRun({ runId, kind, startedAt: clock.now().toISOString() });
  await closeAbandonedRuns(kind, runId, clock);
  return {
    runId,
    kind,
    pageSize: requested.data.pageSize ?? PAGE_SIZE.default,
    pageBudget: requested.data.pageBudget ?? PAGE_BUDGET.default,
    page: 0,
    pagesThisExecution: 0,
    cursors: { direct: { done: false }, pensionsync: { done: false } },
    next: 'page',
  };
}

/** Closes the runs of this kind whose bookkeeping stopped, so none stays `running` for good. */
async function closeAbandonedRuns(kind: SyncKind, runId: string, clock: Clock): Promise<void> {
  const now = clock.now();
  for (const run of await listOpenSyncRuns(kind)) {
    if (run.runId === runId || !isAbandoned(run.updatedAt ?? run.startedAt, now)) continue;
    await closeAbandonedSyncRun(run, runId, now.toISOString());
  }
}

/**
 * The next page of scheme ids for each route still going. The opt-out sync takes authorised schemes only
 * (PensionSync shares nothing before); the scheme sync takes all, since it also checks pending links.
 */
export async function listSyncPage(state: SweepState): Promise<SweepListing> {
  const listed = await Promise.all(
    ROUTES.map(async (route) => {
      const at = state.cursors[route];
      if (at.done) return [route, { schemeIds: [], done: true }] as const;
      const page = await listSweepPage(route, {
        limit: state.pageSize,
        after: at.after,
        authorisedOnly: state.kind === 'opt-outs',
      });
      const next = page.next ? { after: page.next, done: false } : { done: true };
      return [route, { schemeIds: page.schemeIds, ...next }] as const;
    }),
  );
  return Object.fromEntries(listed) as SweepListing;
}

/** One counter summed over the routes. */
const acrossRoutes = (groups: Record<Route, SyncCounts>, counter: string) =>
  ROUTES.reduce((sum, route) => sum + (groups[route][counter] ?? 0), 0);

/** Adds the page's outcomes to the run's summary, ending it after the last page, and says what comes next. */
export async function recordSyncPage(
  input: SweepState & { listing: SweepListing; results: RouteOutcomes[] },
  clock: Clock,
): Promise<SweepState> {
  const { runId, kind, listing, results } = input;
  const page = input.page + 1;
  const outcomesOf = (route: Route) => results.filter((r) => r.route === route).flatMap((r) => r.outcomes);
  const counts = Object.fromEntries(ROUTES.map((route) => [route, tally(kind, outcomesOf(route))])) as Record<
    Route,
    SyncCounts
  >;
  const failures: SyncFailure[] = results.flatMap(({ route, outcomes }) =>
    outcomes.flatMap((outcome) =>
      outcome.ok ? [] : [{ schemeId: outcome.schemeId, route, error: outcome.error }],
    ),
  );
  const cursors = Object.fromEntries(
    ROUTES.map((route) => {
      const { after, done } = listing[route];
      return [route, after ? { after, done } : { done }];
    }),
  ) as Record<Route, SweepCursor>;
  const finished = ROUTES.every((route) => cursors[route].done);

  const run = await getSyncRun(runId);
  if (!run) throw new Error(`No sync run ${runId}`);
  // A retried step finds its page recorded already.
  if (run.pages < page) {
    if (run.pages !== page - 1)
      throw new Error(`Sync run ${runId} has ${run.pages} pages; ${page} cannot follow`);
    const room = Math.max(0, MAX_FAILURES_KEPT - run.failures.length);
    await addSyncPage(runId, page, counts, failures.slice(0, room), clock.now().toISOString(), finished);
    countSyncPage(kind, acrossRoutes(counts, 'schemes'), acrossRoutes(counts, 'failed'));
    if (finished) countSyncRun(kind, acrossRoutes(run.groups, 'failed') + acrossRoutes(counts, 'failed'));
  }
  const pagesThisExecution = input.pagesThisExecution + 1;
  return {
    runId,
    kind,
    pageSize: input.pageSize,
    pageBudget: input.pageBudget,
    page,
    pagesThisExecution,
    cursors,
    // A run closed as abandoned by a later one (judged dead) stops here; the later run covers its schemes.
    next: nextStep(finished || run.status === 'abandoned', pagesThisExecution, input.pageBudget),
  };
}

/** Starts the run's next execution where this one stopped; the name makes a retried start harmless. */
export async function handOverSyncRun(
  state: SweepState,
  stateMachineArn: string,
): Promise<{ executionName: string }> {
  const executionName = childExecutionName(state);
  const { runId, pageSize, pageBudget, page, cursors } = state;
  await continueSyncRun(stateMachineArn, executionName, { runId, pageSize, pageBudget, page, cursors });
  return { executionName };
}

export interface SyncRunView extends SyncRun {
  /** Failures counted but not named (beyond MAX_FAILURES_KEPT). */
  failuresNotListed: number;
}

export async function viewSyncRun(runId: string): Promise<SyncRunView> {
  const run = await getSyncRun(runId);
  if (!run) throw new NotFoundError(`No sync run ${runId}`);
  const failed = acrossRoutes(run.groups, 'failed');
  return { ...run, failuresNotListed: failed - run.failures.length };
}
