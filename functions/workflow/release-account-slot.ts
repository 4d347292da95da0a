import { releaseSlotAndWakeNext, type SlotState } from '#use-cases/account-slot';

export const handler = (state: SlotState) => releaseSlotAndWakeNext(state);
