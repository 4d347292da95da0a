import { Validations } from 'aws-cdk-lib';
import { type CfnStage, HttpApi, HttpMethod, HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface ApiRoute {
  method: HttpMethod;
  path: string;
  handler: IFunction;
  /** Without IAM: only for a page a browser lands on, which must guard itself. */
  publicBecause?: string;
}

/** The public API: an HTTP API whose every route needs IAM (SigV4) authorization, with access logs. */
export class GatewayApi extends Construct {
  readonly httpApi: HttpApi;

  constructor(scope: Construct, id: string, routes: ApiRoute[]) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Pension Gateway public API (v1)',
      defaultAuthorizer: new HttpIamAuthorizer(),
      createDefaultStage: true,
    });
    for (const route of routes) {
      const [added] = this.httpApi.addRoutes({
        path: route.path,
        methods: [route.method],
        integration: new HttpLambdaIntegration(`${route.method}${route.path}`, route.handler),
        ...(route.publicBecause ? { authorizer: new HttpNoneAuthorizer() } : {}),
      });
      if (route.publicBecause && added) {
        Validations.of(added).acknowledge({ id: 'AwsSolutions-APIG4', reason: route.publicBecause });
      }
    }
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR });
    const stage = this.httpApi.defaultStage?.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        caller: '$context.identity.caller',
        time: '$context.requestTime',
        route: '$context.routeKey',
        status: '$context.status',
        latency: '$context.responseLatency',
        integrationError: '$context.integrationErrorMessage',
      }),
    };
  }
}

export { HttpMethod };
