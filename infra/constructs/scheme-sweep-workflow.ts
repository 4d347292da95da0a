import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Choice,
  Condition,
  JsonPath,
  Map as MapState,
  Parallel,
  Pass,
  type RetryProps,
  type StateMachine,
  Succeed,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { Route } from '#domain/event-values';
import type { SyncKind } from '#domain/sync-runs';
import { gatewayStateMachine } from './gateway-state-machine.ts';

export interface SchemeSweepSteps {
  /** Starts the run (its summary), or takes up a run handed over by the previous execution. */
  startRun: IFunction;
  /** One page of scheme ids per route. */
  listPage: IFunction;
  /** One scheme's sync; answers a failure rather than throwing it. */
  syncScheme: IFunction;
  /** Adds the page's outcomes to the run's summary and says what comes next. */
  recordPage: IFunction;
  /** Starts the run's next execution of this same state machine. */
  handOver: IFunction;
}

export interface SchemeSweepWorkflowProps {
  name: string;
  kind: SyncKind;
  steps: SchemeSweepSteps;
  /** Schemes synced at once, per route: each route's provider has its own bound. */
  maxConcurrency: Record<Route, number>;
}

/** The run's own steps change nothing twice (conditional writes, named executions): safe to repeat. */
const BOOKKEEPING_RETRY: RetryProps = {
  errors: ['States.ALL'],
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxAttempts: 3,
};

const STATE_NAMES: Record<Route, string> = { direct: 'Direct', pensionsync: 'PensionSync' };

/**
 * Sweeps every linked scheme, a page of ids per route at a time, the two routes side by side, each with
 * its own concurrency bound. A scheme's failure is an outcome, never the end of the run. After its page
 * budget an execution hands the run to a fresh one (no Distributed Map: the embedded interpreter has
 * none), so no history grows with the number of schemes. The state carries ids and counters only.
 */
export class SchemeSweepWorkflow extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: SchemeSweepWorkflowProps) {
    super(scope, id);
    const { steps } = props;
    const startRun = new LambdaInvoke(this, 'StartRun', {
      lambdaFunction: steps.startRun,
      payloadResponseOnly: true,
      payload: TaskInput.fromObject({
        kind: props.kind,
        executionName: JsonPath.stringAt('$$.Execution.Name'),
        input: JsonPath.entirePayload,
      }),
    }).addRetry(BOOKKEEPING_RETRY);
    const listPage = new LambdaInvoke(this, 'ListSchemePage', {
      lambdaFunction: steps.listPage,
      payloadResponseOnly: true,
      resultPath: '$.listing',
    }).addRetry(BOOKKEEPING_RETRY);
    const syncPage = new Parallel(this, 'SyncPage', { resultPath: '$.results' });
    for (const route of Object.keys(STATE_NAMES) as Route[]) {
      syncPage.branch(this.routeBranch(route, steps.syncScheme, props.maxConcurrency[route]));
    }
    const recordPage = new LambdaInvoke(this, 'RecordPage', {
      lambdaFunction: steps.recordPage,
      payloadResponseOnly: true,
    }).addRetry(BOOKKEEPING_RETRY);
    const handOver = new LambdaInvoke(this, 'HandOver', {
      lambdaFunction: steps.handOver,
      payloadResponseOnly: true,
      payload: TaskInput.fromObject({
        state: JsonPath.entirePayload,
        stateMachineArn: JsonPath.stringAt('$$.StateMachine.Id'),
      }),
      resultPath: JsonPath.DISCARD,
    }).addRetry(BOOKKEEPING_RETRY);

    const definition = startRun
      .next(listPage)
      .next(syncPage)
      .next(recordPage)
      .next(
        new Choice(this, 'MorePages?')
          .when(Condition.stringEquals('$.next', 'page'), listPage)
          .when(Condition.stringEquals('$.next', 'child'), handOver.next(new Succeed(this, 'HandedOver')))
          .otherwise(new Succeed(this, 'RunComplete')),
      );

    this.stateMachine = gatewayStateMachine(this, {
      name: props.name,
      definition,
      // An execution does a few pages; hours is generous, and far under the local timers' ~24.8 days.
      timeout: Duration.hours(6),
      steps: Object.values(steps),
    });
  }

  /** The page's schemes of one route, a bounded number at a time; a crash becomes that scheme's failure. */
  private routeBranch(route: Route, syncScheme: IFunction, maxConcurrency: number) {
    const name = STATE_NAMES[route];
    const sync = new LambdaInvoke(this, `Sync${name}Scheme`, {
      lambdaFunction: syncScheme,
      payloadResponseOnly: true,
    });
    sync.addCatch(
      new Pass(this, `${name}SchemeFailed`, {
        parameters: { 'schemeId.$': '$.schemeId', ok: false, 'error.$': '$.failure.Error' },
      }),
      { resultPath: '$.failure' },
    );
    return new MapState(this, `Sync${name}Schemes`, {
      itemsPath: `$.listing.${route}.schemeIds`,
      itemSelector: { 'schemeId.$': '$$.Map.Item.Value', 'runId.$': '$.runId' },
      maxConcurrency,
      resultSelector: { route, 'outcomes.$': '$' },
    }).itemProcessor(sync);
  }
}
