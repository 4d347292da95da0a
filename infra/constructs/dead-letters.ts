import { Duration, Validations } from 'aws-cdk-lib';
import type { TargetBaseProps } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** How long a dead letter waits for someone to look at it: SQS's longest. */
const KEPT_FOR = Duration.days(14);

/**
 * Where an invocation that could not be delivered is kept instead of being dropped: encrypted, TLS only,
 * kept 14 days. Monitoring alarms on every one of these as soon as it holds a message
 * (docs/operations.md says how to read and redrive them).
 */
export class DeadLetterQueue extends Queue {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: KEPT_FOR,
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself a dead-letter queue; what lands here is alarmed on and redriven by hand.',
    });
  }
}

/**
 * Target options for an EventBridge rule (`new targets.SfnStateMachine(machine, deadLetteredRuleTarget(q))`,
 * likewise `LambdaFunction`, ...): an event EventBridge cannot deliver is retried for two hours, then kept.
 */
export function deadLetteredRuleTarget(queue: DeadLetterQueue): TargetBaseProps {
  return { deadLetterQueue: queue, retryAttempts: 10, maxEventAge: Duration.hours(2) };
}

/**
 * A function invoked asynchronously (an event rule's Lambda target, an `Event` invoke): after Lambda's own
 * two retries, the failed event goes to the queue with the error instead of being dropped.
 */
export function deadLetterAsyncInvokes(fn: IFunction, queue: DeadLetterQueue): void {
  fn.configureAsyncInvoke({
    onFailure: new SqsDestination(queue),
    retryAttempts: 2,
    maxEventAge: Duration.hours(6),
  });
}
