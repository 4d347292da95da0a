import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Choice,
  Condition,
  JitterType,
  type StateMachine,
  Succeed,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { gatewayStateMachine } from './gateway-state-machine.ts';

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
    this.stateMachine = gatewayStateMachine(this, {
      name: props.name,
      definition,
      // The checks stop after 14 days; kept under the ~24.8-day limit of the local interpreter's timers.
      timeout: Duration.days(20),
      steps: [props.checkAuthorisation],
    });
  }
}
