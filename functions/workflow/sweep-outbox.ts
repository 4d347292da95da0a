import { systemClock } from '#use-cases/clock';
import { sweepOutbox } from '#use-cases/outbox-sweep';

export const handler = (input: { olderThanSeconds?: number } | null) => sweepOutbox(input, systemClock);
