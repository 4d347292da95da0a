import { stepHandler } from '#observability/handler';
import { systemClock } from '#use-cases/clock';
import { waitOutOutages } from '#use-cases/provider-attempts';
import { fetchContributionsErrors, type TppDeliveryState } from '#use-cases/tpp-delivery';

export const handler = stepHandler((state: TppDeliveryState) =>
  waitOutOutages('get-contributions-errors', state, systemClock, fetchContributionsErrors),
);
