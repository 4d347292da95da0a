import { releaseAccountSlot, type SlotState } from '#use-cases/account-slot';
import { systemClock } from '#use-cases/clock';

export const handler = (state: SlotState) => releaseAccountSlot(state, systemClock);
