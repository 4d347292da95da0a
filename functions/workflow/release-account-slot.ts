import { stepHandler } from '#observability/handler';
import { releaseAccountSlot, type SlotState } from '#use-cases/account-slot';
import { systemClock } from '#use-cases/clock';

export const handler = stepHandler((state: SlotState) => releaseAccountSlot(state, systemClock));
