import { randomUUID } from 'node:crypto';
import type { SubmissionStatus } from '#domain/submission-status';
import { logger } from '#observability/logger';
import { countStatusChange } from '#observability/metrics';
import { type CatalogEvent, catalogEvent } from '#store/events';
import { type OutboxItem, publishOutbox } from '#store/outbox';
import { getScheme, type Route } from '#store/schemes';
import {
  type Alongside,
  moveSubmission,
  recordAttempt,
  type StatusChange,
  type SubmissionProgress,
  submissionKey,
} from '#store/submissions';

/**
 * The `Submission Status Changed` event (version 1) for a change, with its id: a submission's events are
 * written to its outbox with the change itself, so the id is the same however often it is published.
 */
export function statusEvent(
  submissionId: string,
  schemeId: string,
  status: SubmissionStatus,
  at: Date,
  eventId: string,
  detail?: string,
): CatalogEvent {
  return catalogEvent(
    'Submission Status Changed',
    { submissionId, schemeId, status, at: at.toISOString(), detail },
    eventId,
  );
}

/**
 * Publishes what the submission's outbox holds. A failure is logged, not thrown: the change is stored and
 * its event kept, so the scheduled outbox sweep publishes it, and the step that made the change goes on.
 */
export async function publishSubmissionEvents(submissionId: string, written?: OutboxItem): Promise<void> {
  try {
    await publishOutbox(submissionKey(submissionId), written);
  } catch (error) {
    logger.warn('submission events left for the outbox sweep', {
      submissionId,
      error: (error as Error).name,
    });
  }
}

/**
 * Moves a submission and tells payroll, once per real change: the event goes into the submission's outbox
 * in the same write as the change. A retried step finds the change made and publishes whatever is left.
 * The provider calls that led to the change (`attempts`) are written with it, or on their own when the
 * change was already made.
 */
export async function transitionSubmission(
  submissionId: string,
  schemeId: string,
  move: Omit<StatusChange, 'announce' | 'from'> & Alongside,
): Promise<void> {
  const { to, at, detail, progress } = move;
  const event = statusEvent(submissionId, schemeId, to, at, randomUUID(), detail);
  const moved = await moveSubmission(submissionId, { ...move, announce: event });
  if (moved) await reportStatusChange(submissionId, schemeId, to, progress);
  else await recordAlongside(submissionId, move);
  // A retried step that finds the change made reads what is left in the outbox.
  await publishSubmissionEvents(submissionId, moved ? moved.outbox : undefined);
}

/**
 * Counts a change made (the month-end dashboard's submissions by status) and logs it: for every move, the
 * workflow's and those payroll asks for (retry, cancel, mark sent).
 */
export async function reportStatusChange(
  submissionId: string,
  schemeId: string,
  to: SubmissionStatus,
  progress: SubmissionProgress = {},
): Promise<void> {
  const route = await routeOf(schemeId);
  countStatusChange(route, to);
  // The detail is left out: it may quote a provider's answer.
  logger[to === 'error' ? 'warn' : 'info']('submission status changed', {
    submissionId,
    schemeId,
    status: to,
    route,
    providerReference: progress.providerReference,
    providerStatus: progress.providerStatus,
    errorCount: progress.errorCount,
  });
}

/** What was to go with a change already made, on its own. */
async function recordAlongside(submissionId: string, { attempts = [], settlesPost }: Alongside) {
  for (const [index, attempt] of attempts.entries()) {
    const last = index === attempts.length - 1;
    await recordAttempt(submissionId, attempt, settlesPost && last ? { unansweredPost: 'clear' } : {});
  }
}

const routes = new Map<string, Route>();

/**
 * The scheme's route, for the metric's dimension: a scheme keeps its route for life, so a container reads
 * it once per scheme rather than once per status change.
 */
async function routeOf(schemeId: string): Promise<Route | 'unknown'> {
  const known = routes.get(schemeId);
  if (known) return known;
  const route = (await getScheme(schemeId))?.route;
  if (!route) return 'unknown';
  routes.set(schemeId, route);
  return route;
}
