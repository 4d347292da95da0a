import { Aspects, Duration, type IAspect, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  SingleValueWidget,
  Stats,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';
import { SUBMISSION_STATUSES } from '#domain/submission-status';
import type { SyncKind } from '#domain/sync-runs';
import { METRIC, METRICS_NAMESPACE, METRICS_SERVICE, type MetricName } from '#observability/metrics';
import { DeadLetterQueue } from './dead-letters.ts';

export interface MonitoringProps {
  api: HttpApi;
  /** Emailed every alarm (CDK context `alarmEmail`); without it, subscribe to the `AlarmTopicArn` output. */
  alarmEmail?: string;
}

/** The thresholds, in one place; docs/operations.md explains each and what to do. */
export const THRESHOLDS = {
  /** Any failed, timed-out or aborted execution of any workflow, within 5 minutes. */
  executions: 1,
  /** Any submission entering `error`, within 5 minutes. */
  submissionsInError: 1,
  /** Any submission still queued past its due date (the watchdog's count), over 15 minutes. */
  queuedPastDue: 1,
  /** Percent of a provider's calls unavailable or refused credentials, 3 periods of 5 minutes running... */
  providerErrorRatePercent: 10,
  /** ...counted only when the provider had at least this many calls in the period. */
  providerMinimumCalls: 10,
  /** p99 of a provider's call latency, 3 periods of 5 minutes running. */
  providerLatencyP99Ms: 10_000,
  /** Any finished sync run that had a scheme fail, within the hour. */
  syncRunsWithFailures: 1,
  /** API answers with a 5xx, within 5 minutes. */
  api5xx: 5,
  /** Any message in any dead-letter queue. */
  deadLetters: 1,
};

const PROVIDERS = ['TPP', 'PensionSync'];
const SYNC_KINDS: SyncKind[] = ['opt-outs', 'scheme-details'];
const FIVE_MINUTES = Duration.minutes(5);

const gatewayMetric = (name: MetricName, dimensions: Record<string, string>, statistic: string = Stats.SUM) =>
  new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: METRICS_SERVICE, ...dimensions },
    statistic,
    period: FIVE_MINUTES,
  });

