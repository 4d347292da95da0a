import { Duration, Stack } from 'aws-cdk-lib';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letters.ts';

export interface ScheduledWorkflow {
  /** Construct id, and the schedule's name after the stack's. */
  id: string;
  description: string;
  workflow: IStateMachine;
  every: Duration;
}

/**
 * EventBridge Scheduler schedules that start workflows at a fixed rate, with no input: each execution
 * starts a run of its own. A start that fails is retried for an hour, then kept in the dead-letter queue
 * (and alarmed on); the next scheduled run catches up meanwhile.
 */
export class WorkflowSchedules extends Construct {
  readonly schedules: Schedule[];
  readonly deadLetters: DeadLetterQueue;

  constructor(scope: Construct, id: string, scheduled: ScheduledWorkflow[]) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;
    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters');
    this.schedules = scheduled.map(
      (s) =>
        new Schedule(this, s.id, {
          scheduleName: `${stackName}-${s.id}`,
          description: s.description,
          schedule: ScheduleExpression.rate(s.every),
          target: new StepFunctionsStartExecution(s.workflow, {
            input: ScheduleTargetInput.fromObject({}),
            retryAttempts: 5,
            maxEventAge: Duration.hours(1),
            deadLetterQueue: this.deadLetters,
          }),
        }),
    );
  }
}
