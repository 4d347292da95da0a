import { isFinal } from '#domain/submission-status';
import { getScheme } from '#store/schemes';
import { getSubmission, InvalidTransitionError } from '#store/submissions';
import { holdsAccountPlace, releaseAccountSlot } from './account-slot.ts';
import type { Clock } from './clock.ts';
import { transitionSubmission } from './submission-lifecycle.ts';

/** The `detail` of a Step Functions "Step Functions Execution Status Change" event, as far as it is read. */
export interface ExecutionStatusChange {
  executionArn: string;
  name: string;
  status: string;
  /** Epoch milliseconds. */
  startDate?: number;
  /** The execution's input, JSON. */
  input?: string | null;
  error?: string | null;
  cause?: string | null;
}

export interface ExecutionEndOutcome {
  submissionId?: string;
  /** The submission was moved to `error` by this call. */
  recorded: boolean;
  /** The account's slot (or queue place) the submission held was given up by this call. */
  released: boolean;
}

const ENDINGS: Record<string, string> = {
  FAILED: 'failed outside its error path',
  TIMED_OUT: 'timed out',
  ABORTED: 'was stopped',
};

/**
 * A submission workflow execution ended failed, timed out or aborted. When its own error path did not
 * record the end, the submission ends `error` with the reason; a slot or queue place it still holds is
 * given back and the account's queue woken. Repeats and late deliveries change nothing.
 */
export async function recordExecutionEnd(
  detail: ExecutionStatusChange,
  clock: Clock,
): Promise<ExecutionEndOutcome> {
  const submissionId = submissionIdOf(detail);
  const submission = submissionId ? await getSubmission(submissionId) : undefined;
  if (!submissionId || !submission) return { submissionId, recorded: false, released: false };
  // An execution from before a retry says nothing about the retry's own run.
  const retriedAt = submission.retriedAt ? Date.parse(submission.retriedAt) : undefined;
  if (retriedAt && detail.startDate !== undefined && detail.startDate < retriedAt) {
    return { submissionId, recorded: false, released: false };
  }
  const { schemeId } = submission;
  let recorded = false;
  if (!isFinal(submission.status)) {
    const reason = reasonOf(detail);
    try {
      await transitionSubmission(submissionId, schemeId, {
        to: 'error',
        at: clock.now(),
        progress: { failureReason: reason },
        detail: reason,
      });
      recorded = true;
    } catch (error) {
      // It reached an end meanwhile: that end stands.
      if (!(error instanceof InvalidTransitionError)) throw error;
    }
  }
  const scheme = await getScheme(schemeId);
  const state = { submissionId, schemeId };
  const queuesForAccount = scheme?.route === 'direct' && Boolean(scheme.accountId);
  const released = queuesForAccount && (await holdsAccountPlace(state));
  if (released) await releaseAccountSlot(state, clock);
  return { submissionId, recorded, released };
}

/** Execution names are `<submissionId>` or `<submissionId>.<suffix>`; the input names it too. */
function submissionIdOf(detail: ExecutionStatusChange): string | undefined {
  try {
    const input = JSON.parse(detail.input ?? 'null') as { submissionId?: unknown } | null;
    if (typeof input?.submissionId === 'string') return input.submissionId;
  } catch {
    // Fall back on the name.
  }
  return detail.name.split('.')[0] || undefined;
}

function reasonOf(detail: ExecutionStatusChange): string {
  const ending = ENDINGS[detail.status] ?? `ended ${detail.status}`;
  const error = [detail.error, detail.cause].filter(Boolean).join(': ').slice(0, 300);
  return `The workflow execution ${ending}${error ? ` (${error})` : ''}; the submission may or may not have reached the provider`;
}
