import { listSyncPage, type SweepState } from '#use-cases/sync-runs';

export const handler = (state: SweepState) => listSyncPage(state);
