import { env } from '#config';
import { toTimestamp } from '#domain/dates';
import { nextOutageRetry, OutageOutlastedDeadlineError, paymentDeadline } from '#domain/outage-retry';
import { logger } from '#observability/logger';
import {
  ProviderAuthorisationError,
  ProviderRejectedError,
  ProviderUnavailableError,
} from '#providers/errors';
import { getScheme } from '#store/schemes';
import { type AttemptRecord, checkedPeriod, getSubmission, recordAttempt } from '#store/submissions';
import type { Clock } from './clock.ts';
import { keepingExchanges } from './provider-exchanges.ts';

/** How a provider call went, as the history names it. */
export function attemptOutcome(error: unknown): string {
  if (error instanceof ProviderUnavailableError) return 'unavailable';
  if (error instanceof ProviderRejectedError) return 'rejected';
  if (error instanceof ProviderAuthorisationError) return 'unauthorised';
  return 'failed';
}

/** Short enough for a history entry. */
export function attemptDetail(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return message.slice(0, 300);
}

/** Runs one provider call and keeps it, with its outcome, in the submission's history. */
export async function attempted<T>(
  submissionId: string,
  operation: string,
  clock: Clock,
  call: () => Promise<T>,
  answered: (value: T) => string | undefined = () => undefined,
): Promise<T> {
  const { value, attempt } = await answeredAttempt(submissionId, operation, clock, call, answered);
  await recordAttempt(submissionId, attempt);
  return value;
}

/**
 * The same, leaving an answered call's history entry to the caller, which writes it together with what the
 * answer changed (one write, not two). A call that failed is kept in the history here, as with attempted.
 */
export async function answeredAttempt<T>(
  submissionId: string,
  operation: string,
  clock: Clock,
  call: () => Promise<T>,
  answered: (value: T) => string | undefined = () => undefined,
): Promise<{ value: T; attempt: AttemptRecord }> {
  let value: T;
  try {
    value = await call();
  } catch (error) {
    await recordAttempt(submissionId, {
      at: clock.now().toISOString(),
      operation,
      outcome: attemptOutcome(error),
      detail: attemptDetail(error),
    });
    throw error;
  }
  const detail = answered(value);
  const attempt = {
    at: clock.now().toISOString(),
    operation,
    outcome: 'answered',
    ...(detail ? { detail } : {}),
  };
  return { value, attempt };
}

/** An outage being waited out: how many tries so far, since when, and when the workflow tries again. */
export interface Outage {
  attempt: number;
  since: string;
  retryAt: string;
}

export interface OutageState {
  submissionId: string;
  schemeId: string;
  outage?: Outage;
}

/**
 * Runs a workflow step, and when its provider is unavailable answers when to try again instead of
 * failing: the workflow's Choice sees `outage`, waits until `outage.retryAt`, and runs the step again.
 * Backoff grows with each try and honours `Retry-After`; once the submission's payment deadline leaves
 * no room, the step fails for a person to decide. A step that succeeds clears `outage`. Every provider
 * exchange the step made is kept in the submission's audit trail.
 */
export async function waitOutOutages<S extends OutageState>(
  operation: string,
  state: S,
  clock: Clock,
  step: (state: S, clock: Clock) => Promise<S>,
  random: () => number = Math.random,
): Promise<S> {
  const { outage, ...fresh } = state;
  try {
    return await keepingExchanges(state.submissionId, () => step(fresh as S, clock));
  } catch (error) {
    if (!(error instanceof ProviderUnavailableError)) throw error;
    const [submission, scheme] = await Promise.all([
      getSubmission(state.submissionId),
      getScheme(state.schemeId),
    ]);
    if (!submission || !scheme) throw error;
    const now = clock.now();
    const deadline = paymentDeadline(
      checkedPeriod(submission).end,
      env.paymentDeadlineDays()[scheme.provider],
    );
    const attempt = (outage?.attempt ?? 0) + 1;
    const since = outage?.since ?? now.toISOString();
    const retry = nextOutageRetry({
      now,
      attempt,
      retryAfterSeconds: error.retryAfterSeconds,
      deadline,
      random,
      policy: env.outagePolicy(),
    });
    if (!retry) {
      logger.error('provider outage outlasted the payment deadline', {
        operation,
        attempt,
        since,
        deadline: deadline.toISOString(),
      });
      const mayHaveLanded = submission.unansweredPostAt
        ? `; a request sent at ${submission.unansweredPostAt} went unanswered and may have reached the provider`
        : '';
      throw new OutageOutlastedDeadlineError(
        `${error.message} (unavailable since ${since}; the payment deadline ${deadline.toISOString()} leaves no time for another try${mayHaveLanded})`,
      );
    }
    const retryAt = toTimestamp(retry);
    logger.warn('waiting out a provider outage', { operation, attempt, since, retryAt });
    await recordAttempt(state.submissionId, {
      at: now.toISOString(),
      operation: 'wait-out-outage',
      outcome: 'retry-scheduled',
      detail: `${operation}, try ${attempt}: ${attemptDetail(error)}`,
      retryAt,
    });
    return { ...fresh, outage: { attempt, since, retryAt } } as S;
  }
}
