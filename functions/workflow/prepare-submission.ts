import { stepHandler } from '#observability/handler';
import { systemClock } from '#use-cases/clock';
import { prepareSubmission } from '#use-cases/prepare-submission';

export const handler = stepHandler((input: { submissionId: string }) =>
  prepareSubmission(input, systemClock),
);
