import { stepHandler } from '#observability/handler';
import { systemClock } from '#use-cases/clock';
import { fetchJobErrors, type PensionSyncDeliveryState } from '#use-cases/pensionsync-delivery';
import { waitOutOutages } from '#use-cases/provider-attempts';

export const handler = stepHandler((state: PensionSyncDeliveryState) =>
  waitOutOutages('get-job-errors', state, systemClock, fetchJobErrors),
);
