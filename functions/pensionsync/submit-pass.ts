import { systemClock } from '#use-cases/clock';
import { type PensionSyncDeliveryState, submitDocument } from '#use-cases/pensionsync-delivery';

export const handler = (state: PensionSyncDeliveryState) => submitDocument(state, 'pass', systemClock);
