import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { PensionGatewayStack, STACK_NAME } from '../../infra/stack.ts';

/** Synthesized template assertions: what the stack promises about security, storage and wiring. */

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROVIDERS = {
  tppApiUrl: 'https://api.example.test',
  tppAuthUrl: 'https://auth.example.test',
  pensionSyncApiUrl: 'https://pensionsync.example.test',
};
const ENTRY_METADATA = 'pension-gateway:entry';

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

  it('serves the v1 routes, each through its own function', () => {
    const expected: Record<string, string> = {
      'POST /v1/schemes': 'functions/api/create-scheme.ts',
      'POST /v1/schemes/{schemeId}/submissions': 'functions/api/create-submission.ts',
      'GET /v1/schemes/{schemeId}/submissions': 'functions/api/list-submissions.ts',
      'GET /v1/submissions/{submissionId}': 'functions/api/get-submission.ts',
      'POST /v1/tpp/connections': 'functions/api/create-tpp-connection.ts',
      'GET /v1/tpp/callback': 'functions/api/tpp-callback.ts',
      'GET /v1/tpp/connections/{connectionId}/accounts': 'functions/api/list-tpp-accounts.ts',
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
    }
    // Nothing falls back to the sandbox origins in cdk.json.
    expect(JSON.stringify(template.toJSON())).not.toContain('peoplespartnership');
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
  it.each([
    'SubmissionWorkflow',
    'SchemeAuthorisationWorkflow',
  ])('%s is a STANDARD state machine logging ALL to a log group, with X-Ray tracing', (workflow) => {
    const [, machine] = stateMachineNamed(workflow);
    expect(machine.Properties.StateMachineType).toBe('STANDARD');
    const logging = machine.Properties.LoggingConfiguration;
    expect(logging?.Level).toBe('ALL');
    const destination = target(logging?.Destinations?.[0]?.CloudWatchLogsLogGroup?.LogGroupArn);
    expect(destination && resources[destination]?.Type).toBe('AWS::Logs::LogGroup');
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
  });
});
