import type { Context } from 'aws-lambda';
import { functionInvocations, idsIn, type LogIds, logger } from './logger.ts';

/** The ids a step's input names: its state's own, and those of a wrapped `state` or an event's `detail`. */
function idsOf(event: unknown): LogIds {
  const nested = typeof event === 'object' && event !== null ? (event as Record<string, unknown>) : {};
  return { ...idsIn(nested.detail), ...idsIn(nested.state), ...idsIn(event) };
}

/**
 * A workflow, provider or scheduled function's handler: every line it writes carries the Lambda context
 * and the ids of the state it was given. A failure is logged by name only (provider errors quote the
 * provider's answer, which may be personal); the workflow's Retry and Catch decide what it means.
 */
export function stepHandler<E, R>(
  step: (event: E) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
  const invocation = functionInvocations();
  return (event, context) =>
    invocation(context, idsOf(event), async () => {
      try {
        return await step(event);
      } catch (error) {
        logger.warn('step failed', { error: error instanceof Error ? error.name : typeof error });
        throw error;
      }
    });
}
