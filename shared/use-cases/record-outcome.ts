import type { Clock } from './clock.ts';
import { transitionSubmission } from './submission-lifecycle.ts';

/** The end of a submission's workflow, whichever way it ended. */
export type OutcomeInput =
  | { outcome: 'processed'; submissionId: string; schemeId: string }
  | { outcome: 'validated'; submissionId: string; schemeId: string }
  | { outcome: 'failed'; submissionId: string; schemeId: string; errorCount: number }
  | { outcome: 'error'; submissionId: string; schemeId: string; error: { Error?: string; Cause?: string } };

export async function recordOutcome(
  input: OutcomeInput,
  clock: Clock,
): Promise<{ submissionId: string; schemeId: string; status: string }> {
  const now = clock.now();
  switch (input.outcome) {
    case 'processed':
    case 'validated':
      await transitionSubmission(input.submissionId, input.schemeId, { to: input.outcome, at: now });
      break;
    case 'failed':
      await transitionSubmission(input.submissionId, input.schemeId, {
        to: 'failed',
        at: now,
        progress: { errorCount: input.errorCount },
      });
      break;
    case 'error': {
      const reason = `${input.error.Error ?? 'Error'}: ${causeMessage(input.error.Cause)}`;
      await transitionSubmission(input.submissionId, input.schemeId, {
        to: 'error',
        at: now,
        progress: { failureReason: reason },
        detail: reason,
      });
      break;
    }
  }
  return { submissionId: input.submissionId, schemeId: input.schemeId, status: input.outcome };
}

/** Lambda errors reach a Catch as a JSON string `{errorType, errorMessage, trace}`; keep just the message. */
function causeMessage(cause: string | undefined): string {
  if (!cause) return 'no cause given';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: string };
    return parsed.errorMessage ?? cause;
  } catch {
    return cause;
  }
}
