import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PensionGatewayStack, STACK_NAME } from '../../infra/stack.ts';

/**
 * cdk-nag 3 runs as a CDK policy-validation plugin during `app.synth()`. Acknowledged findings are left
 * out of its report; any other finding makes the plugin report fail, and the app (in memory) then throws
 * `ValidationFailed` with the report, after writing it to `validation-report.json` in the cloud assembly.
 */

const PLUGIN = 'AwsSolutions';

interface Violation {
  ruleName: string;
  severity: string;
  violatingConstructs: { constructPath: string }[];
}
interface PluginReport {
  pluginName: string;
  conclusion: 'success' | 'failure';
  violations: Violation[];
}
interface NaggedSynth {
  error: Error | undefined;
  /** The AwsSolutions plugin's report; absent when it found nothing unacknowledged. */
  report: PluginReport | undefined;
  reportWritten: boolean;
}

const outdirs: string[] = [];

/** Synthesizes the stack under AwsSolutionsChecks, optionally adding to it first, and reads the report. */
function synthWithNag(addToStack?: (stack: PensionGatewayStack) => void): NaggedSynth {
  const outdir = mkdtempSync(join(tmpdir(), 'pension-gateway-nag-'));
  outdirs.push(outdir);
  const app = new App({
    outdir,
    context: {
      'aws:cdk:bundling-stacks': [],
      // Fail synth on validation errors in process, as `cdk synth` does, whatever NODE_ENV is.
      '@aws-cdk/core:appMode': 'inmemory',
    },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new PensionGatewayStack(app, STACK_NAME, {
    providers: {
      tppApiUrl: 'https://api.example.test',
      tppAuthUrl: 'https://auth.example.test',
      pensionSyncApiUrl: 'https://pensionsync.example.test',
    },
  });
  addToStack?.(stack);
  let error: Error | undefined;
  try {
    app.synth();
  } catch (e) {
    error = e as Error;
  }
  const reportFile = join(outdir, 'validation-report.json');
  const reportWritten = existsSync(reportFile);
  const reports = reportWritten
    ? (JSON.parse(readFileSync(reportFile, 'utf8')) as { pluginReports: PluginReport[] }).pluginReports
    : [];
  return { error, report: reports.find((r) => r.pluginName === PLUGIN), reportWritten };
}

let clean: NaggedSynth;
let withNakedBucket: NaggedSynth;

beforeAll(() => {
  clean = synthWithNag();
  withNakedBucket = synthWithNag((stack) => {
    new Bucket(stack, 'Naked');
  });
});

afterAll(() => {
  for (const outdir of outdirs) rmSync(outdir, { recursive: true, force: true });
});

describe('cdk-nag AwsSolutions', () => {
  it('synthesizes the stack with every finding acknowledged', () => {
    expect(clean.error?.message).toBeUndefined();
    expect(clean.reportWritten).toBe(true);
    const unacknowledged = clean.report?.violations ?? [];
    expect(unacknowledged.filter((v) => v.severity === 'error').map((v) => v.ruleName)).toEqual([]);
    expect(unacknowledged.map((v) => `${v.severity} ${v.ruleName}`)).toEqual([]);
  });

  it('fails synth on an unacknowledged finding (an extra bucket with no TLS policy)', () => {
    expect(withNakedBucket.error).toBeDefined();
    expect(withNakedBucket.error?.message).toContain('AwsSolutions-S10');
    expect(withNakedBucket.error?.message).toContain(`${STACK_NAME}/Naked/Resource`);

    const report = withNakedBucket.report;
    expect(report?.conclusion).toBe('failure');
    const s10 = report?.violations.find((v) => v.ruleName === 'AwsSolutions-S10');
    expect(s10?.severity).toBe('error');
    expect(s10?.violatingConstructs.map((c) => c.constructPath)).toEqual([`${STACK_NAME}/Naked/Resource`]);
    // Acknowledgements are scoped to the constructs they excuse, so the new bucket's missing access logs show too.
    expect(report?.violations.map((v) => v.ruleName)).toContain('AwsSolutions-S1');
    // Only the added bucket is reported: the rest of the stack stays clean.
    const paths = report?.violations.flatMap((v) => v.violatingConstructs.map((c) => c.constructPath)) ?? [];
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(path.startsWith(`${STACK_NAME}/Naked/`), path).toBe(true);
  });
});
