import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { THRESHOLDS } from '../../infra/constructs/monitoring.ts';
import { resourcesOfType, synthesizeTemplate } from '../../infra/local/template.ts';
import { PensionGatewayStack, STACK_NAME } from '../../infra/stack.ts';
import { SUBMISSION_STATUSES } from '../../shared/domain/submission-status.ts';
import { METRIC, METRICS_NAMESPACE } from '../../shared/observability/metrics.ts';

/** Alarms, the topic they notify, the dashboard, and a dead-letter queue wherever an invocation can be dropped. */

const PROVIDERS = {
  tppApiUrl: 'https://api.example.test',
  tppAuthUrl: 'https://auth.example.test',
  pensionSyncApiUrl: 'https://pensionsync.example.test',
};
const WORKFLOWS = [
  'SubmissionWorkflow',
  'SchemeAuthorisationWorkflow',
  'OptOutSyncWorkflow',
  'SchemeSyncWorkflow',
];

let template: Template;
let resources: Record<string, { Type: string; Properties: any }>;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new PensionGatewayStack(app, STACK_NAME, {
    providers: PROVIDERS,
    alarmEmail: 'on-call@example.test',
  });
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources;
});

const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const topicId = () => {
  const topics = ofType('AWS::SNS::Topic');
  expect(topics).toHaveLength(1);
  return (topics[0] as [string, unknown])[0];
};

function alarmNamed(name: string): any {
  const found = ofType('AWS::CloudWatch::Alarm').filter(
    ([, alarm]) => alarm.Properties.AlarmName === `${STACK_NAME}-${name}`,
  );
  expect(found, name).toHaveLength(1);
  return (found[0] as [string, { Properties: unknown }])[1].Properties;
}

/** A gateway metric as the alarm names it: namespace, name, and dimensions (with Powertools' `service`). */
const gatewayMetric = (name: string, dimensions: Record<string, string>) => ({
  Namespace: METRICS_NAMESPACE,
  MetricName: name,
  // CDK lists dimensions by name, capitals first.
  Dimensions: Object.entries({ service: 'pension-gateway', ...dimensions })
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([Name, Value]) => ({ Name, Value })),
});

describe('the alarm topic', () => {
  it('is one KMS-encrypted, TLS-only topic that emails the operator when an address is given', () => {
    const id = topicId();
    expect(resources[id]?.Properties.KmsMasterKeyId).toBeDefined();
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: id }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.resourceCountIs('AWS::SNS::Subscription', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'on-call@example.test',
      TopicArn: { Ref: id },
    });
    // CloudWatch may use the topic's key, or it could not publish.
    const keyId = resources[id]?.Properties.KmsMasterKeyId['Fn::GetAtt'][0];
    expect(JSON.stringify(resources[keyId]?.Properties.KeyPolicy)).toContain('cloudwatch.amazonaws.com');
  });

  it('has no subscription without an address', () => {
    expect(resourcesOfType(synthesizeTemplate(PROVIDERS), 'AWS::SNS::Subscription')).toEqual([]);
  });

  it('is notified by every alarm, on ALARM and on OK', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThanOrEqual(22);
    for (const [id, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: topicId() }]);
      expect(alarm.Properties.OKActions, id).toEqual([{ Ref: topicId() }]);
      expect(alarm.Properties.ComparisonOperator, id).toBe('GreaterThanOrEqualToThreshold');
      expect(alarm.Properties.TreatMissingData, id).toBe('notBreaching');
    }
  });
});

describe('alarms', () => {
  it.each(
    WORKFLOWS.flatMap((workflow) => ['Failed', 'TimedOut', 'Aborted'].map((end) => [workflow, end] as const)),
  )('%s executions %s: at least 1 in 5 minutes', (workflow, end) => {
    const [machineId] = ofType('AWS::StepFunctions::StateMachine').find(
      ([, machine]) => machine.Properties.StateMachineName === `${STACK_NAME}-${workflow}`,
    ) as [string, unknown];
    expect(alarmNamed(`${workflow}Executions${end}`)).toMatchObject({
      Namespace: 'AWS/States',
      MetricName: `Executions${end}`,
      Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: machineId } }],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: THRESHOLDS.executions,
    });
  });

  it('submissions entering error: at least 1 in 5 minutes', () => {
    expect(alarmNamed('SubmissionsInError')).toMatchObject({
      ...gatewayMetric(METRIC.submissionStatusChanged, { Status: 'error' }),
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
    });
  });

  it('submissions queued past their due date: the watchdog’s count at 1 or more over 15 minutes', () => {
    expect(alarmNamed('SubmissionsQueuedPastDue')).toMatchObject({
      ...gatewayMetric(METRIC.submissionsQueuedPastDue, {}),
      Statistic: 'Maximum',
      Period: 900,
      Threshold: 1,
    });
  });

  it.each(['TPP', 'PensionSync'])(
    '%s error rate: 10 percent of at least 10 calls, 3 periods of 5 minutes running',
    (provider) => {
      const alarm = alarmNamed(`${provider}ErrorRate`);
      expect(alarm).toMatchObject({ Threshold: 10, EvaluationPeriods: 3 });
      const [rate, ...inputs] = alarm.Metrics;
      expect(rate).toMatchObject({
        Expression: 'IF(calls >= 10, 100 * errors / calls, 0)',
        ReturnData: true,
      });
      expect(
        inputs.map((m: any) => [m.Id, m.MetricStat.Metric, m.MetricStat.Stat, m.MetricStat.Period]),
      ).toEqual([
        ['calls', gatewayMetric(METRIC.providerCalls, { Provider: provider }), 'Sum', 300],
        ['errors', gatewayMetric(METRIC.providerErrors, { Provider: provider }), 'Sum', 300],
      ]);
    },
  );

  it.each(['TPP', 'PensionSync'])(
    '%s latency: p99 at 10 s or more, 3 periods of 5 minutes running',
    (provider) => {
      expect(alarmNamed(`${provider}LatencyP99`)).toMatchObject({
        ...gatewayMetric(METRIC.providerLatency, { Provider: provider }),
        ExtendedStatistic: 'p99',
        Period: 300,
        EvaluationPeriods: 3,
        Threshold: 10_000,
      });
    },
  );

  it.each([
    ['OptOutSyncFailures', 'opt-outs'],
    ['SchemeSyncFailures', 'scheme-details'],
  ])('%s: a %s run finished with failed schemes within the hour', (name, kind) => {
    expect(alarmNamed(name)).toMatchObject({
      ...gatewayMetric(METRIC.syncRunsWithFailures, { Kind: kind }),
      Statistic: 'Sum',
      Period: 3600,
      Threshold: 1,
    });
  });

  it('API 5xx: 5 or more in 5 minutes', () => {
    const [apiId] = ofType('AWS::ApiGatewayV2::Api')[0] as [string, unknown];
    expect(alarmNamed('Api5xx')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: apiId } }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 5,
    });
  });
});

