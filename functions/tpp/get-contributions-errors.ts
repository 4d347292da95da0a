import { systemClock } from '#use-cases/clock';
import { fetchContributionsErrors, type TppDeliveryState } from '#use-cases/tpp-delivery';

export const handler = (state: TppDeliveryState) => fetchContributionsErrors(state, systemClock);
