import { fileURLToPath } from 'node:url';
import { Duration, Validations } from 'aws-cdk-lib';
import { Architecture, type CfnFunction, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** The repository root: entries and the lock file are found from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Metadata key naming a function's source file, so the embedded runtime can host the same function. */
export const ENTRY_METADATA = 'pension-gateway:entry';

/** Every function's timeout unless it sets its own. */
export const FUNCTION_TIMEOUT_SECONDS = 60;

/**
 * The module that holds the Powertools tracer and the X-Ray SDK (shared/observability/xray-tracer.ts): left
 * out of every bundle, built as a file of its own beside each bundle that imports it, and found through the
 * asset's package.json `imports`, as the sources find it through the project's. Bundled in, it was 8-11 % of
 * every function that calls a provider, parsed on every cold start though it runs only on a provider call.
 */
export const TRACER_MODULE = {
  specifier: '#observability/xray-tracer',
  source: 'shared/observability/xray-tracer.ts',
  file: 'xray-tracer.mjs',
};

/** How every function is bundled; the cold-start bench (test/bench/cold-start.ts) builds with the same. */
export const GATEWAY_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node22',
  minify: true,
  // Maps ship beside the bundle but are not loaded at start: `--enable-source-maps` parses the whole map on
  // import (30-45 ms of every cold start), and Node maps only what loads after it is enabled, so it cannot be
  // turned on when an error happens. To read a trace, map it offline with the asset's index.mjs.map, or set
  // NODE_OPTIONS=--enable-source-maps on the function for a while (docs/cold-start.md). Without the sources'
  // text the map is a third of the size and still gives every frame's file, line and column.
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // Bundle the pinned SDK rather than the runtime's, so what was tested is what runs.
  externalModules: [TRACER_MODULE.specifier],
  // Some dependencies are CommonJS and call require(); ESM bundles need it defined.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string): string[] => [
      tracerModuleCommand(inputDir, outputDir),
    ],
  },
} satisfies BundlingOptions;

/**
 * Builds the tracer's file with the bundle's own options, and the package.json that maps its specifier to
 * it, where the bundle imports it (a function that never calls a provider carries neither). CDK runs it in
 * bash after its own step, with the project's esbuild (`npx` would add seconds per function).
 */
function tracerModuleCommand(inputDir: string, outputDir: string): string {
  const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
  const { target, format, minify, sourceMap, sourcesContent, mainFields, banner } = GATEWAY_BUNDLING;
  const esbuild = [
    quote(`${inputDir}/node_modules/.bin/esbuild`),
    '--bundle',
    quote(`${inputDir}/${TRACER_MODULE.source}`),
    `--outfile=${quote(`${outputDir}/${TRACER_MODULE.file}`)}`,
    '--platform=node',
    `--target=${target}`,
    `--format=${format}`,
    minify ? '--minify' : '',
    sourceMap ? '--sourcemap' : '',
    `--sources-content=${sourcesContent}`,
    `--main-fields=${mainFields.join(',')}`,
    `--banner:js=${quote(banner)}`,
    '--log-level=warning',
  ].filter(Boolean);
  const packageJson = JSON.stringify({ imports: { [TRACER_MODULE.specifier]: `./${TRACER_MODULE.file}` } });
  return [
    `if grep -qF ${quote(TRACER_MODULE.specifier)} ${quote(`${outputDir}/index.mjs`)}; then`,
    `${esbuild.join(' ')} && echo ${quote(packageJson)} > ${quote(`${outputDir}/package.json`)};`,
    'fi',
  ].join(' ');
}

export interface GatewayFunctionProps {
  /** Source file from the repository root, e.g. `functions/api/create-scheme.ts`. */
  entry: string;
  description: string;
  environment: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
}

/** One operation, one function: Node 22 on arm64, a tree-shaken ESM bundle, JSON logs kept for a year. */
export class GatewayFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: GatewayFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_YEAR });
    super(scope, id, {
      entry: `${PROJECT_ROOT}${props.entry}`,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      // Well above a provider request's own timeout (shared/providers/http.ts) plus a token refresh wait,
      // so a slow provider is a retryable failure rather than a function timeout.
      timeout: props.timeout ?? Duration.seconds(FUNCTION_TIMEOUT_SECONDS),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      environment: props.environment,
      bundling: GATEWAY_BUNDLING,
    });
    (this.node.defaultChild as CfnFunction).addMetadata(ENTRY_METADATA, props.entry);
    const acknowledge = (id: string, reason: string) => Validations.of(this).acknowledge({ id, reason });
    acknowledge(
      'AwsSolutions-L1',
      'Node 22 is the runtime the gateway is built and tested on (package.json pins it).',
    );
    acknowledge(
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'The minimal managed policy that lets a function write its own logs.',
    );
    acknowledge('AwsSolutions-IAM5[Resource::*]', 'X-Ray trace upload takes no resource-level permissions.');
  }
}
