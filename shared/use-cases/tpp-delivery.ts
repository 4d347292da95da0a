import { tppContributionsPieces } from '#formats/tpp-contributions';
import { getContributionsErrors, getContributionsStatus, postContributions } from '#providers/tpp/client';
import { readContributionsErrors, readContributionsStatus, type TppProgress } from '#providers/tpp/documents';
import { recordExchange } from '#store/documents';
import { getScheme, type Scheme } from '#store/schemes';
import { getSubmission } from '#store/submissions';
import type { Clock } from './clock.ts';
import {
  alreadySubmitted,
  keepProviderErrors,
  recordPoll,
  recordSubmitted,
  requireSubmitted,
  type Submitted,
} from './delivery-steps.ts';
import { outgoingDocument, rendered } from './outgoing-document.ts';

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

const withContributions = (
  state: TppDeliveryState,
  { providerReference, ...polling }: Submitted,
): TppDeliveryState => ({ ...state, contributionsId: providerReference, ...polling });

const contributionsOf = (state: TppDeliveryState) =>
  requireSubmitted(state, state.contributionsId, 'TPP contributions id');

export async function submitContributions(state: TppDeliveryState, clock: Clock): Promise<TppDeliveryState> {
  const submission = await getSubmission(state.submissionId);
  if (!submission) throw new Error(`no submission ${state.submissionId}`);
  // A step retried after TPP took the request must not send the payroll twice.
  const resumed = alreadySubmitted(submission);
  if (resumed) return withContributions(state, resumed);
  const scheme = await tppScheme(state.schemeId);
  const outgoing = await outgoingDocument(
    state.submissionId,
    rendered(state.submissionId, 'application/vnd.api+json', (canonical) =>
      tppContributionsPieces(canonical, scheme.accountId),
    ),
  );

  const response = await postContributions(scheme.connectionId, outgoing.body);
  const now = clock.now();
  await recordExchange(state.submissionId, now, {
    operation: 'post-contributions',
    request: { method: 'POST', url: '/api/v2/contributions', bodyDocument: outgoing.key },
    response: { status: response.status, body: response.body },
  });
  const status = readContributionsStatus(response.body);
  const submitted = await recordSubmitted(state, now, {
    providerReference: status.contributionsId,
    providerStatus: status.phase,
    providerNextPollAfter: status.nextPollAfter,
  });
  return withContributions(state, submitted);
}

export async function pollContributions(state: TppDeliveryState, clock: Clock): Promise<TppDeliveryState> {
  const { reference: contributionsId, submittedAt } = contributionsOf(state);
  const scheme = await tppScheme(state.schemeId);
  const response = await getContributionsStatus(scheme.connectionId, contributionsId);
  const now = clock.now();
  await recordExchange(state.submissionId, now, {
    operation: 'get-contributions-status',
    request: { method: 'GET', url: `/api/v2/contributions/${contributionsId}/status` },
    response: { status: response.status, body: response.body },
  });
  const status = readContributionsStatus(response.body);
  const polled = await recordPoll(state, now, {
    submittedAt,
    progress: status.progress,
    providerStatus: status.phase,
    providerNextPollAfter: status.nextPollAfter,
    overdue: `TPP has not finished ${contributionsId} since ${submittedAt}; a person should look`,
  });
  return { ...state, ...polled };
}

export async function fetchContributionsErrors(
  state: TppDeliveryState,
  clock: Clock,
): Promise<TppDeliveryState> {
  const { reference: contributionsId } = contributionsOf(state);
  const scheme = await tppScheme(state.schemeId);
  const response = await getContributionsErrors(scheme.connectionId, contributionsId);
  await recordExchange(state.submissionId, clock.now(), {
    operation: 'get-contributions-errors',
    request: { method: 'GET', url: `/api/v2/contributions/${contributionsId}/errors` },
    response: { status: response.status, body: response.body },
  });
  const problems = readContributionsErrors(response.body);
  return { ...state, errorCount: await keepProviderErrors(state.submissionId, problems) };
}
