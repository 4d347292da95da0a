import { stepHandler } from '#observability/handler';
import { systemClock } from '#use-cases/clock';
import { prepareSubmission, type SubmissionStart } from '#use-cases/prepare-submission';

export const handler = stepHandler((input: SubmissionStart) => prepareSubmission(input, systemClock));
