import type { SyncKind } from '#domain/sync-runs';
import { stepHandler } from '#observability/handler';
import { systemClock } from '#use-cases/clock';
import { startSyncRun } from '#use-cases/sync-runs';

export const handler = stepHandler((event: { kind: SyncKind; executionName: string; input: unknown }) =>
  startSyncRun(event.kind, event.executionName, event.input, systemClock),
);
