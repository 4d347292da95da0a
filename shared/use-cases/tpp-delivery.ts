import type { CanonicalSubmission } from '#domain/canonical-submission';
import { toTimestamp } from '#domain/dates';
import { nextPollAt, PollingExpiredError, pollingExpired } from '#domain/poll-schedule';
import { renderTppContributions } from '#formats/tpp-contributions';
import { getContributionsErrors, getContributionsStatus, postContributions } from '#providers/tpp/client';
import { readContributionsErrors, readContributionsStatus, type TppProgress } from '#providers/tpp/documents';
import { documentKeys, getDocument, putDocument, recordExchange } from '#store/documents';
import { getScheme, type Scheme } from '#store/schemes';
import { getSubmission, recordProgress } from '#store/submissions';
import type { Clock } from './clock.ts';
import { transitionSubmission } from './submission-lifecycle.ts';

/**
 * The TPP direct route's workflow steps. Each takes the workflow state (ids and timestamps, never the
 * payroll) and returns the next.
 */
export interface TppDeliveryState {
  submissionId: string;
  schemeId: string;
  contributionsId?: string;
  submittedAt?: string;
  /** When the Wait state lets the next poll happen (RFC 3339). */
  nextPollAfter?: string;
  pollCount?: number;
  progress?: TppProgress;
  errorCount?: number;
}

async function tppScheme(schemeId: string): Promise<Scheme & { connectionId: string; accountId: string }> {
  const scheme = await getScheme(schemeId);
  if (!scheme?.connectionId || !scheme.accountId)
    throw new Error(`scheme ${schemeId} is not a TPP direct scheme`);
  return scheme as Scheme & { connectionId: string; accountId: string };
}

export async function submitContributions(state: TppDeliveryState, clock: Clock): Promise<TppDeliveryState> {
  const submission = await getSubmission(state.submissionId);
  if (!submission) throw new Error(`no submission ${state.submissionId}`);
  // A step retried after TPP took the request must not send the payroll twice.
  if (submission.providerReference && submission.nextPollAfter) {
    return {
      ...state,
      contributionsId: submission.providerReference,
      submittedAt: submission.updatedAt,
      nextPollAfter: submission.nextPollAfter,
      pollCount: 0,
    };
  }
  const scheme = await tppScheme(state.schemeId);
  const canonical = await getDocument(documentKeys.canonical(state.submissionId));
  if (!canonical) throw new Error(`submission ${state.submissionId} has no stored document`);
  const body = renderTppContributions(JSON.parse(canonical) as CanonicalSubmission, scheme.accountId);

  const response = await postContributions(scheme.connectionId, body);
  const now = clock.now();
  await recordExchange(state.submissionId, now, {
    operation: 'post-contributions',
    request: { method: 'POST', url: '/api/v2/contributions', body },
    response: { status: response.status, body: response.body },
  });
  const status = readContributionsStatus(response.body);
  const nextPollAfter = toTimestamp(
    nextPollAt({ providerNextPollAfter: status.nextPollAfter, attempt: 0, now, random: Math.random }),
  );
  await transitionSubmission(state.submissionId, state.schemeId, 'submitted', now, {
    providerReference: status.contributionsId,
    providerStatus: status.phase,
    nextPollAfter,
  });
  return {
    ...state,
    contributionsId: status.contributionsId,
    submittedAt: now.toISOString(),
    nextPollAfter,
    pollCount: 0,
  };
}

export async function pollContributions(state: TppDeliveryState, clock: Clock): Promise<TppDeliveryState> {
  const { contributionsId, submittedAt } = requireSubmitted(state);
  const scheme = await tppScheme(state.schemeId);
  const response = await getContributionsStatus(scheme.connectionId, contributionsId);
  const now = clock.now();
  await recordExchange(state.submissionId, now, {
    operation: 'get-contributions-status',
    request: { method: 'GET', url: `/api/v2/contributions/${contributionsId}/status` },
    response: { status: response.status, body: response.body },
  });
  const status = readContributionsStatus(response.body);
  const pollCount = (state.pollCount ?? 0) + 1;
  const nextPoll = nextPollAt({
    providerNextPollAfter: status.nextPollAfter,
    attempt: pollCount,
    now,
    random: Math.random,
  });
  const finished = status.progress === 'processed' || status.progress === 'failed';
  // Judged on the next poll, not now, so no wait ever runs past the deadline (or the state machine's timeout).
  if (!finished && pollingExpired(submittedAt, nextPoll)) {
    throw new PollingExpiredError(
      `TPP has not finished ${contributionsId} since ${submittedAt}; a person should look`,
    );
  }
  const nextPollAfter = toTimestamp(nextPoll);
  const progress = { providerStatus: status.phase, nextPollAfter, pollCount };
  if (status.progress === 'accepted') {
    await transitionSubmission(state.submissionId, state.schemeId, 'accepted', now, progress);
  } else {
    await recordProgress(state.submissionId, now, progress);
  }
  return { ...state, progress: status.progress, nextPollAfter, pollCount };
}

export async function fetchContributionsErrors(
  state: TppDeliveryState,
  clock: Clock,
): Promise<TppDeliveryState> {
  const { contributionsId } = requireSubmitted(state);
  const scheme = await tppScheme(state.schemeId);
  const response = await getContributionsErrors(scheme.connectionId, contributionsId);
  await recordExchange(state.submissionId, clock.now(), {
    operation: 'get-contributions-errors',
    request: { method: 'GET', url: `/api/v2/contributions/${contributionsId}/errors` },
    response: { status: response.status, body: response.body },
  });
  const problems = readContributionsErrors(response.body);
  await putDocument(documentKeys.providerErrors(state.submissionId), JSON.stringify(problems));
  return { ...state, errorCount: problems.length };
}

function requireSubmitted(state: TppDeliveryState): { contributionsId: string; submittedAt: string } {
  if (!state.contributionsId || !state.submittedAt) {
    throw new Error(`workflow state for ${state.submissionId} lacks the TPP contributions id`);
  }
  return { contributionsId: state.contributionsId, submittedAt: state.submittedAt };
}
