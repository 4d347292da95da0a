import { Duration } from 'aws-cdk-lib';
import { type IFunction, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Choice,
  Condition,
  Fail,
  type IChainable,
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

/** Lambda's own service failures (throttling, faults): worth another try on every Task. */
export const LAMBDA_SERVICE_ERRORS = [
  'Lambda.TooManyRequestsException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
];

/**
 * Follows one submission to its end: submit, wait until the provider says to poll, poll, and on failure
 * fetch the provider's errors. TPP direct goes one submission per account at a time; PensionSync takes a
 * PASS document or a PAPDIS file and is polled on the gateway's backoff. A provider outage is waited out:
 * a provider step answers `outage` with when to try again (shared/use-cases/provider-attempts), a Choice
 * sends it to a Wait until `outage.retryAt` and back, until the payment deadline makes the step fail.
 * Every step's failure ends in a recorded `error`, never a silent stop. The state carries ids and
 * timestamps only; documents are in S3.
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
    const guarded = (step: LambdaInvoke, onError = recordError) => {
      step.addCatch(onError, { resultPath: '$.error' });
      return step;
    };
    const pensionSyncStep = (step: LambdaInvoke) => guarded(step, recordPensionSyncError);

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
    );
    const recordProcessed = guarded(outcome('RecordProcessed', { outcome: 'processed' }));
    const progressIs = (progress: string) =>
      Condition.and(Condition.isPresent('$.progress'), Condition.stringEquals('$.progress', progress));

    const tppDirect = this.waitingOutOutages(
      acquire,
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
    recordProcessed.next(releaseAtEnd);
    this.waitingOutOutages(
      submit,
      // Reconciling an unanswered POST may find TPP processed it already.
      new Choice(this, 'AlreadyProcessed?')
        .when(progressIs('processed'), recordProcessed)
        .otherwise(waitToPoll),
    );
    waitToPoll.next(poll);
    this.waitingOutOutages(
      poll,
      new Choice(this, 'Finished?')
        .when(progressIs('failed'), getErrors)
        // The poll that learned it recorded `processed` already (shared/use-cases/delivery-steps).
        .when(progressIs('processed'), releaseAtEnd)
        .otherwise(waitToPoll),
    );
    this.waitingOutOutages(getErrors, recordFailed.next(releaseAtEnd));

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
    const task = new LambdaInvoke(this, name, {
      lambdaFunction: fn,
      payloadResponseOnly: true,
      payload,
      retryOnServiceExceptions: false,
      ...long,
    });
    task.addRetry({
      errors: LAMBDA_SERVICE_ERRORS,
      interval: Duration.seconds(2),
      backoffRate: 2,
      maxAttempts: 6,
      maxDelay: Duration.minutes(1),
      jitterStrategy: JitterType.FULL,
    });
    return task;
  }

  /**
   * After a provider step: when it answered `outage`, wait until `outage.retryAt` and run it again;
   * otherwise go on to `then`.
   */
  private waitingOutOutages(step: LambdaInvoke, then: IChainable): LambdaInvoke {
    const name = step.node.id;
    const wait = new Wait(this, `WaitOut${name}Outage`, { time: WaitTime.timestampPath('$.outage.retryAt') });
    step.next(
      new Choice(this, `${name}Unavailable?`)
        .when(Condition.isPresent('$.outage'), wait.next(step))
        .otherwise(then),
    );
    return step;
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
    const progressIs = (progress: string) =>
      Condition.and(Condition.isPresent('$.progress'), Condition.stringEquals('$.progress', progress));
    waitForJob.next(
      this.waitingOutOutages(
        task('GetJob', steps.getJob),
        new Choice(this, 'JobFinished?')
          .when(
            progressIs('failed'),
            this.waitingOutOutages(
              task('GetJobErrors', steps.getJobErrors),
              recordJob('RecordJobFailed', 'failed', { 'errorCount.$': '$.errorCount' }),
            ),
          )
          // The poll that learned it recorded `processed` already (shared/use-cases/delivery-steps).
          .when(progressIs('processed'), new Succeed(this, 'JobProcessed'))
          .when(progressIs('validated'), recordJob('RecordJobValidated', 'validated'))
          .otherwise(waitForJob),
      ),
    );
    return new Choice(this, 'Format?')
      .when(
        Condition.stringEquals('$.format', 'papdis'),
        this.waitingOutOutages(task('SubmitPapdis', steps.submitPapdis), waitForJob),
      )
      .otherwise(this.waitingOutOutages(task('SubmitPass', steps.submitPass), waitForJob));
  }
}
