import { systemClock } from '#use-cases/clock';
import { type PensionSyncDeliveryState, pollJob } from '#use-cases/pensionsync-delivery';

export const handler = (state: PensionSyncDeliveryState) => pollJob(state, systemClock);
