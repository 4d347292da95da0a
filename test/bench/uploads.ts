import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseSubmission } from '#domain/parse-submission';
import { renderPapdisCsv } from '#formats/papdis-csv';
import { tppContributionsPieces } from '#formats/tpp-contributions';
import { checkTppRules } from '#providers/tpp/preflight/check-tpp-rules';
import { documentKeys, documentSize } from '#store/documents';
import { startEmbeddedRuntime } from '../../infra/local/runtime.ts';
import { defaultAccounts, franeckiGroupWeekly } from '../../sandboxes/tpp/accounts.ts';
import { exampleSubmission, type GatewayCall, gatewayClient } from '../support/http.ts';
import { seedDirectSchemes, seedPensionSyncSchemes } from '../support/seed-schemes.ts';
import { rssSampler } from './formats.ts';

/**
 * `npm run bench` (or `npx tsx test/bench/uploads.ts`): figures, never assertions. Payrolls of 10,000 to
 * 100,000 employees through the upload route on the embedded runtime (TPP direct, PensionSync PASS and a
 * PAPDIS file), timed from the upload to `submitted`; and, on the same data in the same run, JSON.parse and
 * JSON.stringify beside the gateway's check and render, and the heap the parsed document takes.
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MiB = 1024 * 1024;
const heapMiB = () => process.memoryUsage().heapUsed / MiB;

function largeWire(count: number) {
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

const TPP_DETAILS = {
  stagingDate: '2016-04-01',
  nextPayReferencePeriod: { start: '2026-11-02', end: '2026-11-08' },
  workerGroups: [{ id: 'UF', effective: { start: '2019-04-06' } }],
};

/** JSON.parse and JSON.stringify of the document, and the heap the parsed document takes. */
function baseline(text: string) {
  gc();
  const before = heapMiB();
  let start = performance.now();
  let parsed: unknown = JSON.parse(text);
  const parseMs = performance.now() - start;
  gc();
  const parsedHeapMiB = heapMiB() - before;
  start = performance.now();
  JSON.stringify(parsed);
  const stringifyMs = performance.now() - start;
  parsed = undefined;
  return { parseMs, stringifyMs, parsedHeapMiB };
}

/** What the document steps do, in this process: parse, check in place, TPP's rules, render to a sink. */
function checkAndRender(text: string) {
  const start = performance.now();
  const parsed = parseSubmission(JSON.parse(text), { inPlace: true });
  if (!parsed.ok) throw new Error(`bench document is invalid: ${JSON.stringify(parsed.problems[0])}`);
  const problems = checkTppRules(parsed.submission, TPP_DETAILS, { today: '2026-11-21' });
  if (problems.length) throw new Error(`bench document breaks rules: ${JSON.stringify(problems[0])}`);
  let bytes = 0;
  for (const piece of tppContributionsPieces(parsed.submission, '855969')) bytes += Buffer.byteLength(piece);
  return { ms: performance.now() - start, bytes };
}

