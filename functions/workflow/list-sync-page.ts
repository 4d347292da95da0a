import { stepHandler } from '#observability/handler';
import { listSyncPage, type SweepState } from '#use-cases/sync-runs';

export const handler = stepHandler((state: SweepState) => listSyncPage(state));
