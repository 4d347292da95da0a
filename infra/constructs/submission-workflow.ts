import { Duration } from 'aws-cdk-lib';
import { type IFunction, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Choice,
  Condition,
  Fail,
  JitterType,
  JsonPath,
  type StateMachine,
  Succeed,
  TaskInput,
  Timeout,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { gatewayStateMachine } from './gateway-state-machine.ts';

export interface SubmissionWorkflowSteps {
  prepare: IFunction;
  acquireAccountSlot: IFunction;
  releaseAccountSlot: IFunction;
  submitContributions: IFunction;
  getContributionsStatus: IFunction;
  getContributionsErrors: IFunction;
  submitPass: IFunction;
  submitPapdis: IFunction;
  getJob: IFunction;
  getJobErrors: IFunction;
  recordOutcome: IFunction;
}

/** Errors worth another try: the provider or the network, not the data. */
const TRANSIENT = ['ProviderUnavailableError'];

/**
 * Follows one submission to its end: submit, wait until the provider says to poll, poll, and on failure
 * fetch the provider's errors. TPP direct goes one submission per account at a time; PensionSync takes a
 * PASS document or a PAPDIS file and is polled on the gateway's backoff. Every step's failure ends in a
 * recorded `error`, never a silent stop. The state carries ids and timestamps only; documents are in S3.
 */
export class SubmissionWorkflow extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: { name: string; steps: SubmissionWorkflowSteps }) {
    super(scope, id);
    const { steps } = props;
    const outcome = (name: string, fields: Record<string, string>) =>
      this.task(
        name,
        steps.recordOutcome,
        TaskInput.fromObject({
          submissionId: JsonPath.stringAt('$.submissionId'),
          schemeId: JsonPath.stringAt('$.schemeId'),
          ...fields,
        }),
      );

    // Every end path gives the account's slot back; releasing is idempotent, so it retries on anything.
    const release = (name: string) =>
      this.task(name, steps.releaseAccountSlot).addRetry({
        errors: ['States.ALL'],
        interval: Duration.seconds(2),
        backoffRate: 2,
        maxAttempts: 6,
      });
    const recordError = outcome('RecordDeliveryError', { outcome: 'error', 'error.$': '$.error' })
      .next(release('ReleaseAccountSlotAfterError'))
      .next(
        new Fail(this, 'DeliveryFailed', {
          error: 'DeliveryFailed',
          cause: 'The submission could not be delivered',
        }),
      );
    const recordPensionSyncError = outcome('RecordPensionSyncError', {
      outcome: 'error',
      'error.$': '$.error',
    }).next(
      new Fail(this, 'PensionSyncDeliveryFailed', {
        error: 'DeliveryFailed',
        cause: 'The submission could not be delivered through PensionSync',
      }),
    );
    const guarded = (step: LambdaInvoke, retryProvider = true, onError = recordError) => {
      if (retryProvider) {
        step.addRetry({
          errors: TRANSIENT,
          interval: Duration.seconds(5),
          backoffRate: 2,
          maxAttempts: 6,
          maxDelay: Duration.minutes(5),
          jitterStrategy: JitterType.FULL,
        });
      }
      step.addCatch(onError, { resultPath: '$.error' });
      return step;
    };
    const pensionSyncStep = (step: LambdaInvoke, retryProvider = true) =>
      guarded(step, retryProvider, recordPensionSyncError);

    // Prepare checks an uploaded document, which may read the scheme's details from the provider.
    const prepare = guarded(this.task('Prepare', steps.prepare));
    const acquire = guarded(this.task('AcquireAccountSlot', steps.acquireAccountSlot));
    const releaseAtEnd = release('ReleaseAccountSlot');
    const submit = guarded(this.task('SubmitContributions', steps.submitContributions));
    const waitToPoll = new Wait(this, 'WaitUntilNextPoll', {
      time: WaitTime.timestampPath('$.nextPollAfter'),
    });
    const poll = guarded(this.task('GetContributionsStatus', steps.getContributionsStatus));
    const getErrors = guarded(this.task('GetContributionsErrors', steps.getContributionsErrors));
    const recordFailed = guarded(
      outcome('RecordFailed', { outcome: 'failed', 'errorCount.$': '$.errorCount' }),
      false,
    );
    const recordProcessed = guarded(outcome('RecordProcessed', { outcome: 'processed' }), false);

