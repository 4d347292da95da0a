import { ArnFormat, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { PROVIDERS } from '#domain/event-values';
import { DEFAULT_OUTAGE_POLICY, DEFAULT_PAYMENT_DEADLINE_DAY } from '#domain/outage-retry';
import { type Access, grantAccess } from './constructs/access.ts';
import { GatewayApi, HttpMethod } from './constructs/api.ts';
import { ExecutionEndWatch } from './constructs/execution-end-watch.ts';
import { GatewayFunction, type GatewayFunctionProps } from './constructs/gateway-function.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { OutboxSweep } from './constructs/outbox-sweep.ts';
import { QueueWatchdog } from './constructs/queue-watchdog.ts';
import { SchemeAuthorisationWorkflow } from './constructs/scheme-authorisation-workflow.ts';
import { ProviderSecrets } from './constructs/secrets.ts';
import { Storage } from './constructs/storage.ts';
import { SubmissionWorkflow } from './constructs/submission-workflow.ts';
import { ScheduledSyncs, type SyncRates } from './constructs/syncs.ts';

export const STACK_NAME = 'PensionGateway';

/** Where a payroll too large for a request body goes: a presigned upload, then a submission naming it. */
export const UPLOAD_ROUTE_PATH = '/v1/schemes/{schemeId}/uploads';

/**
 * The steps that hold a whole payroll (check an upload, render and send it), sized from `npm run bench`
 * (test/bench/uploads.ts): at 100,000 employees (54 MB of JSON) the check peaks at about 345 MB RSS and a
 * render-and-send at 225 MB; the largest upload taken (100 MiB) needs about twice that.
 */
const DOCUMENT_STEP = { memorySize: 1024, timeout: Duration.minutes(5) };

export interface ProviderEndpoints {
  /** TPP API origin; the client adds `/api/v2/...`. */
  tppApiUrl: string;
  /** TPP authorisation server origin; the client adds `/connect/...`. */
  tppAuthUrl: string;
  /** PensionSync API origin; the client adds `/api/...`. */
  pensionSyncApiUrl: string;
}

/** How provider outages are waited out (shared/domain/outage-retry); tests shrink the backoff. */
export interface DeliveryTuning {
  retryBaseSeconds: number;
  retryMaxSeconds: number;
  /** Per provider, the day of the month after a period by which contributions are due. */
  paymentDeadlineDays: Record<string, number>;
  /** How often the queue watchdog looks for TPP account queues whose head is due. */
  queueWatchdogMinutes: number;
}

export const DEFAULT_DELIVERY_TUNING: DeliveryTuning = {
  retryBaseSeconds: DEFAULT_OUTAGE_POLICY.baseDelayMs / 1000,
  retryMaxSeconds: DEFAULT_OUTAGE_POLICY.maxDelayMs / 1000,
  paymentDeadlineDays: Object.fromEntries(PROVIDERS.map((p) => [p, DEFAULT_PAYMENT_DEADLINE_DAY])),
  queueWatchdogMinutes: 5,
};

export interface PensionGatewayStackProps extends StackProps {
  providers: ProviderEndpoints;
  syncRates?: Partial<SyncRates>;
  delivery?: Partial<DeliveryTuning>;
  /** Emailed every alarm (CDK context `alarmEmail`); optional. */
  alarmEmail?: string;
}

/** The whole gateway: storage, secrets, events, the submission workflow and the API in front. */
export class PensionGatewayStack extends Stack {
  constructor(scope: Construct, id: string, props: PensionGatewayStackProps) {
    super(scope, id, props);
    const storage = new Storage(this, 'Storage');
    const secrets = new ProviderSecrets(this, 'Secrets');
    const bus = new EventBus(this, 'Events', { description: 'Pension Gateway events for payroll' });

    // Workflows are named, and their ARNs built from the names: functions that start them are also
    // their steps or are granted before they exist, and a reference would make a cycle.
    const stateMachineArn = (name: string) =>
      this.formatArn({
        service: 'states',
        resource: 'stateMachine',
        resourceName: name,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    const workflowName = `${this.stackName}-SubmissionWorkflow`;
    const submissionWorkflowArn = stateMachineArn(workflowName);
    const authorisationWorkflowName = `${this.stackName}-SchemeAuthorisationWorkflow`;
    const schemeAuthorisationWorkflowArn = stateMachineArn(authorisationWorkflowName);
    const optOutSyncWorkflowName = `${this.stackName}-OptOutSyncWorkflow`;
    const schemeSyncWorkflowName = `${this.stackName}-SchemeSyncWorkflow`;
    const environment = {
      TABLE_NAME: storage.table.tableName,
      DOCUMENTS_BUCKET: storage.documents.bucketName,
      EVENT_BUS_NAME: bus.eventBusName,
      TPP_API_URL: props.providers.tppApiUrl,
      TPP_AUTH_URL: props.providers.tppAuthUrl,
      TPP_CLIENT_SECRET_ARN: secrets.tppClient.secretArn,
      CONNECTION_SECRET_PREFIX: secrets.connectionPrefix,
      PENSIONSYNC_API_URL: props.providers.pensionSyncApiUrl,
      PENSIONSYNC_SECRET_ARN: secrets.pensionSyncConsumer.secretArn,
      SUBMISSION_WORKFLOW_ARN: submissionWorkflowArn,
      SCHEME_AUTHORISATION_WORKFLOW_ARN: schemeAuthorisationWorkflowArn,
      ...deliveryEnvironment({ ...DEFAULT_DELIVERY_TUNING, ...props.delivery }),
    };
    const resources = {
      table: storage.table,
      documents: storage.documents,
      bus,
      secrets,
      submissionWorkflowArn,
      schemeAuthorisationWorkflowArn,
      syncWorkflowArns: [optOutSyncWorkflowName, schemeSyncWorkflowName].map(stateMachineArn),
    };
    const operation = (
      id: string,
      entry: string,
      description: string,
      access: Access[],
      settings: Pick<GatewayFunctionProps, 'memorySize' | 'timeout'> = {},
    ) => {
      const fn = new GatewayFunction(this, id, { entry, description, environment, ...settings });
      grantAccess(fn, resources, access);
      return fn;
    };
    // Calling TPP may refresh the connection's token: a lease in the table, the secret, an event on refusal.
    const tppCaller: Access[] = ['state:write', 'events:put', 'tpp:tokens', 'tpp:client'];
    const tppStep: Access[] = [...tppCaller, 'documents:write'];
    const pensionSyncCaller: Access[] = ['pensionsync:client'];
    const pensionSyncStep: Access[] = ['state:write', 'events:put', 'documents:write', 'pensionsync:client'];

    new SubmissionWorkflow(this, 'SubmissionWorkflow', {
      name: workflowName,
      steps: {
        acquireAccountSlot: operation(
          'AcquireAccountSlot',
          'functions/workflow/acquire-account-slot.ts',
          'Workflow: queue for the TPP account, one submission in flight',
          // documents: the account reads it makes are kept in the submission's audit trail.
          [...tppCaller, 'workflow:start', 'documents:write'],
        ),
        releaseAccountSlot: operation(
          'ReleaseAccountSlot',
          'functions/workflow/release-account-slot.ts',
          'Workflow: free the TPP account and start the next queued submission',
          ['state:write', 'workflow:start'],
        ),
        prepare: operation(
          'PrepareSubmission',
          'functions/workflow/prepare-submission.ts',
          'Workflow: load a submission; check an uploaded document',
          ['documents:write', ...tppCaller, ...pensionSyncCaller],
          DOCUMENT_STEP,
        ),
        submitContributions: operation(
          'TppSubmitContributions',
          'functions/tpp/submit-contributions.ts',
          'TPP: POST /contributions',
          tppStep,
          DOCUMENT_STEP,
        ),
        getContributionsStatus: operation(
          'TppGetContributionsStatus',
          'functions/tpp/get-contributions-status.ts',
          'TPP: GET /contributions/{id}/status',
          tppStep,
        ),
        getContributionsErrors: operation(
          'TppGetContributionsErrors',
          'functions/tpp/get-contributions-errors.ts',
          'TPP: GET /contributions/{id}/errors',
          tppStep,
        ),
        submitPass: operation(
          'PensionSyncSubmitPass',
          'functions/pensionsync/submit-pass.ts',
          'PensionSync: POST /api/membermaintenance_and_contributions/{destinationId}',
          pensionSyncStep,
          DOCUMENT_STEP,
        ),
        submitPapdis: operation(
          'PensionSyncSubmitPapdis',
          'functions/pensionsync/submit-papdis.ts',
          'PensionSync: POST /api/submission/intermediary/{intermediaryId}',
          pensionSyncStep,
          DOCUMENT_STEP,
        ),
        getJob: operation(
          'PensionSyncGetJob',
          'functions/pensionsync/get-job.ts',
          'PensionSync: GET /api/job/{jobId}',
          pensionSyncStep,
        ),
        getJobErrors: operation(
          'PensionSyncGetJobErrors',
          'functions/pensionsync/get-job-errors.ts',
          'PensionSync: GET /api/job/error/{jobId}',
          pensionSyncStep,
        ),
        recordOutcome: operation(
          'RecordOutcome',
          'functions/workflow/record-outcome.ts',
          'Workflow: record how it ended',
          ['state:write', 'events:put'],
        ),
      },
    });

    new SchemeAuthorisationWorkflow(this, 'SchemeAuthorisationWorkflow', {
      name: authorisationWorkflowName,
      checkAuthorisation: operation(
        'PensionSyncCheckScopeAuthorization',
        'functions/pensionsync/check-scope-authorization.ts',
        'PensionSync: GET .../scopeAuthorization, then SASS once authorised',
        ['state:write', 'events:put', 'pensionsync:client'],
      ),
    });

    new ScheduledSyncs(this, 'Syncs', {
      operation,
      rates: props.syncRates,
      workflowNames: { optOuts: optOutSyncWorkflowName, schemes: schemeSyncWorkflowName },
      schemeSyncAccess: [...tppCaller, ...pensionSyncCaller, 'workflow:start'],
    });

    new QueueWatchdog(this, 'QueueWatchdog', {
      name: `${this.stackName}-QueueWatchdogWorkflow`,
      every: Duration.minutes(
        props.delivery?.queueWatchdogMinutes ?? DEFAULT_DELIVERY_TUNING.queueWatchdogMinutes,
      ),
      restart: operation(
        'RestartDueQueues',
        'functions/workflow/restart-due-queues.ts',
        'Workflow: start every TPP account queue whose head is due',
        [...tppCaller, 'workflow:start'],
      ),
    });

    const createSubmission = operation(
      'CreateSubmission',
      'functions/api/create-submission.ts',
      'API: accept a payroll submission',
      ['state:write', 'documents:write', 'events:put', 'workflow:start', ...tppCaller, ...pensionSyncCaller],
    );
    const createUpload = operation(
      'CreateUpload',
      'functions/api/create-upload.ts',
      'API: a presigned PUT for a payroll too large for a request body',
      ['state:write', 'documents:write'],
    );

    const api = new GatewayApi(this, 'Api', [
      {
        method: HttpMethod.POST,
        path: '/v1/intermediaries',
        handler: operation(
          'CreateIntermediary',
          'functions/api/create-intermediary.ts',
          'PensionSync: POST /api/admin/intermediary',
          ['state:write', ...pensionSyncCaller],
        ),
      },
      {
        method: HttpMethod.POST,
        path: '/v1/intermediaries/{intermediaryId}/dashboard-link',
        handler: operation(
          'CreateDashboardLink',
          'functions/api/create-dashboard-link.ts',
          'PensionSync: POST /api/admin/intermediary/{id}/smtAuthorization',
          ['state:read', ...pensionSyncCaller],
        ),
      },
      {
        method: HttpMethod.GET,
        path: '/v1/pensionsync/destinations',
        handler: operation(
          'ListPensionSyncDestinations',
          'functions/api/list-pensionsync-destinations.ts',
          'PensionSync: destination information',
          pensionSyncCaller,
        ),
      },
      {
        method: HttpMethod.POST,
        path: '/v1/tpp/connections',
        handler: operation(
          'CreateTppConnection',
          'functions/api/create-tpp-connection.ts',
          'API: start a TPP OAuth 2 connection',
          ['state:write', 'tpp:client'],
        ),
      },
      {
        method: HttpMethod.GET,
        path: '/v1/tpp/callback',
        handler: operation(
          'TppCallback',
          'functions/api/tpp-callback.ts',
          'API: TPP OAuth 2 redirect target',
          tppCaller,
        ),
        publicBecause:
          'The customer’s browser lands here from TPP; the single-use, expiring OAuth state authorises the call.',
      },
      {
        method: HttpMethod.GET,
        path: '/v1/tpp/connections/{connectionId}/accounts',
        handler: operation(
          'ListTppAccounts',
          'functions/api/list-tpp-accounts.ts',
          'TPP: GET /accounts for a connection',
          tppCaller,
        ),
      },
      {
        method: HttpMethod.POST,
        path: '/v1/schemes',
        handler: operation('CreateScheme', 'functions/api/create-scheme.ts', 'API: link a scheme', [
          ...tppCaller,
          ...pensionSyncCaller,
          'authorisation-workflow:start',
        ]),
      },
      {
        method: HttpMethod.GET,
        path: '/v1/schemes/{schemeId}',
        handler: operation('GetScheme', 'functions/api/get-scheme.ts', 'API: one scheme and its details', [
          'state:read',
        ]),
      },
      {
        method: HttpMethod.POST,
        path: '/v1/schemes/{schemeId}/refresh',
        handler: operation(
          'RefreshScheme',
          'functions/api/refresh-scheme.ts',
          'API: re-read scheme details and authorisation',
          [...tppCaller, ...pensionSyncCaller, 'workflow:start'],
        ),
      },
      {
        method: HttpMethod.GET,
        path: '/v1/schemes/{schemeId}/history',
        handler: operation(
          'ListSchemeHistory',
          'functions/api/list-scheme-history.ts',
          'API: a scheme’s history',
          ['state:read'],
        ),
      },
      {
        method: HttpMethod.GET,
        path: '/v1/schemes/{schemeId}/opt-outs',
        handler: operation('ListOptOuts', 'functions/api/list-opt-outs.ts', 'API: a scheme’s opt-outs', [
          'state:read',
        ]),
      },
      {
        method: HttpMethod.POST,
        path: '/v1/schemes/{schemeId}/opt-outs/sync',
        handler: operation(
          'SyncOptOuts',
          'functions/api/sync-opt-outs.ts',
          'API: pull a scheme’s opt-outs (and cessations) now',
          [...tppCaller, ...pensionSyncCaller],
        ),
      },
      { method: HttpMethod.POST, path: '/v1/schemes/{schemeId}/submissions', handler: createSubmission },
      {
        method: HttpMethod.GET,
        path: '/v1/sync-runs/{runId}',
        handler: operation(
          'GetSyncRun',
          'functions/api/get-sync-run.ts',
          'API: a scheduled sync run’s summary',
          ['state:read'],
        ),
      },
      {
        method: HttpMethod.GET,
        path: '/v1/schemes/{schemeId}/submissions',
        handler: operation(
          'ListSubmissions',
          'functions/api/list-submissions.ts',
          'API: list a scheme’s submissions',
          ['state:read'],
        ),
      },
      {
        method: HttpMethod.GET,
        path: '/v1/submissions/{submissionId}',
        handler: operation('GetSubmission', 'functions/api/get-submission.ts', 'API: one submission', [
          'state:read',
          'documents:read',
        ]),
      },
      {
        method: HttpMethod.POST,
        path: '/v1/submissions/{submissionId}/retry',
        handler: operation(
          'RetrySubmission',
          'functions/api/retry-submission.ts',
          'API: send a submission in error again',
          ['state:write', 'events:put', 'workflow:start'],
        ),
      },
      {
        method: HttpMethod.POST,
        path: '/v1/submissions/{submissionId}/cancel',
        handler: operation(
          'CancelSubmission',
          'functions/api/cancel-submission.ts',
          'API: withdraw a submission still queued',
          ['state:write', 'events:put'],
        ),
      },
      { method: HttpMethod.POST, path: UPLOAD_ROUTE_PATH, handler: createUpload },
      {
        method: HttpMethod.GET,
        path: '/v1/openapi.json',
        handler: operation('GetOpenApi', 'functions/api/get-openapi.ts', 'API: this API in OpenAPI 3.1', []),
      },
      {
        method: HttpMethod.GET,
        path: '/v1/submissions/{submissionId}/documents',
        handler: operation(
          'ListSubmissionDocuments',
          'functions/api/list-submission-documents.ts',
          'API: a submission’s audit trail, each document behind a short-lived download link',
          ['state:read', 'documents:read'],
        ),
      },
      {
        method: HttpMethod.GET,
        path: '/v1/schemes',
        handler: operation('ListSchemes', 'functions/api/list-schemes.ts', 'API: list schemes by filters', [
          'state:read',
        ]),
      },
      {
        method: HttpMethod.DELETE,
        path: '/v1/schemes/{schemeId}',
        handler: operation(
          'UnlinkScheme',
          'functions/api/unlink-scheme.ts',
          'API: unlink a scheme (history kept)',
          ['state:write', 'events:put'],
        ),
      },
      {
        method: HttpMethod.GET,
        path: '/v1/tpp/connections',
        handler: operation(
          'ListTppConnections',
          'functions/api/list-tpp-connections.ts',
          'API: list TPP connections',
          ['state:read'],
        ),
      },
      {
        method: HttpMethod.GET,
        path: '/v1/intermediaries',
        handler: operation(
          'ListIntermediaries',
          'functions/api/list-intermediaries.ts',
          'API: list PensionSync intermediaries',
          ['state:read'],
        ),
      },
      {
        method: HttpMethod.POST,
        path: '/v1/submissions/{submissionId}/mark-sent',
        handler: operation(
          'MarkSubmissionSent',
          'functions/api/mark-submission-sent.ts',
          'API: record a submission delivered outside the gateway',
          ['state:write', 'events:put', 'workflow:start'],
        ),
      },
      {
        method: HttpMethod.GET,
        path: '/v1/submissions/{submissionId}/errors.csv',
        handler: operation(
          'GetSubmissionErrorsCsv',
          'functions/api/get-submission-errors-csv.ts',
          'API: a submission’s errors as CSV',
          ['state:read', 'documents:read'],
        ),
      },
      {
        method: HttpMethod.POST,
        path: '/v1/schemes/{schemeId}/papdis',
        handler: operation(
          'CreatePapdisFile',
          'functions/api/create-papdis-file.ts',
          'API: a PAPDIS file for upload by hand through PensionSync’s dashboard',
          ['state:write', 'events:put', ...pensionSyncCaller],
        ),
      },
    ]);

    new ExecutionEndWatch(this, 'SubmissionExecutionEnds', {
      stateMachineArn: submissionWorkflowArn,
      onEnd: operation(
        'RecordExecutionEnd',
        'functions/workflow/record-execution-end.ts',
        'Workflow: record a submission whose execution failed, timed out or was stopped; free its slot',
        ['state:write', 'events:put', 'workflow:start'],
      ),
    });
    new OutboxSweep(this, 'OutboxSweep', {
      sweep: operation(
        'SweepOutbox',
        'functions/workflow/sweep-outbox.ts',
        'Events: publish what steps stored but did not get onto the bus',
        ['state:write', 'events:put'],
      ),
    });

    new CfnOutput(this, 'ApiUrl', { value: api.httpApi.apiEndpoint });
    new CfnOutput(this, 'EventBusName', { value: bus.eventBusName });
    new CfnOutput(this, 'TppClientSecretArn', { value: secrets.tppClient.secretArn });
    new CfnOutput(this, 'PensionSyncConsumerSecretArn', { value: secrets.pensionSyncConsumer.secretArn });

    const monitoring = new Monitoring(this, 'Monitoring', { api: api.httpApi, alarmEmail: props.alarmEmail });
    new CfnOutput(this, 'AlarmTopicArn', { value: monitoring.topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: monitoring.dashboard.dashboardName });
  }
}

function deliveryEnvironment(tuning: DeliveryTuning): Record<string, string> {
  return {
    PROVIDER_RETRY_BASE_SECONDS: String(tuning.retryBaseSeconds),
    PROVIDER_RETRY_MAX_SECONDS: String(tuning.retryMaxSeconds),
    PAYMENT_DEADLINE_DAYS: JSON.stringify({
      ...DEFAULT_DELIVERY_TUNING.paymentDeadlineDays,
      ...tuning.paymentDeadlineDays,
    }),
  };
}
