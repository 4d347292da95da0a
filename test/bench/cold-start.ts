import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { App, Stack } from 'aws-cdk-lib';
import { build } from 'esbuild';
import {
  ENTRY_METADATA,
  GATEWAY_BUNDLING,
  GatewayFunction,
  PROJECT_ROOT,
} from '../../infra/constructs/gateway-function.ts';
import { PensionGatewayStack, STACK_NAME } from '../../infra/stack.ts';

/**
 * `npm run bench` (or `npm exec -- tsx test/bench/cold-start.ts`): figures, never assertions. Synthesizes the
 * app with its real bundling (NodejsFunction, local esbuild), takes every function's bundle from the cloud
 * assembly, and imports each in a fresh Node process, beside a yardstick built the same way that holds only
 * the DynamoDB client (test/bench/cold-start-baseline.ts). Every import of a function sits between two
 * imports of the yardstick, and its ratio is over their mean: a machine whose speed drifts during the bench
 * moves a function and the yardstick beside it alike, where a ratio of two medians taken minutes apart would
 * move with it. A function's figure is the median of RUNS rounds.
 */
const RUNS = Number(process.env.BENCH_COLD_START_RUNS ?? 7);
const BASELINE_ENTRY = 'test/bench/cold-start-baseline.ts';
/** Targets of issue 12, on import time with the functions' NODE_OPTIONS (what Lambda runs). */
const MEDIAN_TARGET = 1.3;
/**
 * The NODE_OPTIONS of the second figure: each function's own (what Lambda runs), unless this names others,
 * e.g. `BENCH_COLD_START_NODE_OPTIONS=--enable-source-maps` to see what turning source maps on would cost.
 */
const nodeOptionsOf = (bundle: Bundle) =>
  process.env.BENCH_COLD_START_NODE_OPTIONS ?? bundle.environment.NODE_OPTIONS ?? '';
const MAX_TARGET = 1.6;

interface Bundle {
  /** The source file, or the stack and logical id of a function that is not a GatewayFunction. */
  entry: string;
  source?: string;
  file: string;
  /** The environment the template gives the function, tokens replaced by placeholders. */
  environment: Record<string, string>;
}

interface Figures extends Bundle {
  bytes: number;
  mapBytes: number;
  /** Median import time without NODE_OPTIONS, and with the function's own. */
  bare: number;
  withOptions: number;
  /** Median over rounds of each import's time divided by the yardstick's imported just before it. */
  bareRatio: number;
  withOptionsRatio: number;
  packages: string;
}

const execFileAsync = promisify(execFile);

/** Synthesizes the gateway, and the yardstick in a stack of its own, with bundling; returns every bundle. */
function synthesizeBundles(outdir: string): Bundle[] {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8'));
  const context = { ...cdkJson.context, 'aws:cdk:enable-asset-metadata': true };
  const app = new App({ outdir, context });
  new PensionGatewayStack(app, STACK_NAME, {
    providers: {
      tppApiUrl: context.tppApiUrl,
      tppAuthUrl: context.tppAuthUrl,
      pensionSyncApiUrl: context.pensionSyncApiUrl,
    },
  });
  const yardstick = new Stack(app, 'ColdStartBaseline');
  new GatewayFunction(yardstick, 'DynamoDbOnly', {
    entry: BASELINE_ENTRY,
    description: 'The cold-start bench yardstick',
    environment: {},
  });
  const assembly = app.synth();
  // Every Node function with a bundled asset, a GatewayFunction or not (CDK's own handlers are CommonJS).
  return assembly.stacks.flatMap((stack) =>
    Object.entries(stack.template.Resources as Record<string, CfnFunction>).flatMap(([id, resource]) => {
      const asset = resource.Metadata?.['aws:asset:path'];
      if (resource.Type !== 'AWS::Lambda::Function' || typeof asset !== 'string') return [];
      const file = join(assembly.directory, asset, 'index.mjs');
      if (!existsSync(file)) return [];
      const entry = resource.Metadata?.[ENTRY_METADATA];
      return [
        {
          entry: typeof entry === 'string' ? entry : `${stack.stackName}/${id}`,
          source: typeof entry === 'string' ? entry : undefined,
          file,
          environment: Object.fromEntries(
            Object.entries(resource.Properties.Environment?.Variables ?? {}).map(([name, value]) => [
              name,
              typeof value === 'string' ? value : `placeholder-${name.toLowerCase()}`,
            ]),
          ),
        },
      ];
    }),
  );
}

