import { type CfnElement, CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { GatewayApi, HttpMethod } from './constructs/api.ts';
import { GatewayFunction } from './constructs/gateway-function.ts';
import { ProviderSecrets } from './constructs/secrets.ts';
import { Storage } from './constructs/storage.ts';
import { SubmissionWorkflow } from './constructs/submission-workflow.ts';

export const STACK_NAME = 'PensionGateway';

export interface ProviderEndpoints {
  /** TPP API origin; the client adds `/api/v2/...`. */
  tppApiUrl: string;
  /** TPP authorisation server origin; the client adds `/connect/...`. */
  tppAuthUrl: string;
}

export interface PensionGatewayStackProps extends StackProps {
  providers: ProviderEndpoints;
}

/** The whole gateway: storage, secrets, events, the submission workflow and the API in front. */
export class PensionGatewayStack extends Stack {
  constructor(scope: Construct, id: string, props: PensionGatewayStackProps) {
    super(scope, id, props);
    const storage = new Storage(this, 'Storage');
    const secrets = new ProviderSecrets(this, 'Secrets');
    const bus = new EventBus(this, 'Events', { description: 'Pension Gateway events for payroll' });

    const environment = {
      TABLE_NAME: storage.table.tableName,
      DOCUMENTS_BUCKET: storage.documents.bucketName,
      EVENT_BUS_NAME: bus.eventBusName,
      TPP_API_URL: props.providers.tppApiUrl,
      TPP_AUTH_URL: props.providers.tppAuthUrl,
      TPP_CLIENT_SECRET_ARN: secrets.tppClient.secretArn,
      CONNECTION_SECRET_PREFIX: secrets.connectionPrefix,
    };
    const operation = (id: string, entry: string, description: string) => {
      const fn = new GatewayFunction(this, id, { entry, description, environment });
      storage.table.grantReadWriteData(fn);
      storage.documents.grantReadWrite(fn);
      bus.grantPutEventsTo(fn);
      secrets.grantConnectionTokens(fn);
      secrets.tppClient.grantRead(fn);
      return fn;
    };

    const workflow = new SubmissionWorkflow(this, 'SubmissionWorkflow', {
      prepare: operation(
        'PrepareSubmission',
        'functions/workflow/prepare-submission.ts',
        'Workflow: load a submission',
      ),
      submitContributions: operation(
        'TppSubmitContributions',
        'functions/tpp/submit-contributions.ts',
        'TPP: POST /contributions',
      ),
      getContributionsStatus: operation(
        'TppGetContributionsStatus',
        'functions/tpp/get-contributions-status.ts',
        'TPP: GET /contributions/{id}/status',
      ),
      getContributionsErrors: operation(
        'TppGetContributionsErrors',
        'functions/tpp/get-contributions-errors.ts',
        'TPP: GET /contributions/{id}/errors',
      ),
      recordOutcome: operation(
        'RecordOutcome',
        'functions/workflow/record-outcome.ts',
        'Workflow: record how it ended',
      ),
    });

    const createSubmission = operation(
      'CreateSubmission',
      'functions/api/create-submission.ts',
      'API: accept a payroll submission',
    );
    createSubmission.addEnvironment('SUBMISSION_WORKFLOW_ARN', workflow.stateMachine.stateMachineArn);
    workflow.stateMachine.grantStartExecution(createSubmission);

    const api = new GatewayApi(this, 'Api', [
      {
        method: HttpMethod.POST,
        path: '/v1/schemes',
        handler: operation('CreateScheme', 'functions/api/create-scheme.ts', 'API: link a scheme'),
      },
      {
        method: HttpMethod.GET,
        path: '/v1/schemes/{schemeId}',
        handler: operation('GetScheme', 'functions/api/get-scheme.ts', 'API: one scheme and its details'),
      },
      { method: HttpMethod.POST, path: '/v1/schemes/{schemeId}/submissions', handler: createSubmission },
      {
        method: HttpMethod.GET,
        path: '/v1/schemes/{schemeId}/submissions',
        handler: operation(
          'ListSubmissions',
          'functions/api/list-submissions.ts',
          'API: list a scheme’s submissions',
        ),
      },
      {
        method: HttpMethod.GET,
        path: '/v1/submissions/{submissionId}',
        handler: operation('GetSubmission', 'functions/api/get-submission.ts', 'API: one submission'),
      },
    ]);

    new CfnOutput(this, 'ApiUrl', { value: api.httpApi.apiEndpoint });
    new CfnOutput(this, 'EventBusName', { value: bus.eventBusName });
    new CfnOutput(this, 'TppClientSecretArn', { value: secrets.tppClient.secretArn });
    acknowledgeNagFindings(this, storage, secrets);
  }
}

/** cdk-nag AwsSolutions findings the design accepts, each with its reason. */
function acknowledgeNagFindings(stack: Stack, storage: Storage, secrets: ProviderSecrets): void {
  const validations = Validations.of(stack);
  const logicalId = (construct: Construct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const acknowledge = (reason: string, ...findings: string[]) => {
    for (const finding of findings) validations.acknowledge({ id: `AwsSolutions-${finding}`, reason });
  };
  acknowledge(
    'AWSLambdaBasicExecutionRole is the minimal managed policy that lets a function write its own logs.',
    'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
  );
  acknowledge('Node 22 is the runtime the gateway is built and tested on (package.json pins it).', 'L1');
  acknowledge(
    'CDK grants on this stack’s own documents bucket: object-level actions need the bucket’s object wildcard.',
    'IAM5[Action::s3:Abort*]',
    'IAM5[Action::s3:DeleteObject*]',
    'IAM5[Action::s3:GetBucket*]',
    'IAM5[Action::s3:GetObject*]',
    'IAM5[Action::s3:List*]',
    `IAM5[Resource::<${logicalId(storage.documents)}.Arn>/*]`,
  );
  acknowledge(
    'Queries use the table’s own indexes.',
    `IAM5[Resource::<${logicalId(storage.table)}.Arn>/index/*]`,
  );
  acknowledge(
    'Each TPP connection gets its own secret, created at run time under this stack’s name prefix.',
    `IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${secrets.connectionPrefix}*]`,
  );
  acknowledge('X-Ray and log delivery APIs take no resource-level permissions.', 'IAM5[Resource::*]');
  acknowledge(
    'TPP client credentials are issued by TPP’s developer hub and rotated there, by a person.',
    'SMG4',
  );
  acknowledge('The access-log bucket receives server access logs; logging it into itself would loop.', 'S1');
}
