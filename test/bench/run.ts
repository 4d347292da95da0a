import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseSubmission } from '#domain/parse-submission';
import { renderTppContributions } from '#formats/tpp-contributions';
import { checkTppRules } from '#providers/tpp/preflight/check-tpp-rules';
import { exampleSubmission } from '../support/http.ts';
import { runColdStartBench } from './cold-start.ts';
import { runFormatsBench } from './formats.ts';
import { runParsingBench } from './parsing.ts';

/**
 * `npm run bench`: figures, never assertions. Validates (schema, then TPP's rules) and renders a large TPP
 * submission, and compares the render with JSON.stringify of the same data; then PAPDIS and PASS, and a
 * scheduled opt-out sync over 10,000 schemes; last, a 1,000-submission month-end's calls and CPU per
 * submission (month-end.ts).
 */
const EMPLOYEES = Number(process.env.BENCH_EMPLOYEES ?? 100_000);

/**
 * Runs a bench that starts an embedded runtime in a process of its own. A runtime points the gateway's AWS
 * clients at its engines through `AWS_ENDPOINT_URL_<SERVICE>`, and an SDK client keeps the endpoint it
 * first read, so a second runtime in the same process would find the first one's (stopped) engines.
 */
function inOwnProcess(bench: string) {
  const script = fileURLToPath(new URL(bench, import.meta.url));
  // Errors only from the gateway's logger, unless asked for more: the fault bench's warnings are its faults.
  const env = { POWERTOOLS_LOG_LEVEL: 'ERROR', ...process.env };
  execFileSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit', env });
}

function largeSubmission(count: number) {
  const template = exampleSubmission();
  const [first] = template.employees;
  // Distinct ids and NINOs, as in a real payroll.
  template.employees = Array.from({ length: count }, (_, i) => ({
    ...first,
    uniqueId: String(100_000 + i),
    niNumber: `AB${String(i).padStart(6, '0')}C`,
  }));
  return template;
}

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 5);

function timed<T>(label: string, run: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = run();
  const ms = performance.now() - start;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  console.log(`${label.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms`);
  return { result, ms };
}

const input = largeSubmission(EMPLOYEES);
console.log(`TPP submission of ${EMPLOYEES.toLocaleString('en-GB')} employees`);
const { result: parsed } = timed('validate (zod, pounds → pence)', () => parseSubmission(input));
if (!parsed.ok) throw new Error(`bench document is invalid: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
const details = {
  stagingDate: '2016-04-01',
  nextPayReferencePeriod: { start: '2026-11-02', end: '2026-11-08' },
  workerGroups: [{ id: 'UF', effective: { start: '2019-04-06' } }],
};
const { result: problems } = timed('pre-flight TPP rules', () =>
  checkTppRules(parsed.submission, details, { today: '2026-11-21' }),
);
if (problems.length) throw new Error(`bench document breaks rules: ${JSON.stringify(problems.slice(0, 3))}`);
const render = timed('render TPP JSON:API body', () => renderTppContributions(parsed.submission, '855969'));
const baseline = timed('JSON.stringify of the same data', () => JSON.stringify(parsed.submission));
clearInterval(sampler);
console.log(`body size                          ${(render.result.length / 1024 / 1024).toFixed(1)} MiB`);
console.log(`render ÷ JSON.stringify            ${(render.ms / baseline.ms).toFixed(2)}`);
console.log(`peak RSS                           ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);

console.log('\nPAPDIS CSV and PASS XML');
await runFormatsBench();

console.log('');
runParsingBench();

console.log('\nScheduled opt-out sync');
inOwnProcess('./opt-out-sync.ts');

console.log('\nMonth-end under provider faults');
inOwnProcess('./month-end-faults.ts');

console.log('\nPayrolls through the upload route');
inOwnProcess('./uploads.ts');

console.log('\nCold start: every function bundle beside a DynamoDB-only one, fresh Node process each');
await runColdStartBench();

console.log('\nMonth-end: calls and CPU per submission');
inOwnProcess('./month-end.ts');
