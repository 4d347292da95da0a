import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_OPERATIONS } from '#http/api-contract';
import { openApiDocument } from '#http/openapi';
import { PensionGatewayStack, STACK_NAME } from '../../infra/stack.ts';
import { describeAuditTrail } from './audit-trail.ts';

/** Synthesized template assertions: what the stack promises about security, storage and wiring. */

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROVIDERS = {
  tppApiUrl: 'https://api.example.test',
  tppAuthUrl: 'https://auth.example.test',
  pensionSyncApiUrl: 'https://pensionsync.example.test',
};
const ENTRY_METADATA = 'pension-gateway:entry';
const PENSIONSYNC_ROUTES = [
  'POST /v1/intermediaries',
  'POST /v1/intermediaries/{intermediaryId}/dashboard-link',
  'GET /v1/pensionsync/destinations',
];
/** The workflow steps that talk to PensionSync: one function per file. */
const PENSIONSYNC_STEPS = readdirSync(join(REPO_ROOT, 'functions/pensionsync'))
  .filter((file) => file.endsWith('.ts'))
  .map((file) => `functions/pensionsync/${file}`);
const PENSIONSYNC_API = [
  'functions/api/create-intermediary.ts',
  'functions/api/create-dashboard-link.ts',
  'functions/api/list-pensionsync-destinations.ts',
];
/**
 * Functions that must call PensionSync: its own steps and routes, and those that serve both providers. Others
 * may join them; which functions can call it is read from their bundles (see `pensionSyncCallers`).
 */
const KNOWN_PENSIONSYNC_CALLERS = [
  ...PENSIONSYNC_STEPS,
  ...PENSIONSYNC_API,
  'functions/api/create-scheme.ts',
  'functions/api/create-submission.ts',
  'functions/api/refresh-scheme.ts',
  'functions/api/sync-opt-outs.ts',
];
/** The PensionSync client's module, which reads the consumer secret before any call. */
const PENSIONSYNC_CLIENT = 'shared/providers/pensionsync/client.ts';
/**
 * AcquireAccountSlot refreshes a scheme's details, which go through PensionSync for a PensionSync scheme; it
 * runs only on the SubmissionWorkflow's TPP direct branch, so it never does. Nor does the queue watchdog,
 * which looks only at TPP account queues.
 */
const TPP_ONLY = ['functions/workflow/acquire-account-slot.ts', 'functions/workflow/restart-due-queues.ts'];

interface CfnResource {
  Type: string;
  Properties: Record<string, any>;
  Metadata?: Record<string, unknown>;
}

let template: Template;
let resources: Record<string, CfnResource>;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new PensionGatewayStack(app, STACK_NAME, { providers: PROVIDERS });
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as Record<string, CfnResource>;
});

function ofType(type: string): [string, CfnResource][] {
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

function stateMachineNamed(workflow: string): [string, CfnResource] {
  const found = ofType('AWS::StepFunctions::StateMachine').filter(
    ([, machine]) => machine.Properties.StateMachineName === `${STACK_NAME}-${workflow}`,
  );
  expect(found, workflow).toHaveLength(1);
  return found[0] as [string, CfnResource];
}

function onlyOfType(type: string): [string, CfnResource] {
  const found = ofType(type);
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0] as [string, CfnResource];
}

function functions(): [string, CfnResource][] {
  const found = ofType('AWS::Lambda::Function');
  expect(found.length).toBeGreaterThan(0);
  return found;
}

function functionByEntry(entry: string): [string, CfnResource] {
  const found = functions().filter(([, fn]) => fn.Metadata?.[ENTRY_METADATA] === entry);
  expect(found, `one function for ${entry}`).toHaveLength(1);
  return found[0] as [string, CfnResource];
}

