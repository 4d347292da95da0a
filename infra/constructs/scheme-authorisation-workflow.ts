import { Duration, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  DefinitionBody,
  JitterType,
  LogLevel,
  StateMachine,
  StateMachineType,
  Succeed,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { logicalIdOf } from './nag.ts';

/**
 * Watches a newly linked PensionSync scheme until the customer authorises (or refuses) it. The check
 * step records each change, with its event, and says when to ask again: minutes at first, then up to a
 * day apart (domain/authorisation-checks), so one execution makes a few dozen checks at most.
 */
export class SchemeAuthorisationWorkflow extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: { name: string; checkAuthorisation: IFunction }) {
    super(scope, id);
    const wait = new Wait(this, 'WaitBeforeAuthorisationCheck', {
      time: WaitTime.timestampPath('$.nextCheckAt'),
    });
    const check = new LambdaInvoke(this, 'CheckScopeAuthorization', {
      lambdaFunction: props.checkAuthorisation,
      payloadResponseOnly: true,
    }).addRetry({
      // PensionSync down for a while is no reason to stop watching: the next check will tell.
      errors: ['States.ALL'],
      interval: Duration.minutes(1),
      backoffRate: 2,
      maxAttempts: 8,
      maxDelay: Duration.hours(1),
      jitterStrategy: JitterType.FULL,
    });
    const definition = wait
      .next(check)
      .next(
        new Choice(this, 'Settled?')
          .when(Condition.booleanEquals('$.done', true), new Succeed(this, 'AuthorisationSettled'))
          .otherwise(wait),
      );
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: props.name,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(definition),
      // The checks stop after 14 days; kept under the ~24.8-day limit of the local interpreter's timers.
      timeout: Duration.days(20),
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_YEAR }),
        level: LogLevel.ALL,
        includeExecutionData: true,
      },
    });
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(props.checkAuthorisation)}.Arn>:*]`,
      reason: 'Invoking the check function’s versions is what the Lambda task integration grants.',
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray and CloudWatch Logs delivery APIs take no resource-level permissions.',
    });
  }
}
