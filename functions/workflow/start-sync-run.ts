import type { SyncKind } from '#domain/sync-runs';
import { systemClock } from '#use-cases/clock';
import { startSyncRun } from '#use-cases/sync-runs';

export const handler = (event: { kind: SyncKind; executionName: string; input: unknown }) =>
  startSyncRun(event.kind, event.executionName, event.input, systemClock);
