import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letters.ts';
import { logicalIdOf } from './nag.ts';

/**
 * Every few minutes, publishes the events that steps stored with their state but never got onto the bus
 * (shared/store/outbox.ts): the second half of "events at least once".
 */
export class OutboxSweep extends Construct {
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: { sweep: IFunction; every?: Duration }) {
    super(scope, id);
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    this.schedule = new Schedule(this, 'Schedule', {
      scheduleName: `${Stack.of(this).stackName}-OutboxSweep`,
      description: 'Publishes events whose step stored them but died before putting them on the bus',
      schedule: ScheduleExpression.rate(props.every ?? Duration.minutes(5)),
      target: new LambdaInvoke(props.sweep, {
        role,
        input: ScheduleTargetInput.fromObject({}),
        retryAttempts: 2,
        maxEventAge: Duration.minutes(10),
        deadLetterQueue: new DeadLetterQueue(this, 'DeadLetters'),
      }),
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(props.sweep)}.Arn>:*]`,
      reason: 'The scheduler’s role may invoke the sweep function’s versions; it can invoke nothing else.',
    });
  }
}
