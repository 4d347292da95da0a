import { stepHandler } from '#observability/handler';
import { systemClock } from '#use-cases/clock';
import { type PensionSyncDeliveryState, pollJob } from '#use-cases/pensionsync-delivery';
import { waitOutOutages } from '#use-cases/provider-attempts';

export const handler = stepHandler((state: PensionSyncDeliveryState) =>
  waitOutOutages('get-job', state, systemClock, pollJob),
);
