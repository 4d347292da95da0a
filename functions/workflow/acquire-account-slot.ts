import { stepHandler } from '#observability/handler';
import { acquireSlot, type SlotState } from '#use-cases/account-slot';
import { systemClock } from '#use-cases/clock';
import { waitOutOutages } from '#use-cases/provider-attempts';

export const handler = stepHandler((state: SlotState) =>
  waitOutOutages('get-account', state, systemClock, acquireSlot),
);
