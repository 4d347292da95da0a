import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { syncRateMinutes } from './constructs/syncs.ts';
import { PensionGatewayStack, STACK_NAME } from './stack.ts';

/**
 * `cdk synth` / `cdk deploy`. Provider origins come from context (cdk.json, or `-c tppApiUrl=...`), and so
 * do the sync rates in minutes (`-c optOutSyncRate=15`).
 */
const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

const minutes = (name: string) => syncRateMinutes(`context ${name}`, app.node.tryGetContext(name));

new PensionGatewayStack(app, STACK_NAME, {
  providers: {
    tppApiUrl: app.node.getContext('tppApiUrl'),
    tppAuthUrl: app.node.getContext('tppAuthUrl'),
    pensionSyncApiUrl: app.node.getContext('pensionSyncApiUrl'),
  },
  syncRates: { optOutSyncRate: minutes('optOutSyncRate'), schemeSyncRate: minutes('schemeSyncRate') },
  alarmEmail: app.node.tryGetContext('alarmEmail'),
});
