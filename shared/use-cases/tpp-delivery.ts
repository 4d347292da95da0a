import { tppContributionsPieces } from '#formats/tpp-contributions';
import { ProviderUnavailableError } from '#providers/errors';
import {
  getAccount,
  getContributionsErrors,
  getContributionsStatus,
  postContributions,
} from '#providers/tpp/client';
import {
  readAccount,
  readContributionsErrors,
  readContributionsStatus,
  type TppProgress,
} from '#providers/tpp/documents';
import { isInFlightRefusal, type Reconciliation, reconcileContributions } from '#providers/tpp/reconcile';
import { getScheme, type Scheme } from '#store/schemes';
import {
  type AttemptRecord,
  checkedPeriod,
  claimFirstPost,
  getSubmission,
  recordAttempt,
  type Submission,
} from '#store/submissions';
import type { Clock } from './clock.ts';
import {
  alreadySubmitted,
  keepProviderErrors,
  recordPoll,
  recordSubmitted,
  requireSubmitted,
  resumeSubmitted,
  type Submitted,
} from './delivery-steps.ts';
import { outgoingDocument, rendered } from './outgoing-document.ts';
import {
  answeredAttempt,
  attemptDetail,
  attempted,
  attemptOutcome,
  type OutageState,
} from './provider-attempts.ts';
import { transitionSubmission } from './submission-lifecycle.ts';

/**
 * The TPP direct route's workflow steps. Each takes the workflow state (ids and timestamps, never the
 * payroll) and returns the next.
 */
export interface TppDeliveryState extends OutageState {
  /**
   * The scheme's TPP connection and account (a scheme keeps the ones it was linked with), put in the state
   * by the slot step, so the submit step and the polls need no scheme read.
   */
  connectionId?: string;
  accountId?: string;
  contributionsId?: string;
  submittedAt?: string;
  /** When the Wait state lets the next poll happen (RFC 3339). */
  nextPollAfter?: string;
  pollCount?: number;
  progress?: TppProgress;
  errorCount?: number;
}

/** What the TPP steps use of the scheme: ids it keeps for life. */
type TppScheme = Pick<Scheme, 'schemeId'> & { connectionId: string; accountId: string };

async function tppScheme(schemeId: string): Promise<TppScheme> {
  const scheme = await getScheme(schemeId);
  if (!scheme?.connectionId || !scheme.accountId)
    throw new Error(`scheme ${schemeId} is not a TPP direct scheme`);
  return scheme as TppScheme;
}

/** The scheme's TPP ids from the workflow's state when an earlier step put them there, else read. */
async function tppSchemeOf(state: TppDeliveryState): Promise<TppScheme> {
  const { schemeId, connectionId, accountId } = state;
  return connectionId && accountId ? { schemeId, connectionId, accountId } : tppScheme(schemeId);
}

const withContributions = (
  state: TppDeliveryState,
  { providerReference, ...polling }: Submitted,
): TppDeliveryState => ({ ...state, contributionsId: providerReference, ...polling });

const contributionsOf = (state: TppDeliveryState) =>
  requireSubmitted(state, state.contributionsId, 'TPP contributions id');

/** The connection to call TPP with: from the workflow's state once the submit step put it there. */
const connectionOf = async (state: TppDeliveryState) =>
  state.connectionId ?? (await tppScheme(state.schemeId)).connectionId;

/**
 * Sends the period's contributions once. TPP has no idempotency key, so a POST is marked on the
 * submission before it leaves; an attempt that finds the mark of a POST whose answer never came
 * reconciles with TPP first (see providers/tpp/reconcile) and sends only when TPP shows the first did not
 * land. A retried step after TPP answered resumes polling what it answered.
 */
