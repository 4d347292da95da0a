import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseSubmission } from '#domain/parse-submission';
import { joined, jsonPieces } from '#formats/pieces';
import { documentKeys, documentSize } from '#store/documents';
import { startEmbeddedRuntime } from '../../infra/local/runtime.ts';
import { defaultAccounts, franeckiGroupWeekly } from '../../sandboxes/tpp/accounts.ts';
import { type GatewayCall, gatewayClient, monthlyExampleSubmission } from '../support/http.ts';
import { largePapdisFile, largePayroll } from '../support/large-payroll.ts';
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
const STEP_SCRIPT = fileURLToPath(new URL('./document-steps.ts', import.meta.url));

interface StepFigures {
  ms: number;
  parseMs: number;
  stringifyMs: number;
  parsedHeapMiB: number;
  bytes: number;
  peakRssMiB: number;
  aboveStartMiB: number;
}

/** Runs one document step in a fresh process (document-steps.ts), so its peak memory is its own. */
function step(mode: string, file: string): StepFigures {
  const output = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', STEP_SCRIPT, mode, file], {
    encoding: 'utf8',
    maxBuffer: MiB,
  });
  return JSON.parse(output) as StepFigures;
}

/**
 * A call that may be made again: the embedded runtime runs a step's synchronous work (seconds, for a large
 * payroll) on the event loop its HTTP server shares, so a kept-alive connection can be closed under a
 * request. GETs, and submissions under an Idempotency-Key, are safe to repeat.
 */
async function again<T>(attempt: () => Promise<T>, times = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= times || !(error instanceof TypeError)) throw error;
    }
  }
}

/** Create an upload, PUT the document, submit it; answers when it is `submitted` (or ended). */
async function throughUpload(call: GatewayCall, schemeId: string, document: string, contentType: string) {
  const start = Date.now();
  const created = await call('POST', `/v1/schemes/${schemeId}/uploads`, { contentType });
  const put = await fetch(created.body.url, { method: 'PUT', headers: created.body.headers, body: document });
  if (put.status !== 200) throw new Error(`the PUT answered ${put.status}`);
  const { uploadId } = created.body;
  const accepted = await again(() =>
    call('POST', `/v1/schemes/${schemeId}/submissions`, { uploadId }, { 'idempotency-key': uploadId }),
  );
  if (accepted.status !== 202) throw new Error(`submitting answered ${JSON.stringify(accepted.body)}`);
  const { submissionId } = accepted.body;
  for (;;) {
    const { body } = await again(() => call('GET', `/v1/submissions/${submissionId}`));
    const submitted = body.history.find((h: { status: string }) => h.status === 'submitted');
    if (submitted) {
      return {
        ms: Date.parse(submitted.at) - start,
        bytesSent: (await documentSize(documentKeys.outgoing(submissionId))) ?? 0,
      };
    }
    if (['rejected', 'error', 'failed'].includes(body.status))
      throw new Error(
        `submission ended ${body.status}: ${body.failureReason ?? JSON.stringify(body.errors?.slice(0, 2))}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function runUploadBench(
  sizes = (process.env.BENCH_UPLOAD_SIZES ?? '10000,50000,100000').split(',').map(Number),
) {
  const rss = await rssSampler();
  const directory = mkdtempSync(join(tmpdir(), 'bench-uploads-'));
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
      const wire = largePayroll(employees);
      const json = JSON.stringify(wire);
      console.log(
        `\n${employees.toLocaleString('en-GB')} employees, ${(json.length / MiB).toFixed(1)} MiB of JSON`,
      );
      const jsonFile = join(directory, `payroll-${employees}.json`);
      writeFileSync(jsonFile, json);
      const canonical = parseSubmission(structuredClone(wire), { inPlace: true });
      if (!canonical.ok) throw new Error('bench document is invalid');
      const canonicalFile = join(directory, `canonical-${employees}.json`);
      writeFileSync(canonicalFile, joined(jsonPieces(canonical.submission, canonical.submission.employees)));

      const base = step('baseline', jsonFile);
      const parseAndStringify = base.parseMs + base.stringifyMs;
      line('JSON.parse + JSON.stringify', `${base.parseMs.toFixed(0)} + ${base.stringifyMs.toFixed(0)} ms`);
      line('heap after JSON.parse alone', `${base.parsedHeapMiB.toFixed(0)} MiB`);
      const check = step('check', jsonFile);
      line(
        'check (parse, schema in place, TPP rules, canonical out)',
        `${check.ms.toFixed(0)} ms, peak RSS ${check.peakRssMiB.toFixed(0)} MiB (+${check.aboveStartMiB.toFixed(0)} = ${(check.aboveStartMiB / base.parsedHeapMiB).toFixed(2)}× parsed heap)`,
      );
      for (const format of ['tpp', 'pass', 'papdis']) {
        const render = step(`render-${format}`, canonicalFile);
        line(
          `  render ${format} (parse canonical, stream out)`,
          `${render.ms.toFixed(0)} ms, ${(render.bytes / MiB).toFixed(1)} MiB, peak RSS ${render.peakRssMiB.toFixed(0)} MiB (+${render.aboveStartMiB.toFixed(0)} = ${(render.aboveStartMiB / base.parsedHeapMiB).toFixed(2)}× parsed heap)`,
        );
        line(
          `  check + render ${format}`,
          `${((check.ms + render.ms) / parseAndStringify).toFixed(2)}× parse+stringify (target ≤ 3×)`,
        );
      }

      const [direct] = await seedDirectSchemes(1, [accounts[i]?.id as string], `bench-upload-${employees}`);
      const [pass] = await seedPensionSyncSchemes(pensionSync, 1, `bench-pass-${employees}`, 'pass');
      const [papdis] = await seedPensionSyncSchemes(pensionSync, 1, `bench-papdis-${employees}`, 'papdis');
      if (!direct || !pass || !papdis) throw new Error('schemes were not seeded');
      const csv = largePapdisFile(employees, 'NST', papdis.employerReference);
      // PensionSync's sandbox schemes are paid monthly: a weekly period would be refused.
      const monthlyJson = JSON.stringify(largePayroll(employees, monthlyExampleSubmission()));
      const runs = [
        ['TPP direct (JSON upload)', direct.schemeId, json, 'application/json'],
        ['PensionSync PASS (JSON upload)', pass.schemeId, monthlyJson, 'application/json'],
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
    rmSync(directory, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runUploadBench();
