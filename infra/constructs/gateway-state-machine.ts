import { type Duration, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  DefinitionBody,
  type IChainable,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { logicalIdOf } from './nag.ts';

export interface GatewayStateMachineProps {
  name: string;
  definition: IChainable;
  /** A backstop; keep it under the ~24.8-day limit of the timers that run definitions locally. */
  timeout: Duration;
  /** The functions its Tasks invoke. */
  steps: Iterable<IFunction>;
}

/**
 * Every workflow of the gateway the same way: Standard, named (so functions can start it by an ARN built
 * from the name), every execution's data logged for a year, X-Ray on, and the two findings the Lambda
 * task integration always raises acknowledged with their reasons.
 */
export function gatewayStateMachine(scope: Construct, props: GatewayStateMachineProps): StateMachine {
  const stateMachine = new StateMachine(scope, 'StateMachine', {
    stateMachineName: props.name,
    stateMachineType: StateMachineType.STANDARD,
    definitionBody: DefinitionBody.fromChainable(props.definition),
    timeout: props.timeout,
    tracingEnabled: true,
    logs: {
      destination: new LogGroup(scope, 'Logs', { retention: RetentionDays.ONE_YEAR }),
      level: LogLevel.ALL,
      includeExecutionData: true,
    },
  });
  for (const fn of new Set(props.steps)) {
    Validations.of(scope).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(fn)}.Arn>:*]`,
      reason: 'Invoking a step function’s versions is what the Lambda task integration grants.',
    });
  }
  Validations.of(scope).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'X-Ray and CloudWatch Logs delivery APIs take no resource-level permissions.',
  });
  return stateMachine;
}
