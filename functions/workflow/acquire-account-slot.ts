import { acquireSlot, type SlotState } from '#use-cases/account-slot';
import { systemClock } from '#use-cases/clock';

export const handler = (state: SlotState) => acquireSlot(state, systemClock);