/**
 * The operator's view: one SNS topic (KMS-encrypted, TLS only) every alarm notifies, on ALARM and on OK;
 * alarms on the gateway's own metrics (shared/observability/metrics.ts), the API and every workflow and
 * dead-letter queue in the stack; and one dashboard for month-end. Workflows and dead-letter queues are
 * found when the app is synthesized, so ones added later are watched without being listed here.
 *
 * Plain aws-cdk-lib CloudWatch constructs rather than cdk-monitoring-constructs: about fifteen alarms on
 * metrics the gateway defines itself, with thresholds we state and test, and no extra dependency (which
 * would have to track aws-cdk-lib's version) or facade to learn.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];
  private readonly action: SnsAction;
  private readonly executionWidgets: GraphWidget;
  private readonly deadLetterWidget: GraphWidget;
  private readonly alarmStatus: AlarmStatusWidget;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the Pension Gateway alarm topic',
      enableKeyRotation: true,
    });
    // CloudWatch publishes to an encrypted topic only with a key it may use.
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: 'Pension Gateway alarms',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.action = new SnsAction(this.topic);

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-MonthEnd`,
      defaultInterval: Duration.days(3),
    });
    this.executionWidgets = new GraphWidget({
      title: 'Workflow executions failed / timed out / aborted',
      width: 12,
    });
    this.deadLetterWidget = new GraphWidget({ title: 'Dead letters waiting', width: 12 });
    // The widget reads the list when the dashboard is rendered, so alarms added later show too.
    this.alarmStatus = new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 6 });

    this.submissionAlarms();
    this.providerAlarms();
    this.syncAlarms();
    this.apiAlarms(props.api);
    this.dashboard.addWidgets(this.executionWidgets, this.deadLetterWidget);
    this.dashboard.addWidgets(this.alarmStatus);

    // Every workflow and dead-letter queue in the stack, including those added after this construct.
    const monitoring = this;
    Aspects.of(Stack.of(this)).add({
      visit(node: IConstruct) {
        if (node instanceof StateMachine) monitoring.watchWorkflow(node);
        if (node instanceof DeadLetterQueue) monitoring.watchDeadLetters(node);
      },
    } satisfies IAspect);
  }

  private alarm(id: string, description: string, metric: IMetric, threshold: number, evaluationPeriods = 1) {
    const alarm = new Alarm(this, id, {
      alarmName: `${Stack.of(this).stackName}-${id}`,
      alarmDescription: `${description} What to do: docs/operations.md, “Alarms”.`,
      metric,
      threshold,
      evaluationPeriods,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }

  private submissionAlarms() {
    this.alarm(
      'SubmissionsInError',
      'A submission could not be delivered after retries, or the provider refused our credentials: a person must decide.',
      gatewayMetric(METRIC.submissionStatusChanged, { Status: 'error' }),
      THRESHOLDS.submissionsInError,
    );
    this.alarm(
      'SubmissionsQueuedPastDue',
      'A submission is still queued after its due date (counted by the queue watchdog).',
      gatewayMetric(METRIC.submissionsQueuedPastDue, {}, Stats.MAXIMUM).with({
        period: Duration.minutes(15),
      }),
      THRESHOLDS.queuedPastDue,
    );
    this.dashboard.addWidgets(
      new TextWidget({
        markdown:
          '# Pension Gateway: month-end\nSubmissions by status, provider calls, workflows, dead letters and the API. What each alarm means: docs/operations.md.',
        width: 24,
        height: 2,
      }),
      new GraphWidget({
        title: 'Submissions entering each status (per 5 minutes)',
        left: SUBMISSION_STATUSES.map((status) =>
          gatewayMetric(METRIC.submissionStatusChanged, { Status: status }).with({ label: status }),
        ),
        stacked: true,
        width: 16,
      }),
      new SingleValueWidget({
        title: 'Needing a person',
        metrics: [
          gatewayMetric(METRIC.submissionStatusChanged, { Status: 'error' }).with({
            label: 'entered error (3 days)',
            period: Duration.days(3),
          }),
          gatewayMetric(METRIC.submissionsQueuedPastDue, {}, Stats.MAXIMUM).with({
            label: 'queued past due now',
          }),
        ],
        width: 8,
      }),
    );
  }

  private providerAlarms() {
    const calls: IMetric[] = [];
    const latency: IMetric[] = [];
    for (const provider of PROVIDERS) {
      const dimensions = { Provider: provider };
      const rate = new MathExpression({
        expression: `IF(calls >= ${THRESHOLDS.providerMinimumCalls}, 100 * errors / calls, 0)`,
        usingMetrics: {
          calls: gatewayMetric(METRIC.providerCalls, dimensions),
          errors: gatewayMetric(METRIC.providerErrors, dimensions),
        },
        label: `${provider} error rate (%)`,
        period: FIVE_MINUTES,
      });
      this.alarm(
        `${provider}ErrorRate`,
        `${provider} is unavailable (network, 429, 5xx) or refusing our credentials on at least ${THRESHOLDS.providerErrorRatePercent}% of calls.`,
        rate,
        THRESHOLDS.providerErrorRatePercent,
        3,
      );
      const p99 = gatewayMetric(METRIC.providerLatency, dimensions, Stats.p(99));
      this.alarm(
        `${provider}LatencyP99`,
        `${provider} calls are slow: p99 at or above ${THRESHOLDS.providerLatencyP99Ms} ms.`,
        p99,
        THRESHOLDS.providerLatencyP99Ms,
        3,
      );
      calls.push(gatewayMetric(METRIC.providerCalls, dimensions).with({ label: `${provider} calls` }));
      calls.push(gatewayMetric(METRIC.providerErrors, dimensions).with({ label: `${provider} errors` }));
      latency.push(
        p99.with({ label: `${provider} p99` }),
        gatewayMetric(METRIC.providerLatency, dimensions, Stats.p(50)).with({ label: `${provider} p50` }),
      );
    }
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Provider calls and errors', left: calls, width: 12 }),
      new GraphWidget({ title: 'Provider latency (ms)', left: latency, width: 12 }),
    );
  }

  private syncAlarms() {
    const failed: IMetric[] = [];
    for (const kind of SYNC_KINDS) {
      const id = kind === 'opt-outs' ? 'OptOutSyncFailures' : 'SchemeSyncFailures';
      this.alarm(
        id,
        `A ${kind} sync run finished with schemes that failed (GET /v1/sync-runs/{runId} names them).`,
        gatewayMetric(METRIC.syncRunsWithFailures, { Kind: kind }).with({ period: Duration.hours(1) }),
        THRESHOLDS.syncRunsWithFailures,
      );
      failed.push(
        gatewayMetric(METRIC.syncSchemesFailed, { Kind: kind }).with({ label: `${kind}: schemes failed` }),
      );
      failed.push(
        gatewayMetric(METRIC.syncSchemes, { Kind: kind }).with({ label: `${kind}: schemes synced` }),
      );
    }
    this.dashboard.addWidgets(new GraphWidget({ title: 'Scheduled syncs', left: failed, width: 12 }));
  }

  private apiAlarms(api: HttpApi) {
    const serverErrors = api.metricServerError({ period: FIVE_MINUTES, statistic: Stats.SUM });
    this.alarm('Api5xx', 'The API answered with server errors.', serverErrors, THRESHOLDS.api5xx);
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'API requests, 4xx and 5xx',
        left: [
          api.metricCount({ period: FIVE_MINUTES, label: 'requests' }),
          api.metricClientError({ period: FIVE_MINUTES, statistic: Stats.SUM, label: '4xx' }),
          serverErrors.with({ label: '5xx' }),
        ],
        right: [
          api.metricLatency({ period: FIVE_MINUTES, statistic: Stats.p(99), label: 'latency p99 (ms)' }),
        ],
        width: 12,
      }),
    );
  }

  private watchWorkflow(stateMachine: StateMachine) {
    const name = stateMachine.node.scope?.node.id ?? stateMachine.node.id;
    const options = { period: FIVE_MINUTES, statistic: Stats.SUM };
    const ends = {
      Failed: stateMachine.metricFailed(options),
      TimedOut: stateMachine.metricTimedOut(options),
      Aborted: stateMachine.metricAborted(options),
    };
    for (const [end, metric] of Object.entries(ends)) {
      this.alarm(
        `${name}Executions${end}`,
        `An execution of ${name} ${end === 'TimedOut' ? 'timed out' : end.toLowerCase()}.`,
        metric,
        THRESHOLDS.executions,
      );
      this.executionWidgets.addLeftMetric(metric.with({ label: `${name} ${end}` }));
    }
  }

  private watchDeadLetters(queue: DeadLetterQueue) {
    const name = queue.node.path.split('/').slice(1).join('');
    const waiting = queue.metricApproximateNumberOfMessagesVisible({
      period: FIVE_MINUTES,
      statistic: Stats.MAXIMUM,
    });
    this.alarm(
      `${name}Waiting`,
      `Dead letters are waiting in ${queue.node.path}.`,
      waiting,
      THRESHOLDS.deadLetters,
    );
    this.deadLetterWidget.addLeftMetric(waiting.with({ label: name }));
  }
}
