/**
 * The environment each function is given by the template (infra/). Read when first needed, so a
 * function only asks for what it uses.
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`Environment variable ${name} is not set; it comes from the stack's function definition`);
  return value;
}

function seconds(name: string): number {
  const value = Number(required(name));
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of seconds`);
  return value;
}

export const env = {
  tableName: () => required('TABLE_NAME'),
  documentsBucket: () => required('DOCUMENTS_BUCKET'),
  submissionWorkflowArn: () => required('SUBMISSION_WORKFLOW_ARN'),
  schemeAuthorisationWorkflowArn: () => required('SCHEME_AUTHORISATION_WORKFLOW_ARN'),
  eventBusName: () => required('EVENT_BUS_NAME'),
  tppApiUrl: () => required('TPP_API_URL'),
  tppAuthUrl: () => required('TPP_AUTH_URL'),
  tppClientSecretArn: () => required('TPP_CLIENT_SECRET_ARN'),
  connectionSecretPrefix: () => required('CONNECTION_SECRET_PREFIX'),
  pensionSyncApiUrl: () => required('PENSIONSYNC_API_URL'),
  pensionSyncSecretArn: () => required('PENSIONSYNC_SECRET_ARN'),
  /** Waiting out a provider outage: the first backoff and the longest single wait. */
  outagePolicy: () => ({
    baseDelayMs: seconds('PROVIDER_RETRY_BASE_SECONDS') * 1000,
    maxDelayMs: seconds('PROVIDER_RETRY_MAX_SECONDS') * 1000,
  }),
  /** Per provider (TPP, NST, ...), the day of the month after a period by which contributions are due. */
  paymentDeadlineDays: () => JSON.parse(required('PAYMENT_DEADLINE_DAYS')) as Record<string, number>,
};