/** The logical id a `{ Ref }` or `{ Fn::GetAtt: [id, 'Arn'] }` points at. */
function target(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const ref = (value as { Ref?: unknown }).Ref;
  if (typeof ref === 'string') return ref;
  const getAtt = (value as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  return undefined;
}

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

/** The statements of every IAM policy attached to the role. */
function statementsOfRole(roleId: string | undefined): Statement[] {
  expect(roleId).toBeDefined();
  return ofType('AWS::IAM::Policy')
    .filter(([, policy]) => (policy.Properties.Roles as unknown[]).some((role) => target(role) === roleId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

const listOf = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Whether any statement lets the role read the secret's value: the action and the secret (or `*`) named. */
function canReadSecret(statements: Statement[], secretId: string): boolean {
  return statements.some(
    (statement) =>
      statement.Effect === 'Allow' &&
      listOf(statement.Action).some((action) =>
        ['secretsmanager:GetSecretValue', 'secretsmanager:*', '*'].includes(action),
      ) &&
      listOf(statement.Resource).some((resource) => resource === '*' || target(resource) === secretId),
  );
}

/** The roles of the template that can read the secret. */
function rolesReading(secretId: string): string[] {
  return ofType('AWS::IAM::Role')
    .filter(([roleId]) => canReadSecret(statementsOfRole(roleId), secretId))
    .map(([roleId]) => roleId)
    .sort();
}

describe('HTTP API', () => {
  it('is a single HTTP API, with no REST API or function URL beside it', () => {
    const [, api] = onlyOfType('AWS::ApiGatewayV2::Api');
    expect(api.Properties.ProtocolType).toBe('HTTP');
    template.resourceCountIs('AWS::ApiGateway::RestApi', 0);
    template.resourceCountIs('AWS::Lambda::Url', 0);
  });

  it('requires IAM (SigV4) authorization on every route but the OAuth redirect target', () => {
    const [apiId] = onlyOfType('AWS::ApiGatewayV2::Api');
    const routes = ofType('AWS::ApiGatewayV2::Route');
    expect(routes.length).toBeGreaterThan(0);
    for (const [id, route] of routes) {
      expect(target(route.Properties.ApiId), id).toBe(apiId);
      const expected = route.Properties.RouteKey === 'GET /v1/tpp/callback' ? 'NONE' : 'AWS_IAM';
      expect(route.Properties.AuthorizationType, `${id} ${route.Properties.RouteKey}`).toBe(expected);
    }
  });

  it('routes exactly the (method, path) pairs docs/openapi.json describes, IAM on all it does not mark public', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);
    const keys = routes.map((route) => route.RouteKey as string);
    expect(keys.length, 'a route is declared twice').toBe(new Set(keys).size);
    const operations = Object.entries(openApiDocument().paths as Record<string, Record<string, any>>).flatMap(
      ([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({
          key: `${method.toUpperCase()} ${path}`,
          public: operation.security?.length === 0,
        })),
    );
    expect(new Set(keys)).toEqual(new Set(operations.map((operation) => operation.key)));
    const publicRoutes = routes
      .filter((route) => route.AuthorizationType === 'NONE')
      .map((route) => route.RouteKey);
    expect(new Set(publicRoutes)).toEqual(new Set(operations.filter((o) => o.public).map((o) => o.key)));
  });

  it('answers each route from a handler typed with its catalogue entry, so its bodies match the document', () => {
    const operationIds = new Map(
      Object.entries(API_OPERATIONS).map(([id, operation]) => [`${operation.method} ${operation.path}`, id]),
    );
    for (const [, route] of ofType('AWS::ApiGatewayV2::Route')) {
      const routeKey = route.Properties.RouteKey as string;
      const integrationId = target((route.Properties.Target?.['Fn::Join']?.[1] as unknown[])?.[1]);
      const fnId = target(integrationId ? resources[integrationId]?.Properties.IntegrationUri : undefined);
      const entry = fnId ? resources[fnId]?.Metadata?.[ENTRY_METADATA] : undefined;
      expect(typeof entry, routeKey).toBe('string');
      const source = readFileSync(join(REPO_ROOT, entry as string), 'utf8');
      expect(source, `${entry} (${routeKey})`).toContain(`OperationResult<'${operationIds.get(routeKey)}'>`);
    }
  });

  it('serves the v1 routes, each through its own function', () => {
    const expected: Record<string, string> = {
      'POST /v1/schemes': 'functions/api/create-scheme.ts',
      'POST /v1/schemes/{schemeId}/submissions': 'functions/api/create-submission.ts',
      'GET /v1/schemes/{schemeId}/submissions': 'functions/api/list-submissions.ts',
      'GET /v1/submissions/{submissionId}': 'functions/api/get-submission.ts',
      'POST /v1/tpp/connections': 'functions/api/create-tpp-connection.ts',
      'GET /v1/tpp/callback': 'functions/api/tpp-callback.ts',
      'GET /v1/tpp/connections/{connectionId}/accounts': 'functions/api/list-tpp-accounts.ts',
      'POST /v1/intermediaries': 'functions/api/create-intermediary.ts',
      'POST /v1/intermediaries/{intermediaryId}/dashboard-link': 'functions/api/create-dashboard-link.ts',
      'GET /v1/pensionsync/destinations': 'functions/api/list-pensionsync-destinations.ts',
    };
    const routes = new Map(
      ofType('AWS::ApiGatewayV2::Route').map(([, route]) => [route.Properties.RouteKey as string, route]),
    );
    for (const [routeKey, entry] of Object.entries(expected)) {
      const route = routes.get(routeKey);
      expect(route, routeKey).toBeDefined();
      // Target is `integrations/<integration id>`.
      const targetParts = route?.Properties.Target?.['Fn::Join']?.[1] as unknown[];
      const integrationId = target(targetParts?.[1]);
      const integration = integrationId ? resources[integrationId] : undefined;
      expect(integration?.Type, routeKey).toBe('AWS::ApiGatewayV2::Integration');
      const [fnId] = functionByEntry(entry);
      expect(target(integration?.Properties.IntegrationUri), routeKey).toBe(fnId);
    }
  });

  it('serves the PensionSync routes with IAM (SigV4) authorization', () => {
    const [apiId] = onlyOfType('AWS::ApiGatewayV2::Api');
    const routes = new Map(
      ofType('AWS::ApiGatewayV2::Route').map(([, route]) => [route.Properties.RouteKey as string, route]),
    );
    for (const routeKey of PENSIONSYNC_ROUTES) {
      const route = routes.get(routeKey);
      expect(route, routeKey).toBeDefined();
      expect(target(route?.Properties.ApiId), routeKey).toBe(apiId);
      expect(route?.Properties.AuthorizationType, routeKey).toBe('AWS_IAM');
      expect(route?.Properties.AuthorizerId, routeKey).toBeUndefined();
    }
  });

  it('writes access logs from the default stage to a log group', () => {
    const [apiId] = onlyOfType('AWS::ApiGatewayV2::Api');
    const [, stage] = onlyOfType('AWS::ApiGatewayV2::Stage');
    expect(stage.Properties.StageName).toBe('$default');
    expect(target(stage.Properties.ApiId)).toBe(apiId);
    const settings = stage.Properties.AccessLogSettings;
    expect(settings).toBeDefined();
    const destination = target(settings.DestinationArn);
    expect(destination && resources[destination]?.Type).toBe('AWS::Logs::LogGroup');
    const format = JSON.parse(settings.Format as string) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      caller: '$context.identity.caller',
      route: '$context.routeKey',
      status: '$context.status',
    });
  });
});

describe('storage', () => {
  it('keeps state in an on-demand, point-in-time-recoverable, encrypted table keyed pk/sk with a byScheme index', () => {
    onlyOfType('AWS::DynamoDB::Table');
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({ IndexName: 'byScheme' })]),
    });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('keeps documents in an encrypted, versioned, fully private bucket that refuses plain HTTP', () => {
    const [, anyFunction] = functions()[0] as [string, CfnResource];
    const bucketId = target(anyFunction.Properties.Environment.Variables.DOCUMENTS_BUCKET);
    expect(bucketId).toBeDefined();
    const bucket = resources[bucketId as string];
    expect(bucket?.Type).toBe('AWS::S3::Bucket');
    const encryption = bucket?.Properties.BucketEncryption?.ServerSideEncryptionConfiguration as {
      ServerSideEncryptionByDefault?: { SSEAlgorithm?: string };
    }[];
    expect(encryption?.length).toBeGreaterThan(0);
    expect(['AES256', 'aws:kms', 'aws:kms:dsse']).toContain(
      encryption[0]?.ServerSideEncryptionByDefault?.SSEAlgorithm,
    );
    expect(bucket?.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket?.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });

    const policies = ofType('AWS::S3::BucketPolicy').filter(
      ([, policy]) => target(policy.Properties.Bucket) === bucketId,
    );
    expect(policies).toHaveLength(1);
    const statements = policies[0]?.[1].Properties.PolicyDocument.Statement as Record<string, any>[];
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('encrypts, blocks public access to, enforces TLS on and retains every bucket', () => {
    const buckets = ofType('AWS::S3::Bucket');
    expect(buckets.length).toBeGreaterThan(0);
    for (const [id, bucket] of buckets) {
      expect(bucket.Properties.BucketEncryption, id).toBeDefined();
      expect(bucket.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      const policy = ofType('AWS::S3::BucketPolicy').find(([, p]) => target(p.Properties.Bucket) === id);
      expect(JSON.stringify(policy?.[1].Properties.PolicyDocument), id).toContain('aws:SecureTransport');
    }
    template.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
  });
});

describe('secrets and events', () => {
  it('has a Secrets Manager secret for the TPP client credentials, handed to the functions', () => {
    const secrets = ofType('AWS::SecretsManager::Secret');
    expect(secrets.length).toBeGreaterThan(0);
    for (const [id, fn] of functions()) {
      const secretId = target(fn.Properties.Environment.Variables.TPP_CLIENT_SECRET_ARN);
      expect(secretId && resources[secretId]?.Type, id).toBe('AWS::SecretsManager::Secret');
    }
  });

  it('has an EventBridge bus, handed to the functions', () => {
    const [busId] = onlyOfType('AWS::Events::EventBus');
    for (const [id, fn] of functions()) {
      expect(target(fn.Properties.Environment.Variables.EVENT_BUS_NAME), id).toBe(busId);
    }
  });
});

describe('functions', () => {
  it('are Node 22 on arm64 with active tracing', () => {
    for (const [id, fn] of functions()) {
      expect(fn.Properties.Runtime, id).toBe('nodejs22.x');
      expect(fn.Properties.Architectures, id).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
    }
  });

  it('each name an existing source file in their entry metadata', () => {
    const entries = new Set<string>();
    for (const [id, fn] of functions()) {
      const entry = fn.Metadata?.[ENTRY_METADATA];
      expect(typeof entry, id).toBe('string');
      expect(existsSync(join(REPO_ROOT, entry as string)), `${id}: ${String(entry)}`).toBe(true);
      entries.add(entry as string);
    }
    // One operation, one function.
    expect(entries.size).toBe(functions().length);
  });

  it('are given the table, bucket, bus, secrets and provider origins', () => {
    const [tableId] = onlyOfType('AWS::DynamoDB::Table');
    for (const [id, fn] of functions()) {
      const env = fn.Properties.Environment?.Variables as Record<string, unknown>;
      expect(env, id).toBeDefined();
      expect(target(env.TABLE_NAME), id).toBe(tableId);
      expect(resources[target(env.DOCUMENTS_BUCKET) ?? '']?.Type, id).toBe('AWS::S3::Bucket');
      expect(target(env.EVENT_BUS_NAME), id).toBeDefined();
      expect(target(env.TPP_CLIENT_SECRET_ARN), id).toBeDefined();
      expect(env.CONNECTION_SECRET_PREFIX, id).toBe(`${STACK_NAME}/tpp-connections/`);
    }
  });

  it('get the provider origins from the stack props', () => {
    for (const [id, fn] of functions()) {
      const env = fn.Properties.Environment.Variables as Record<string, unknown>;
      expect(env.TPP_API_URL, id).toBe('https://api.example.test');
      expect(env.TPP_AUTH_URL, id).toBe('https://auth.example.test');
      expect(env.PENSIONSYNC_API_URL, id).toBe(PROVIDERS.pensionSyncApiUrl);
    }
    // Nothing falls back to the origins in cdk.json.
    expect(JSON.stringify(template.toJSON())).not.toContain('peoplespartnership');
    expect(JSON.stringify(template.toJSON())).not.toContain('api.pensionsync.com');
  });

  it('let CreateSubmission and ReleaseAccountSlot start the submission workflow, named without a reference', () => {
    const [, machine] = stateMachineNamed('SubmissionWorkflow');
    const name = machine.Properties.StateMachineName as string;
    expect(name).toBe(`${STACK_NAME}-SubmissionWorkflow`);
    for (const entry of [
      'functions/api/create-submission.ts',
      'functions/workflow/release-account-slot.ts',
    ]) {
      const [fnId, fn] = functionByEntry(entry);
      // The ARN is built from the name: the workflow's own step starts it, so a Ref would be a cycle.
      expect(JSON.stringify(fn.Properties.Environment.Variables.SUBMISSION_WORKFLOW_ARN)).toContain(
        `:${name}`,
      );
      const roleId = target(fn.Properties.Role);
      const policies = ofType('AWS::IAM::Policy').filter(([, policy]) =>
        (policy.Properties.Roles as unknown[]).some((role) => target(role) === roleId),
      );
      const statements = policies.flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
      expect(statements, fnId).toContainEqual(
        expect.objectContaining({
          Action: 'states:StartExecution',
          Effect: 'Allow',
          Resource: fn.Properties.Environment.Variables.SUBMISSION_WORKFLOW_ARN,
        }),
      );
    }
  });
});

describe('workflow state machines', () => {
  it.each(['SubmissionWorkflow', 'SchemeAuthorisationWorkflow'])(
    '%s is a STANDARD state machine logging ALL to a log group, with X-Ray tracing',
    (workflow) => {
      const [, machine] = stateMachineNamed(workflow);
      expect(machine.Properties.StateMachineType).toBe('STANDARD');
      const logging = machine.Properties.LoggingConfiguration;
      expect(logging?.Level).toBe('ALL');
      const destination = target(logging?.Destinations?.[0]?.CloudWatchLogsLogGroup?.LogGroupArn);
      expect(destination && resources[destination]?.Type).toBe('AWS::Logs::LogGroup');
      expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
    },
  );
});

describe('PensionSync', () => {
  const pensionSyncSecretId = () => {
    const [, anyFunction] = functions()[0] as [string, CfnResource];
    const secretId = target(anyFunction.Properties.Environment.Variables.PENSIONSYNC_SECRET_ARN);
    expect(secretId && resources[secretId]?.Type).toBe('AWS::SecretsManager::Secret');
    expect(resources[secretId as string]?.Properties.Description).toContain('PensionSync');
    return secretId as string;
  };

  it('has a function for each PensionSync step and route, at its entry', () => {
    expect(PENSIONSYNC_STEPS.sort()).toEqual([
      'functions/pensionsync/check-scope-authorization.ts',
      'functions/pensionsync/get-job-errors.ts',
      'functions/pensionsync/get-job.ts',
      'functions/pensionsync/submit-papdis.ts',
      'functions/pensionsync/submit-pass.ts',
    ]);
    for (const entry of [...PENSIONSYNC_STEPS, ...PENSIONSYNC_API]) {
      const [id, fn] = functionByEntry(entry);
      expect(fn.Properties.Handler, id).toBe('index.handler');
      expect(fn.Properties.Runtime, id).toBe('nodejs22.x');
    }
  });

  it('gives every function the PensionSync origin from the stack props and the consumer secret’s ARN', () => {
    const secretId = pensionSyncSecretId();
    for (const [id, fn] of functions()) {
      const env = fn.Properties.Environment.Variables as Record<string, unknown>;
      expect(env.PENSIONSYNC_API_URL, id).toBe(PROVIDERS.pensionSyncApiUrl);
      expect(target(env.PENSIONSYNC_SECRET_ARN), id).toBe(secretId);
    }
  });

  /**
   * The functions that can call PensionSync: those whose bundle keeps the client after tree shaking (what
   * esbuild keeps is what can run), less the TPP-only ones.
   */
  let callers: Promise<string[]> | undefined;
  const pensionSyncCallers = () => {
    callers ??= Promise.all(
      functions().map(async ([, fn]) => {
        const entry = fn.Metadata?.[ENTRY_METADATA] as string;
        const result = await build({
          entryPoints: [join(REPO_ROOT, entry)],
          absWorkingDir: REPO_ROOT,
          bundle: true,
          write: false,
          metafile: true,
          platform: 'node',
          format: 'esm',
          target: 'node22',
          packages: 'external',
          logLevel: 'silent',
        });
        const [output] = Object.values(result.metafile.outputs);
        return (output?.inputs[PENSIONSYNC_CLIENT]?.bytesInOutput ?? 0) > 0 ? [entry] : [];
      }),
    ).then((found) =>
      found
        .flat()
        .filter((entry) => !TPP_ONLY.includes(entry))
        .sort(),
    );
    return callers;
  };

  it('finds the PensionSync callers from their bundles: every known one, and none of the TPP steps', async () => {
    const found = await pensionSyncCallers();
    for (const entry of KNOWN_PENSIONSYNC_CALLERS) expect(found, entry).toContain(entry);
    for (const entry of ['functions/tpp/submit-contributions.ts', 'functions/api/get-scheme.ts']) {
      expect(found, entry).not.toContain(entry);
    }
  });

  it('lets only the functions that call PensionSync read its consumer secret', async () => {
    const secretId = pensionSyncSecretId();
    const found = await pensionSyncCallers();
    const roleOf = (entry: string) => target(functionByEntry(entry)[1].Properties.Role) as string;
    expect(rolesReading(secretId)).toEqual([...new Set(found.map(roleOf))].sort());
    // Each caller reads it with exactly the read actions, on that secret alone.
    for (const entry of found) {
      const onSecret = statementsOfRole(roleOf(entry)).filter((s) =>
        listOf(s.Resource).some((r) => target(r) === secretId),
      );
      expect(onSecret, entry).toEqual([
        {
          Effect: 'Allow',
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          Resource: { Ref: secretId },
        },
      ]);
    }
    // The check can fail: a function with no PensionSync business does not pass it.
    expect(canReadSecret(statementsOfRole(roleOf('functions/api/get-scheme.ts')), secretId)).toBe(false);
    for (const entry of TPP_ONLY)
      expect(canReadSecret(statementsOfRole(roleOf(entry)), secretId)).toBe(false);
  });

  it('lets CreateScheme, and nothing else, start the SchemeAuthorisationWorkflow, by an ARN built from its name', () => {
    const [, machine] = stateMachineNamed('SchemeAuthorisationWorkflow');
    const name = machine.Properties.StateMachineName as string;
    expect(name).toBe(`${STACK_NAME}-SchemeAuthorisationWorkflow`);
    const [fnId, fn] = functionByEntry('functions/api/create-scheme.ts');
    const arn = fn.Properties.Environment.Variables.SCHEME_AUTHORISATION_WORKFLOW_ARN;
    // Built from the name: a Ref would tie the function to the machine that invokes its sibling.
    expect(target(arn)).toBeUndefined();
    expect(JSON.stringify(arn)).toContain(`:stateMachine:${name}`);
    expect(statementsOfRole(target(fn.Properties.Role)), fnId).toContainEqual({
      Action: 'states:StartExecution',
      Effect: 'Allow',
      Resource: arn,
    });
    const starters = ofType('AWS::IAM::Role').filter(([roleId]) =>
      statementsOfRole(roleId).some(
        (s) =>
          listOf(s.Action).includes('states:StartExecution') &&
          JSON.stringify(s.Resource).includes(`:${name}"`),
      ),
    );
    expect(starters.map(([roleId]) => roleId)).toEqual([target(fn.Properties.Role)]);
  });

  it('lets the SchemeAuthorisationWorkflow invoke only its check function', () => {
    const [, machine] = stateMachineNamed('SchemeAuthorisationWorkflow');
    const [checkId] = functionByEntry('functions/pensionsync/check-scope-authorization.ts');
    const invokes = statementsOfRole(target(machine.Properties.RoleArn)).filter((s) =>
      listOf(s.Action).includes('lambda:InvokeFunction'),
    );
    expect(invokes.length).toBeGreaterThan(0);
    const invoked = invokes.flatMap((s) => listOf(s.Resource));
    for (const resource of invoked) {
      // `<arn>` or `<arn>:*` (its versions).
      const join = (resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
      const id = target(resource) ?? target(join?.[1][0]);
      expect(id, JSON.stringify(resource)).toBe(checkId);
    }
  });
});

describeAuditTrail(() => resources);
