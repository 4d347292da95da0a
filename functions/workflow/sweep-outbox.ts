import { stepHandler } from '#observability/handler';
import { systemClock } from '#use-cases/clock';
import { sweepOutbox } from '#use-cases/outbox-sweep';

export const handler = stepHandler((input: { olderThanSeconds?: number } | null) =>
  sweepOutbox(input, systemClock),
);