export async function submitContributions(state: TppDeliveryState, clock: Clock): Promise<TppDeliveryState> {
  const submission = await getSubmission(state.submissionId);
  if (!submission) throw new Error(`no submission ${state.submissionId}`);
  // A step retried after TPP took the request must not send the payroll twice.
  const resumed = await resumeSubmitted(state, submission, clock.now());
  if (resumed) return withContributions(state, resumed);
  const scheme = await tppSchemeOf(state);
  let earlierPost = submission.unansweredPostAt;
  if (!earlierPost && !(await claimFirstPost(submission.submissionId, clock.now()))) {
    // Another execution of this submission got there first: follow what it did.
    const current = await getSubmission(state.submissionId);
    const theirs = current && alreadySubmitted(current);
    if (theirs) return withContributions(state, theirs);
    earlierPost = current?.unansweredPostAt ?? clock.now().toISOString();
  }
  if (earlierPost) {
    const verdict = await reconcileUnanswered(submission, scheme, earlierPost, clock);
    if (verdict === 'processed') return { ...state, progress: 'processed' };
  }
  const outgoing = await outgoingDocument(
    state.submissionId,
    rendered(state.submissionId, 'application/vnd.api+json', (canonical) =>
      tppContributionsPieces(canonical, scheme.accountId),
    ),
  );
  return postOnce(state, scheme, outgoing, earlierPost !== undefined, clock);
}

/** Asks TPP whether an unanswered POST landed; ends the submission `processed` when TPP moved past it. */
async function reconcileUnanswered(
  submission: Submission,
  scheme: TppScheme,
  earlierPost: string,
  clock: Clock,
): Promise<Reconciliation['verdict']> {
  const { verdict, detail } = await reconcile(
    submission,
    scheme,
    `a POST at ${earlierPost} went unanswered`,
    clock,
  );
  if (verdict === 'processed') {
    await transitionSubmission(submission.submissionId, scheme.schemeId, {
      to: 'submitted',
      at: clock.now(),
      detail: 'TPP processed it; its contributions id never reached the gateway',
    });
  }
  if (verdict === 'unexpected') throw new ReconciliationError(`${detail}; it may have reached TPP`);
  return verdict;
}

/** Reads TPP's account, decides what an unanswered POST did, and keeps the evidence in the history. */
async function reconcile(
  submission: Submission,
  scheme: TppScheme,
  why: string,
  clock: Clock,
): Promise<{ verdict: Reconciliation['verdict']; detail: string }> {
  const { submissionId } = submission;
  const period = checkedPeriod(submission);
  // TPP's account alone, not the scheme refresh, which would bring PensionSync's client into this function.
  const account = await attempted(submissionId, 'get-account', clock, () =>
    getAccount(scheme.connectionId, scheme.accountId),
  );
  const expected = readAccount(account.body).nextPayReferencePeriod as { start?: string } | undefined;
  const { verdict, evidence } = reconcileContributions({ period, expectedStart: expected?.start });
  const detail = `${why}; ${evidence}`;
  await recordAttempt(
    submissionId,
    { at: clock.now().toISOString(), operation: 'reconcile', outcome: verdict, detail },
    verdict === 'processed' ? { unansweredPost: 'clear', providerReferenceUnknown: true } : {},
  );
  return { verdict, detail };
}

/** Whether this submission was ever sent again after a POST whose answer was lost. */
const resentAfterUnanswered = (submission: Submission) =>
  submission.history.some((entry) => 'kind' in entry && entry.operation === 'reconcile');

class ReconciliationError extends Error {
  override name = 'ReconciliationError';
}

/**
 * One POST, its outcome kept in the history. The unanswered-POST mark stays when the answer was lost
 * after the request may have arrived; it is cleared when TPP answered, and when TPP refused the request
 * (or it never left) while no earlier POST is unanswered.
 */
