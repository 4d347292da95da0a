import { systemClock } from '#use-cases/clock';
import { submitContributions, type TppDeliveryState } from '#use-cases/tpp-delivery';

export const handler = (state: TppDeliveryState) => submitContributions(state, systemClock);
