import { prepareSubmission } from '#use-cases/prepare-submission';

export const handler = prepareSubmission;
