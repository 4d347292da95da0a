import { systemClock } from '#use-cases/clock';
import { prepareSubmission } from '#use-cases/prepare-submission';

export const handler = (input: { submissionId: string }) => prepareSubmission(input, systemClock);
