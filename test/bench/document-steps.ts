import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { CanonicalSubmission } from '#domain/canonical-submission';
import { parseSubmission } from '#domain/parse-submission';
import { papdisCsvPieces } from '#formats/papdis-csv';
import { passXmlPieces } from '#formats/pass-xml';
import { jsonPieces } from '#formats/pieces';
import { tppContributionsPieces } from '#formats/tpp-contributions';
import { checkTppRules } from '#providers/tpp/preflight/check-tpp-rules';

/**
 * One document step, alone in a fresh process so its peak memory is its own (run by uploads.ts with
 * --expose-gc): `baseline` (JSON.parse, JSON.stringify), `check` (what the workflow's first step does to
 * an upload) or `render-<tpp|pass|papdis>` (what a submit step does to the checked document). Prints JSON.
 */
const [mode = '', file = ''] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const MiB = 1024 * 1024;

const BENCH_TPP_DETAILS = {
  stagingDate: '2016-04-01',
  nextPayReferencePeriod: { start: '2026-11-02', end: '2026-11-08' },
  workerGroups: [{ id: 'UF', effective: { start: '2019-04-06' } }],
};

/** Consumes the pieces as a stream to the provider would, counting bytes. */
function drain(pieces: Iterable<string>): number {
  let bytes = 0;
  for (const piece of pieces) bytes += Buffer.byteLength(piece);
  return bytes;
}

function run(text: string): Record<string, number> {
  if (mode === 'baseline') {
    const heapBefore = process.memoryUsage().heapUsed;
    let start = performance.now();
    const parsed: unknown = JSON.parse(text);
    const parseMs = performance.now() - start;
    gc?.();
    const parsedHeapMiB = (process.memoryUsage().heapUsed - heapBefore) / MiB;
    start = performance.now();
    JSON.stringify(parsed);
    return { parseMs, stringifyMs: performance.now() - start, parsedHeapMiB };
  }
  const start = performance.now();
  if (mode === 'check') {
    const parsed = parseSubmission(JSON.parse(text), { inPlace: true });
    if (!parsed.ok) throw new Error(`invalid: ${JSON.stringify(parsed.problems[0])}`);
    const problems = checkTppRules(parsed.submission, BENCH_TPP_DETAILS, { today: '2026-11-21' });
    if (problems.length) throw new Error(`breaks rules: ${JSON.stringify(problems[0])}`);
    const bytes = drain(jsonPieces(parsed.submission, parsed.submission.employees));
    return { ms: performance.now() - start, bytes };
  }
  const canonical = JSON.parse(text) as CanonicalSubmission;
  const pieces =
    mode === 'render-tpp'
      ? tppContributionsPieces(canonical, '855969')
      : mode === 'render-pass'
        ? passXmlPieces(canonical, {
            intermediaryId: 'int-1',
            documentId: 'bench-1',
            destinationId: 'NST',
            employerId: 'E1',
          })
        : papdisCsvPieces(canonical, { providerId: 'NST', employerId: 'E1' });
  const bytes = drain(pieces);
  return { ms: performance.now() - start, bytes };
}

// The document's text is what the step downloads; what the step adds to it is what is measured.
const text = readFileSync(file, 'utf8');
gc();
const startRssMiB = process.memoryUsage.rss() / MiB;
const result = run(text);
const peakRssMiB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  JSON.stringify({ ...result, startRssMiB, peakRssMiB, aboveStartMiB: peakRssMiB - startRssMiB }),
);
