import { stepHandler } from '#observability/handler';
import { systemClock } from '#use-cases/clock';
import { type PensionSyncDeliveryState, submitDocument } from '#use-cases/pensionsync-delivery';
import { waitOutOutages } from '#use-cases/provider-attempts';

export const handler = stepHandler((state: PensionSyncDeliveryState) =>
  waitOutOutages('submit-pass', state, systemClock, (state, clock) => submitDocument(state, 'pass', clock)),
);