interface CfnFunction {
  Type: string;
  Metadata?: Record<string, unknown>;
  Properties: { Environment?: { Variables?: Record<string, unknown> } };
}

/** One import of a bundle in a fresh process, with Lambda's variables; milliseconds from import to loaded. */
async function importTime(bundle: Bundle, nodeOptions: string): Promise<number> {
  const script =
    'const start = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - start));';
  const { stdout } = await execFileAsync(
    process.execPath,
    ['--input-type=module', '-e', script, pathToFileURL(bundle.file).href],
    {
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'eu-west-2',
        AWS_LAMBDA_FUNCTION_NAME: 'cold-start-bench',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
        ...bundle.environment,
        NODE_OPTIONS: nodeOptions,
      },
    },
  );
  return Number(stdout);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/** The packages (or the project itself) that take most of a bundle, from esbuild's metafile. */
async function largestPackages(entry: string): Promise<string> {
  const result = await build({
    format: GATEWAY_BUNDLING.format,
    target: GATEWAY_BUNDLING.target,
    minify: GATEWAY_BUNDLING.minify,
    mainFields: GATEWAY_BUNDLING.mainFields,
    external: GATEWAY_BUNDLING.externalModules,
    banner: { js: GATEWAY_BUNDLING.banner },
    entryPoints: [join(PROJECT_ROOT, entry)],
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    platform: 'node',
    write: false,
    metafile: true,
    outfile: 'index.mjs',
    logLevel: 'silent',
  });
  const [output] = Object.values(result.metafile.outputs);
  const byPackage = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? '(gateway)';
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  const total = output?.bytes ?? 1;
  return [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([name, bytes]) => `${name} ${Math.round((bytes / total) * 100)}%`)
    .join(', ');
}

interface Measured {
  times: number[];
  /** Each import's time over the mean of the yardstick's imported just before and just after it. */
  ratios: number[];
}

type Kind = 'bare' | 'withOptions';

const nothingMeasured = (): Record<Kind, Measured> => ({
  bare: { times: [], ratios: [] },
  withOptions: { times: [], ratios: [] },
});

/** One round: the yardstick, then each function followed by the yardstick again. */
async function round(
  baseline: Bundle,
  functions: Bundle[],
  kind: Kind,
  measured: Map<Bundle, Record<Kind, Measured>>,
) {
  const optionsOf = (bundle: Bundle) => (kind === 'bare' ? '' : nodeOptionsOf(bundle));
  const record = (bundle: Bundle, time: number, ratio: number) => {
    const measures = measured.get(bundle)?.[kind];
    measures?.times.push(time);
    measures?.ratios.push(ratio);
  };
  let before = await importTime(baseline, optionsOf(baseline));
  record(baseline, before, 1);
  for (const bundle of functions) {
    const time = await importTime(bundle, optionsOf(bundle));
    const after = await importTime(baseline, optionsOf(baseline));
    record(bundle, time, time / ((before + after) / 2));
    record(baseline, after, 1);
    before = after;
  }
}

