import { handOverSyncRun, type SweepState } from '#use-cases/sync-runs';

export const handler = (event: { state: SweepState; stateMachineArn: string }) =>
  handOverSyncRun(event.state, event.stateMachineArn);