    const tppDirect = acquire.next(
      new Choice(this, 'SlotAcquired?')
        .when(Condition.stringEquals('$.slot', 'acquired'), submit)
        // Whoever frees the account's slot starts this submission again.
        .otherwise(new Succeed(this, 'Queued')),
    );
    const route = new Choice(this, 'Route?')
      .when(
        Condition.stringEquals('$.route', 'pensionsync'),
        this.pensionSyncBranch(steps, pensionSyncStep, outcome),
      )
      .otherwise(tppDirect);
    // An uploaded document that failed its checks is `rejected` (a TPP dry run `validated`): nothing to send.
    const definition = prepare.next(
      new Choice(this, 'Checked?')
        .when(Condition.stringEquals('$.checks', 'ended'), new Succeed(this, 'EndedAtChecks'))
        .otherwise(route),
    );
    submit
      .next(waitToPoll)
      .next(poll)
      .next(
        new Choice(this, 'Finished?')
          .when(
            Condition.stringEquals('$.progress', 'failed'),
            getErrors.next(recordFailed).next(releaseAtEnd),
          )
          .when(Condition.stringEquals('$.progress', 'processed'), recordProcessed.next(releaseAtEnd))
          .otherwise(waitToPoll),
      );

    this.stateMachine = gatewayStateMachine(this, {
      name: props.name,
      definition,
      // Polling gives up after 14 days (domain/poll-schedule); this is only a backstop, kept under the
      // ~24.8-day limit of the timers that run the definition locally.
      timeout: Duration.days(20),
      steps: Object.values(steps),
    });
  }

  private task(name: string, fn: IFunction, payload?: TaskInput): LambdaInvoke {
    // A step allowed more than a minute (one that handles a whole payroll) says so: the local interpreter
    // gives up on a Task after 60 s unless told, where Step Functions waits for the function's own timeout.
    const timeout = fn instanceof LambdaFunction ? fn.timeout : undefined;
    const long = timeout && timeout.toSeconds() > 60 ? { taskTimeout: Timeout.duration(timeout) } : {};
    return new LambdaInvoke(this, name, { lambdaFunction: fn, payloadResponseOnly: true, payload, ...long });
  }

  /** Submit the document, then follow its PensionSync job until it is delivered, validated or failed. */
  private pensionSyncBranch(
    steps: SubmissionWorkflowSteps,
    guarded: (step: LambdaInvoke) => LambdaInvoke,
    outcome: (name: string, fields: Record<string, string>) => LambdaInvoke,
  ) {
    const task = (name: string, fn: IFunction) => guarded(this.task(name, fn));
    const waitForJob = new Wait(this, 'WaitBeforeJobPoll', {
      time: WaitTime.timestampPath('$.nextPollAfter'),
    });
    const recordJob = (name: string, result: string, fields: Record<string, string> = {}) =>
      guarded(outcome(name, { outcome: result, ...fields }));
    waitForJob.next(task('GetJob', steps.getJob)).next(
      new Choice(this, 'JobFinished?')
        .when(
          Condition.stringEquals('$.progress', 'failed'),
          task('GetJobErrors', steps.getJobErrors).next(
            recordJob('RecordJobFailed', 'failed', { 'errorCount.$': '$.errorCount' }),
          ),
        )
        .when(Condition.stringEquals('$.progress', 'processed'), recordJob('RecordJobProcessed', 'processed'))
        .when(Condition.stringEquals('$.progress', 'validated'), recordJob('RecordJobValidated', 'validated'))
        .otherwise(waitForJob),
    );
    return new Choice(this, 'Format?')
      .when(
        Condition.stringEquals('$.format', 'papdis'),
        task('SubmitPapdis', steps.submitPapdis).next(waitForJob),
      )
      .otherwise(task('SubmitPass', steps.submitPass).next(waitForJob));
  }
}
