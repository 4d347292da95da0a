import { systemClock } from '#use-cases/clock';
import { fetchJobErrors, type PensionSyncDeliveryState } from '#use-cases/pensionsync-delivery';

export const handler = (state: PensionSyncDeliveryState) => fetchJobErrors(state, systemClock);
