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
};
