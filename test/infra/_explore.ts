import { writeFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PensionGatewayStack, STACK_NAME } from '../../infra/stack.ts';

const t0 = Date.now();
const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
const stack = new PensionGatewayStack(app, STACK_NAME, {
  providers: { tppApiUrl: 'https://api.example.test', tppAuthUrl: 'https://auth.example.test' },
});
const t = Template.fromStack(stack);
console.log('ms', Date.now() - t0);
writeFileSync('/tmp/explore/template.json', JSON.stringify(t.toJSON(), null, 2));
