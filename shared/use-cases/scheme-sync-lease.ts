import { setTimeout as sleep } from 'node:timers/promises';
import type { SyncKind } from '#domain/sync-runs';
import { ConflictError, gatewayProblem } from '#http/problems';
import { acquireLease, releaseLease } from '#store/leases';
import type { Clock } from './clock.ts';

/**
 * One opt-out sync per scheme at a time, whoever starts it (the schedule, the API): each works from what
 * the one before it stored, so nothing it finds is announced twice. (A details refresh needs no lease: it
 * stores in one conditional write over the details it compared with, see scheme-details.ts.) A holder that
 * dies blocks the scheme for at most the lease, which outlasts any function's timeout, so a live holder
 * never loses it.
 */
export const SYNC_LEASE_MS = 5 * 60_000;
/** How long a sync waits for the one in progress before giving up: one scheme's sync takes seconds. */
export const SYNC_LEASE_WAIT_MS = 5_000;
const RETRY_EVERY_MS = 100;

export class SyncInProgressError extends ConflictError {
  override name = 'SyncInProgressError';
  constructor(kind: SyncKind, schemeId: string) {
    const message = `A ${kind} sync of scheme ${schemeId} is in progress; try again shortly`;
    super(message, [gatewayProblem('sync-in-progress', message)]);
  }
}

export async function underSyncLease<T>(
  kind: SyncKind,
  schemeId: string,
  clock: Clock,
  work: () => Promise<T>,
): Promise<T> {
  const name = `sync:${kind}:${schemeId}`;
  const holder = clock.newId();
  const giveUpAt = Date.now() + SYNC_LEASE_WAIT_MS;
  while (!(await acquireLease(name, holder, clock.now(), SYNC_LEASE_MS))) {
    if (Date.now() >= giveUpAt) throw new SyncInProgressError(kind, schemeId);
    await sleep(RETRY_EVERY_MS);
  }
  try {
    return await work();
  } finally {
    await releaseLease(name, holder);
  }
}