describe('dead letters', () => {
  it('every queue is encrypted, TLS only, keeps messages 14 days and has its depth alarmed at 1', () => {
    const queues = ofType('AWS::SQS::Queue');
    expect(queues.length).toBeGreaterThan(0);
    for (const [queueId, queue] of queues) {
      expect(queue.Properties, queueId).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 1_209_600,
      });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
      const depth = ofType('AWS::CloudWatch::Alarm').filter(
        ([, alarm]) =>
          alarm.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          JSON.stringify(alarm.Properties.Dimensions) ===
            JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }]),
      );
      expect(depth, queueId).toHaveLength(1);
      expect(depth[0]?.[1].Properties).toMatchObject({ Statistic: 'Maximum', Threshold: 1, Period: 300 });
    }
  });

  it('every scheduler target retries, then dead-letters to one of those queues', () => {
    const schedules = ofType('AWS::Scheduler::Schedule');
    expect(schedules.length).toBeGreaterThan(0);
    for (const [id, schedule] of schedules) {
      const target = schedule.Properties.Target;
      expect(target.RetryPolicy, id).toEqual({
        MaximumRetryAttempts: expect.any(Number),
        MaximumEventAgeInSeconds: expect.any(Number),
      });
      const queueId = target.DeadLetterConfig?.Arn?.['Fn::GetAtt']?.[0];
      expect(resources[queueId]?.Type, id).toBe('AWS::SQS::Queue');
    }
  });

  it('every event rule target, and every function invoked asynchronously, dead-letters too', () => {
    // The execution-end rule today; these hold the rules and functions added later to the same promise
    // (infra/constructs/dead-letters.ts). A function is named by Ref in one place and by its Arn in another.
    const functionId = (name: any) => name?.Ref ?? name?.['Fn::GetAtt']?.[0];
    for (const [id, rule] of ofType('AWS::Events::Rule')) {
      for (const target of rule.Properties.Targets ?? []) {
        expect(resources[target.DeadLetterConfig?.Arn?.['Fn::GetAtt']?.[0]]?.Type, id).toBe(
          'AWS::SQS::Queue',
        );
      }
    }
    const asyncInvoked = ofType('AWS::Lambda::Permission')
      .filter(([, permission]) =>
        ['events.amazonaws.com', 's3.amazonaws.com', 'sns.amazonaws.com'].includes(
          permission.Properties.Principal,
        ),
      )
      .map(([, permission]) => functionId(permission.Properties.FunctionName));
    const deadLettered = ofType('AWS::Lambda::EventInvokeConfig')
      .filter(([, config]) => config.Properties.DestinationConfig?.OnFailure?.Destination)
      .map(([, config]) => functionId(config.Properties.FunctionName));
    expect(asyncInvoked.length).toBeGreaterThan(0);
    for (const fn of asyncInvoked) expect(deadLettered).toContain(fn);
  });
});

describe('the month-end dashboard', () => {
  it('shows submissions by status, provider calls and latency, executions, dead letters, the API and the alarms', () => {
    const [, dashboard] = ofType('AWS::CloudWatch::Dashboard')[0] as [string, { Properties: any }];
    expect(dashboard.Properties.DashboardName).toBe(`${STACK_NAME}-MonthEnd`);
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const shown of [
      METRIC.submissionStatusChanged,
      METRIC.providerCalls,
      METRIC.providerLatency,
      METRIC.syncSchemesFailed,
      'ExecutionsFailed',
      'ApproximateNumberOfMessagesVisible',
      '4xx',
      '5xx',
      '"type\\":\\"alarm\\"',
    ]) {
      expect(body).toContain(shown);
    }
  });

  it('graphs every status a submission can enter, those payroll asks for included', () => {
    const [, dashboard] = ofType('AWS::CloudWatch::Dashboard')[0] as [string, { Properties: any }];
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const status of SUBMISSION_STATUSES) {
      expect(body).toContain(`\\"Status\\",\\"${status}\\"`);
    }
  });
});
