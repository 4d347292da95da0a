import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayFunction, TRACER_MODULE } from '../../infra/constructs/gateway-function.ts';

/**
 * The tracer is a file of its own beside each bundle that calls a provider (GATEWAY_BUNDLING): bundles are
 * built here as `cdk synth` builds them (NodejsFunction, the local esbuild, the after-bundling hook).
 */
const execFileAsync = promisify(execFile);
/** A string of the X-Ray SDK's own (its daemon address variable), found in no other package the gateway uses. */
const XRAY_SDK_MARK = 'AWS_XRAY_DAEMON_ADDRESS';

let outdir: string;
const assets: Record<'provider' | 'dynamodbOnly', string> = { provider: '', dynamodbOnly: '' };

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'tracer-module-'));
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, 'TracerModule');
  const provider = new GatewayFunction(stack, 'CheckScopeAuthorization', {
    entry: 'functions/pensionsync/check-scope-authorization.ts',
    description: 'A step that calls PensionSync',
    environment: {},
  });
  const dynamodbOnly = new GatewayFunction(stack, 'DynamoDbOnly', {
    entry: 'test/bench/cold-start-baseline.ts',
    description: 'Holds only the DynamoDB client',
    environment: {},
  });
  const assembly = app.synth();
  const resources = assembly.getStackByName('TracerModule').template.Resources;
  const assetOf = (fn: GatewayFunction) =>
    join(
      outdir,
      resources[stack.getLogicalId(fn.node.defaultChild as CfnElement)].Metadata['aws:asset:path'],
    );
  assets.provider = assetOf(provider);
  assets.dynamodbOnly = assetOf(dynamodbOnly);
}, 120_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('the tracer in a function asset', () => {
  it('is not in the bundle of a function that calls a provider, which imports it by name', () => {
    const bundle = readFileSync(join(assets.provider, 'index.mjs'), 'utf8');
    expect(bundle).toContain(`import("${TRACER_MODULE.specifier}")`);
    expect(bundle).not.toContain(XRAY_SDK_MARK);
    expect(readFileSync(join(assets.provider, TRACER_MODULE.file), 'utf8')).toContain(XRAY_SDK_MARK);
    expect(existsSync(join(assets.provider, `${TRACER_MODULE.file}.map`))).toBe(true);
  });

  it('is found by that name from the bundle, and gives the Powertools tracer', async () => {
    const { stdout } = await execFileAsync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { Tracer } = await import('${TRACER_MODULE.specifier}');
         const tracer = new Tracer({ serviceName: 'tracer-module-test' });
         process.stdout.write([typeof tracer.provider.captureAsyncFunc, tracer.isTracingEnabled()].join());`,
      ],
      { cwd: assets.provider, env: { PATH: process.env.PATH } },
    );
    // Outside Lambda Powertools turns tracing off; the X-Ray SDK it wraps is there all the same.
    expect(stdout).toBe('function,false');
  });

  it('is left out of the asset of a function that never calls a provider', () => {
    expect(readFileSync(join(assets.dynamodbOnly, 'index.mjs'), 'utf8')).not.toContain(
      TRACER_MODULE.specifier,
    );
    expect(existsSync(join(assets.dynamodbOnly, TRACER_MODULE.file))).toBe(false);
    expect(existsSync(join(assets.dynamodbOnly, 'package.json'))).toBe(false);
  });
});
