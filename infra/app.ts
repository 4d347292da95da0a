import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PensionGatewayStack, STACK_NAME } from './stack.ts';

/** `cdk synth` / `cdk deploy`. Provider origins come from context (cdk.json, or `-c tppApiUrl=...`). */
const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
new PensionGatewayStack(app, STACK_NAME, {
  providers: {
    tppApiUrl: app.node.getContext('tppApiUrl'),
    tppAuthUrl: app.node.getContext('tppAuthUrl'),
    pensionSyncApiUrl: app.node.getContext('pensionSyncApiUrl'),
  },
});
