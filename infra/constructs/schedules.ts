import { Duration, Stack } from 'aws-cdk-lib';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface ScheduledWorkflow {
  /** Construct id, and the schedule's name after the stack's. */
  id: string;
  description: string;
  workflow: IStateMachine;
  every: Duration;
}

/**
 * EventBridge Scheduler schedules that start workflows at a fixed rate, with no input: each execution
 * starts a run of its own. A start that fails is retried for a while; past that the next one catches up.
 */
export class WorkflowSchedules extends Construct {
  readonly schedules: Schedule[];

  constructor(scope: Construct, id: string, scheduled: ScheduledWorkflow[]) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;
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
          }),
        }),
    );
  }
}
