import { Duration } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { DeadLetterQueue, deadLetterAsyncInvokes } from './dead-letters.ts';

/** The statuses of an execution that ended without its own end path having run to completion, maybe. */
export const ENDED_BADLY = ['FAILED', 'TIMED_OUT', 'ABORTED'];

/**
 * Notices a workflow execution that ended outside its Catch (timed out, aborted, or its error path itself
 * failed): Step Functions' status-change events on the default bus invoke `onEnd`, which records the end
 * and frees what the execution held. Deliveries that keep failing land in a dead-letter queue.
 */
export class ExecutionEndWatch extends Construct {
  readonly rule: Rule;
  readonly deadLetters: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: { stateMachineArn: string; onEnd: IFunction }) {
    super(scope, id);
    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters');
    // EventBridge invokes the function asynchronously: a delivery it cannot make, and an invocation that
    // keeps failing, both end in the queue.
    deadLetterAsyncInvokes(props.onEnd, this.deadLetters);
    this.rule = new Rule(this, 'Rule', {
      description: 'Submission workflow executions that failed, timed out or were aborted',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { status: ENDED_BADLY, stateMachineArn: [props.stateMachineArn] },
      },
      targets: [
        new LambdaFunction(props.onEnd, {
          deadLetterQueue: this.deadLetters,
          retryAttempts: 8,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });
  }
}