/** Create an upload, PUT the document, submit it; answers when it is `submitted` (or ended). */
async function throughUpload(call: GatewayCall, schemeId: string, document: string, contentType: string) {
  const start = Date.now();
  const created = await call('POST', `/v1/schemes/${schemeId}/uploads`, { contentType });
  const put = await fetch(created.body.url, { method: 'PUT', headers: created.body.headers, body: document });
  if (put.status !== 200) throw new Error(`the PUT answered ${put.status}`);
  const accepted = await call('POST', `/v1/schemes/${schemeId}/submissions`, {
    uploadId: created.body.uploadId,
  });
  if (accepted.status !== 202) throw new Error(`submitting answered ${JSON.stringify(accepted.body)}`);
  const { submissionId } = accepted.body;
  for (;;) {
    const { body } = await call('GET', `/v1/submissions/${submissionId}`);
    const submitted = body.history.find((h: { status: string }) => h.status === 'submitted');
    if (submitted) {
      return {
        ms: Date.parse(submitted.at) - start,
        bytesSent: (await documentSize(documentKeys.outgoing(submissionId))) ?? 0,
      };
    }
    if (['rejected', 'error', 'failed'].includes(body.status))
      throw new Error(`submission ended ${body.status}: ${JSON.stringify(body.errors?.slice(0, 2))}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function runUploadBench(
  sizes = (process.env.BENCH_UPLOAD_SIZES ?? '10000,50000,100000').split(',').map(Number),
) {
  const rss = await rssSampler();
  // One TPP account per size, each expecting the fixture's period.
  const accounts = sizes.map((_, i) => ({
    ...structuredClone(franeckiGroupWeekly),
    id: String(910_000 + i),
  }));
  const runtime = await startEmbeddedRuntime({ tppSandbox: { accounts: [...defaultAccounts, ...accounts] } });
  const line = (label: string, value: string) => console.log(`${label.padEnd(44)}${value}`);
  try {
    const call = gatewayClient(runtime.url);
    const pensionSync = runtime.pensionSyncSandbox;
    if (!pensionSync) throw new Error('the runtime did not start the PensionSync sandbox');
    for (const [i, employees] of sizes.entries()) {
      const wire = largeWire(employees);
      const json = JSON.stringify(wire);
      console.log(
        `\n${employees.toLocaleString('en-GB')} employees, ${(json.length / MiB).toFixed(1)} MiB of JSON`,
      );
      const base = baseline(json);
      const parseAndStringify = base.parseMs + base.stringifyMs;
      line('JSON.parse + JSON.stringify', `${base.parseMs.toFixed(0)} + ${base.stringifyMs.toFixed(0)} ms`);
      line('heap after JSON.parse alone', `${base.parsedHeapMiB.toFixed(0)} MiB`);

      gc();
      const rssBefore = process.memoryUsage.rss() / MiB;
      rss.reset();
      const steps = checkAndRender(json);
      const stepsPeak = rss.peakMiB() - rssBefore;
      line(
        'check + render (in process)',
        `${steps.ms.toFixed(0)} ms = ${(steps.ms / parseAndStringify).toFixed(2)}× parse+stringify (target ≤ 3×)`,
      );
      line(
        '  peak RSS above start',
        `${stepsPeak.toFixed(0)} MiB = ${(stepsPeak / base.parsedHeapMiB).toFixed(2)}× parsed heap (target ≤ 1.5×)`,
      );

      const [direct] = await seedDirectSchemes(1, [accounts[i]?.id as string], `bench-upload-${employees}`);
      const [pass] = await seedPensionSyncSchemes(pensionSync, 1, `bench-pass-${employees}`, 'pass');
      const [papdis] = await seedPensionSyncSchemes(pensionSync, 1, `bench-papdis-${employees}`, 'papdis');
      if (!direct || !pass || !papdis) throw new Error('schemes were not seeded');
      const canonical = parseSubmission(structuredClone(wire), { inPlace: true });
      if (!canonical.ok) throw new Error('bench document is invalid');
      const csv = renderPapdisCsv(canonical.submission, {
        providerId: 'NST',
        employerId: papdis.employerReference,
      });
      const runs = [
        ['TPP direct (JSON upload)', direct.schemeId, json, 'application/json'],
        ['PensionSync PASS (JSON upload)', pass.schemeId, json, 'application/json'],
        ['PensionSync PAPDIS (CSV upload)', papdis.schemeId, csv, 'text/csv'],
      ] as const;
      for (const [label, schemeId, document, contentType] of runs) {
        gc();
        const processBefore = process.memoryUsage.rss() / MiB;
        rss.reset();
        const run = await throughUpload(call, schemeId, document, contentType);
        const peak = rss.peakMiB();
        line(
          label,
          `${(run.ms / 1000).toFixed(1)} s upload→submitted, ${(run.bytesSent / MiB).toFixed(1)} MiB sent, ` +
            `peak RSS ${peak.toFixed(0)} MiB (+${(peak - processBefore).toFixed(0)} = ${((peak - processBefore) / base.parsedHeapMiB).toFixed(2)}× parsed heap)`,
        );
      }
    }
    console.log(
      '\n(peak RSS on the embedded runtime is the whole process: gateway steps, s3rver and the provider sandboxes, which parse and keep what they receive)',
    );
  } finally {
    await runtime.stop();
    await rss.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runUploadBench();
