import { beforeAll, describe, expect, it } from 'vitest';
import { routesOf } from '../../infra/local/api-gateway.ts';
import { rulesOf } from '../../infra/local/eventbridge.ts';
import { functionsOf } from '../../infra/local/functions.ts';
import { schedulesOf } from '../../infra/local/scheduler.ts';
import {
  arnOf,
  type CfnTemplate,
  resolve,
  resourcesOfType,
  synthesizeTemplate,
} from '../../infra/local/template.ts';
import { STACK_NAME } from '../../infra/stack.ts';

/** The wiring of issue 8's safety nets: the execution-end rule, the outbox sweep, retry and cancel. */

let template: CfnTemplate;
const entryOf = (arn: string) => functionsOf(template).find((fn) => fn.arn === arn)?.entry;

beforeAll(() => {
  template = synthesizeTemplate({
    tppApiUrl: 'https://api.example.test',
    tppAuthUrl: 'https://auth.example.test',
    pensionSyncApiUrl: 'https://pensionsync.example.test',
  });
});

describe('execution-end watch', () => {
  it('sends the submission workflow’s failed, timed-out and aborted executions to record-execution-end', () => {
    const [machineId, machine] = resourcesOfType(template, 'AWS::StepFunctions::StateMachine').find(
      ([, m]) => m.Properties?.StateMachineName === `${STACK_NAME}-SubmissionWorkflow`,
    ) ?? ['', { Type: '' }];
    const [rule] = rulesOf(template);
    expect(rulesOf(template)).toHaveLength(1);
    expect(rule).toMatchObject({
      eventBusName: 'default',
      enabled: true,
      pattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [arnOf(machineId, machine)] },
      },
    });
    expect(rule?.targetArns.map(entryOf)).toEqual(['functions/workflow/record-execution-end.ts']);
  });

  it('retries a failing delivery, then keeps it in an encrypted dead-letter queue', () => {
    const [[, rule]] = resourcesOfType(template, 'AWS::Events::Rule') as [[string, any]];
    const [target] = rule.Properties.Targets;
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 6 * 3600 });
    const [queueId] = target.DeadLetterConfig.Arn['Fn::GetAtt'];
    expect(template.Resources[queueId]).toMatchObject({
      Type: 'AWS::SQS::Queue',
      Properties: { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86400 },
    });
  });
});

describe('outbox sweep', () => {
  it('invokes sweep-outbox every 5 minutes with no input', () => {
    const sweep = schedulesOf(template).find((s) => s.name === `${STACK_NAME}-OutboxSweep`);
    expect(sweep).toMatchObject({ expression: 'rate(5 minutes)', enabled: true, input: '{}' });
    expect(entryOf(String(sweep?.targetArn))).toBe('functions/workflow/sweep-outbox.ts');
  });

  it('finds pending outboxes through a sparse, keys-only index', () => {
    const [[, table]] = resourcesOfType(template, 'AWS::DynamoDB::Table') as [[string, any]];
    expect(table.Properties.GlobalSecondaryIndexes).toContainEqual({
      IndexName: 'byOutbox',
      KeySchema: [
        { AttributeName: 'outboxDue', KeyType: 'HASH' },
        { AttributeName: 'outboxDueAt', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    });
  });
});

describe('retry and cancel routes', () => {
  it.each([
    ['/v1/submissions/{submissionId}/retry', 'functions/api/retry-submission.ts'],
    ['/v1/submissions/{submissionId}/cancel', 'functions/api/cancel-submission.ts'],
  ])('POST %s runs %s, behind IAM', (path, entry) => {
    const route = routesOf(template).find((r) => r.method === 'POST' && r.path === path);
    expect(entryOf(String(route?.functionArn))).toBe(entry);
    const [, declared] =
      resourcesOfType(template, 'AWS::ApiGatewayV2::Route').find(
        ([, r]) => r.Properties?.RouteKey === `POST ${path}`,
      ) ?? [];
    expect(resolve(declared?.Properties?.AuthorizationType, template)).toBe('AWS_IAM');
  });
});
