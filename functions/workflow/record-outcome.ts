import { stepHandler } from '#observability/handler';
import { systemClock } from '#use-cases/clock';
import { type OutcomeInput, recordOutcome } from '#use-cases/record-outcome';

export const handler = stepHandler((input: OutcomeInput) => recordOutcome(input, systemClock));