export async function runColdStartBench(): Promise<Figures[]> {
  const outdir = mkdtempSync(join(tmpdir(), 'cold-start-'));
  try {
    console.log(`Node ${process.version}; synthesizing the app with bundling ...`);
    const bundles = synthesizeBundles(outdir);
    // Read what each bundle holds now, while the sources are those the assembly was built from.
    const packages = new Map<Bundle, string>();
    for (const bundle of bundles) {
      packages.set(bundle, bundle.source ? await largestPackages(bundle.source) : '');
    }
    const baseline = bundles.find((bundle) => bundle.entry === BASELINE_ENTRY);
    if (!baseline) throw new Error('the yardstick bundle is missing from the assembly');
    const functions = bundles.filter((bundle) => bundle !== baseline);
    const measured = new Map(bundles.map((bundle) => [bundle, nothingMeasured()]));
    const withOptions = bundles.some((bundle) => nodeOptionsOf(bundle));
    for (let run = 0; run < RUNS; run++) {
      await round(baseline, functions, 'bare', measured);
      if (withOptions) await round(baseline, functions, 'withOptions', measured);
    }
    const figures: Figures[] = [];
    for (const bundle of bundles) {
      const map = `${bundle.file}.map`;
      const { bare, withOptions: withTheirs } = measured.get(bundle) ?? nothingMeasured();
      const theirs = withOptions ? withTheirs : bare;
      figures.push({
        ...bundle,
        bytes: statSync(bundle.file).size,
        mapBytes: statSync(map, { throwIfNoEntry: false })?.size ?? 0,
        bare: median(bare.times),
        withOptions: median(theirs.times),
        bareRatio: median(bare.ratios),
        withOptionsRatio: median(theirs.ratios),
        packages: packages.get(bundle) ?? '',
      });
    }
    printTable(figures);
    return figures;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function printTable(figures: Figures[]) {
  const baseline = figures.find((figure) => figure.entry === BASELINE_ENTRY);
  if (!baseline) throw new Error('the yardstick bundle is missing from the assembly');
  const functions = figures
    .filter((figure) => figure !== baseline)
    .sort((a, b) => b.withOptionsRatio - a.withOptionsRatio);
  const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const times = (value: number) => `${value.toFixed(2)}×`;
  const ratio = (value: number, of: number) => times(value / of);
  const options = nodeOptionsOf(baseline) || 'NODE_OPTIONS (none)';
  console.log(
    `${'function'.padEnd(46)} ${'bundle'.padStart(8)} ${'÷'.padStart(6)} ${'map'.padStart(8)} ${'import'.padStart(7)} ${'÷'.padStart(6)} ${`with ${options}`.padStart(28)} ${'÷'.padStart(6)}  largest parts`,
  );
  const row = (name: string, figure: Figures) =>
    console.log(
      `${name.padEnd(46)} ${kb(figure.bytes).padStart(8)} ${ratio(figure.bytes, baseline.bytes).padStart(6)} ${kb(figure.mapBytes).padStart(8)} ${ms(figure.bare).padStart(7)} ${times(figure.bareRatio).padStart(6)} ${ms(figure.withOptions).padStart(28)} ${times(figure.withOptionsRatio).padStart(6)}  ${figure.packages}`,
    );
  row('baseline: @aws-sdk/client-dynamodb only', baseline);
  for (const figure of functions) row(figure.entry, figure);
  const ratios = (pick: (figure: Figures) => number) => functions.map(pick);
  const summary = (label: string, values: number[], targets: boolean) => {
    const [middle, worst] = [median(values), Math.max(...values)];
    const above = values.filter((value) => value > MAX_TARGET).length;
    console.log(
      targets
        ? `${label.padEnd(46)} median ${middle.toFixed(2)}× (target ≤ ${MEDIAN_TARGET}×), largest ${worst.toFixed(2)}× (target ≤ ${MAX_TARGET}×), ${above} of ${values.length} above ${MAX_TARGET}×`
        : `${label.padEnd(46)} median ${middle.toFixed(2)}×, largest ${worst.toFixed(2)}× (no target)`,
    );
  };
  summary(
    `import with ${options}`,
    ratios((figure) => figure.withOptionsRatio),
    true,
  );
  summary(
    'import without NODE_OPTIONS',
    ratios((figure) => figure.bareRatio),
    true,
  );
  summary(
    'bundle size',
    ratios((figure) => figure.bytes / baseline.bytes),
    false,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runColdStartBench();