async function postOnce(
  state: TppDeliveryState,
  scheme: TppScheme,
  outgoing: Awaited<ReturnType<typeof outgoingDocument>>,
  earlierUnanswered: boolean,
  clock: Clock,
): Promise<TppDeliveryState> {
  const { submissionId } = state;
  const sentAt = clock.now().toISOString();
  const attempt = (outcome: string, detail: string) => ({
    at: clock.now().toISOString(),
    operation: 'post-contributions',
    outcome,
    detail,
  });
  const settled = earlierUnanswered ? undefined : ('clear' as const);
  let response: Awaited<ReturnType<typeof postContributions>>;
  try {
    response = await postContributions(scheme.connectionId, outgoing.body);
  } catch (error) {
    if (isInFlightRefusal(error)) {
      await recordAttempt(
        submissionId,
        attempt('in-flight', 'TPP refused it: a request for this account is still being processed'),
        { unansweredPost: settled },
      );
      throw new ProviderUnavailableError('TPP is still processing a contributions request for this account', {
        mayHaveArrived: false,
      });
    }
    if (error instanceof ProviderUnavailableError && error.mayHaveArrived) {
      await recordAttempt(submissionId, attempt('unanswered', attemptDetail(error)), {
        unansweredPost: { set: sentAt },
      });
    } else {
      const outcome = error instanceof ProviderUnavailableError ? 'not-sent' : attemptOutcome(error);
      await recordAttempt(submissionId, attempt(outcome, attemptDetail(error)), { unansweredPost: settled });
    }
    throw error;
  }
  const now = clock.now();
  const status = readContributionsStatus(response.body);
  // The answer, the reference and the cleared marker in one write: no moment where the marker is gone and
  // the reference not yet kept.
  const submitted = await recordSubmitted(
    state,
    now,
    {
      providerReference: status.contributionsId,
      providerStatus: status.phase,
      providerNextPollAfter: status.nextPollAfter,
    },
    { attempts: [attempt('answered', `contributions ${status.contributionsId}`)], settlesPost: true },
  );
  return { ...withContributions(state, submitted), connectionId: scheme.connectionId };
}

export async function pollContributions(state: TppDeliveryState, clock: Clock): Promise<TppDeliveryState> {
  const { reference: contributionsId, submittedAt } = contributionsOf(state);
  const connectionId = await connectionOf(state);
  const { value: response, attempt } = await answeredAttempt(
    state.submissionId,
    'get-contributions-status',
    clock,
    () => getContributionsStatus(connectionId, contributionsId),
    (answer) => `TPP: ${readContributionsStatus(answer.body).phase}`,
  );
  const now = clock.now();
  const status = readContributionsStatus(response.body);
  // The poll's history entry goes in with what it learned (one write), unless a reconciliation comes between.
  let unrecorded: AttemptRecord | undefined = attempt;
  if (status.progress === 'failed') {
    // A resend after a lost answer races TPP finishing the first request: TPP then refuses the resend
    // for a period it has already processed, and the period is done.
    const submission = await getSubmission(state.submissionId);
    if (submission && resentAfterUnanswered(submission)) {
      await recordAttempt(state.submissionId, attempt);
      unrecorded = undefined;
      const why = `the resend ${contributionsId} failed after an earlier POST went unanswered`;
      const { verdict } = await reconcile(submission, await tppSchemeOf(state), why, clock);
      if (verdict === 'processed') {
        // Like a poll that hears `processed`, this step makes the move: the workflow records nothing after it.
        await transitionSubmission(state.submissionId, state.schemeId, { to: 'processed', at: clock.now() });
        return { ...state, progress: 'processed' };
      }
    }
  }
  const polled = await recordPoll(state, now, {
    submittedAt,
    progress: status.progress,
    providerStatus: status.phase,
    providerNextPollAfter: status.nextPollAfter,
    overdue: `TPP has not finished ${contributionsId} since ${submittedAt}; a person should look`,
    attempt: unrecorded,
  });
  return { ...state, ...polled };
}

export async function fetchContributionsErrors(
  state: TppDeliveryState,
  clock: Clock,
): Promise<TppDeliveryState> {
  const { reference: contributionsId } = contributionsOf(state);
  const connectionId = await connectionOf(state);
  const response = await attempted(state.submissionId, 'get-contributions-errors', clock, () =>
    getContributionsErrors(connectionId, contributionsId),
  );
  const problems = readContributionsErrors(response.body);
  return { ...state, errorCount: await keepProviderErrors(state.submissionId, problems) };
}
