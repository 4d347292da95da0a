import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import { Effect, type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, type IConstruct } from 'constructs';

/**
 * Provider credentials. The TPP client id and secret are issued by TPP's developer hub, and the PensionSync
 * consumer key and secret by its developer portal; the operator sets both after deploying. Each TPP
 * connection's tokens get a secret of their own under a prefix.
 */
export class ProviderSecrets extends Construct {
  readonly tppClient: Secret;
  readonly pensionSyncConsumer: Secret;
  /** Name prefix of the per-connection token secrets. */
  readonly connectionPrefix: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.tppClient = new Secret(this, 'TppClientCredentials', {
      description: 'TPP OAuth 2 client credentials: {"clientId": "...", "clientSecret": "..."}',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ clientId: 'set-me' }),
        generateStringKey: 'clientSecret',
      },
    });
    Validations.of(this.tppClient).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'TPP client credentials are issued by TPP’s developer hub and rotated there, by a person.',
    });
    this.pensionSyncConsumer = new Secret(this, 'PensionSyncConsumer', {
      description:
        'PensionSync OAuth 1.0a consumer: {"consumerKey": "...", "consumerSecret": "...", "signatureMethod": "HMAC-SHA1"}',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ consumerKey: 'set-me' }),
        generateStringKey: 'consumerSecret',
      },
    });
    Validations.of(this.pensionSyncConsumer).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'PensionSync consumer keys are issued by its developer portal and rotated there, by a person.',
    });
    this.connectionPrefix = `${Stack.of(this).stackName}/tpp-connections/`;
  }

  grantConnectionTokens(grantee: IGrantable & IConstruct): void {
    const stack = Stack.of(this);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [
          'secretsmanager:GetSecretValue',
          'secretsmanager:PutSecretValue',
          'secretsmanager:CreateSecret',
          'secretsmanager:DescribeSecret',
        ],
        resources: [
          stack.formatArn({
            service: 'secretsmanager',
            resource: 'secret',
            resourceName: `${this.connectionPrefix}*`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    Validations.of(grantee).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${this.connectionPrefix}*]`,
      reason: 'Each TPP connection gets its own secret, created at run time under this stack’s name prefix.',
    });
  }
}
