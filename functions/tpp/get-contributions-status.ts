import { systemClock } from '#use-cases/clock';
import { pollContributions, type TppDeliveryState } from '#use-cases/tpp-delivery';

export const handler = (state: TppDeliveryState) => pollContributions(state, systemClock);
