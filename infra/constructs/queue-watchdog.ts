import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { gatewayStateMachine } from './gateway-state-machine.ts';
import { WorkflowSchedules } from './schedules.ts';
import { LAMBDA_SERVICE_ERRORS } from './submission-workflow.ts';

/**
 * The backstop for lost wake-ups of TPP account queues: on a schedule, a one-step workflow starts every
 * queue whose head TPP now expects (shared/use-cases/queue-watchdog). A workflow rather than a direct
 * Lambda target, like the other schedules, so the embedded runtime runs it from the template too.
 */
export class QueueWatchdog extends Construct {
  constructor(scope: Construct, id: string, props: { name: string; restart: IFunction; every: Duration }) {
    super(scope, id);
    const restart = new LambdaInvoke(this, 'RestartDueQueues', {
      lambdaFunction: props.restart,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
    });
    restart.addRetry({ errors: LAMBDA_SERVICE_ERRORS, interval: Duration.seconds(2), maxAttempts: 3 });
    const stateMachine = gatewayStateMachine(this, {
      name: props.name,
      definition: restart,
      timeout: Duration.minutes(15),
      steps: [props.restart],
    });
    new WorkflowSchedules(this, 'Schedules', [
      {
        id: 'QueueWatchdog',
        description: 'Starts every TPP account queue whose head is due (lost wake-ups)',
        workflow: stateMachine,
        every: props.every,
      },
    ]);
  }
}
