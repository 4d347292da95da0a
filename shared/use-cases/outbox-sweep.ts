import { Logger } from '@aws-lambda-powertools/logger';
import { sweepOutboxes } from '#store/outbox';
import type { Clock } from './clock.ts';

const logger = /* @__PURE__ */ new Logger({ serviceName: 'pension-gateway' });

/** How old an unpublished event must be before the sweep takes it: the step that wrote it has had its go. */
export const SWEEP_GRACE_SECONDS = 60;

/**
 * The scheduled outbox sweep: publishes the events that steps wrote with their state but did not get onto
 * the bus (they died, or the bus refused). Younger events are left to the step still publishing them.
 */
export async function sweepOutbox(input: { olderThanSeconds?: number } | null, clock: Clock) {
  const grace = input?.olderThanSeconds ?? SWEEP_GRACE_SECONDS;
  const swept = await sweepOutboxes(new Date(clock.now().getTime() - grace * 1000));
  // What stays unpublished is tried again by the next sweep; say so where an operator looks.
  if (swept.failed > 0) logger.warn('outbox sweep left events unpublished', swept);
  else if (swept.events > 0) logger.info('outbox sweep published events steps had left', swept);
  return swept;
}
