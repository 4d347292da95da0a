import { stepHandler } from '#observability/handler';
import { handOverSyncRun, type SweepState } from '#use-cases/sync-runs';

export const handler = stepHandler((event: { state: SweepState; stateMachineArn: string }) =>
  handOverSyncRun(event.state, event.stateMachineArn),
);
