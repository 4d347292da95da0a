import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { stringify } from 'csv-stringify/sync';
import { XMLBuilder } from 'fast-xml-parser';
import type { CanonicalSubmission } from '#domain/canonical-submission';
import { parseSubmission } from '#domain/parse-submission';
import { PAPDIS_COLUMNS, papdisCsvRows, renderPapdisCsv } from '#formats/papdis-csv';
import { passTree, renderPassXml } from '#formats/pass-xml';
import { largePayroll } from '../support/large-payroll.ts';
import { medianTimes, ratioLine } from './side-by-side.ts';

/**
 * `npx tsx test/bench/formats.ts`: figures, never assertions. Renders PAPDIS CSV and PASS XML for a large
 * submission, beside csv-stringify on the same rows and fast-xml-parser's XMLBuilder on the same tree.
 */

const CSV_HEADER = { providerId: 'TPP', employerId: 'E1' };
const PASS_HEADER = {
  intermediaryId: 'int-1',
  documentId: 'bench-1',
  destinationId: 'TPP',
  employerId: 'E1',
};

/** The large payroll (employees differing as real ones do), parsed. */
function largeSubmission(count: number): CanonicalSubmission {
  const parsed = parseSubmission(largePayroll(count), { inPlace: true });
  if (!parsed.ok)
    throw new Error(`bench document is invalid: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
  return parsed.submission;
}

/**
 * Rendering is synchronous, so the main thread cannot sample its own memory meanwhile; a worker reads the
 * process's RSS (shared by all threads) every 2 ms into shared memory, in KiB.
 */
export async function rssSampler() {
  const peakKiB = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     const peak = new Int32Array(workerData);
     const sample = () => { const kib = Math.round(process.memoryUsage.rss() / 1024); if (kib > Atomics.load(peak, 0)) Atomics.store(peak, 0, kib); };
     sample();
     setInterval(sample, 2);`,
    { eval: true, workerData: peakKiB.buffer },
  );
  await new Promise((resolve) => worker.once('online', resolve));
  return {
    /** Starts a new peak from the current RSS. */
    reset: () => Atomics.store(peakKiB, 0, Math.round(process.memoryUsage.rss() / 1024)),
    peakMiB: () => Math.max(Atomics.load(peakKiB, 0), process.memoryUsage.rss() / 1024) / 1024,
    stop: () => worker.terminate(),
  };
}

export interface Timing {
  label: string;
  ms: number;
  peakRssMiB: number;
}

export async function runFormatsBench(employees = Number(process.env.BENCH_EMPLOYEES ?? 100_000)) {
  const submission = largeSubmission(employees);
  const rss = await rssSampler();
  const timings: Timing[] = [];
  function timed<T>(label: string, run: () => T): T {
    rss.reset();
    const start = performance.now();
    const result = run();
    const ms = performance.now() - start;
    timings.push({ label, ms, peakRssMiB: rss.peakMiB() });
    console.log(
      `${label.padEnd(40)} ${ms.toFixed(0).padStart(6)} ms   peak RSS ${rss.peakMiB().toFixed(0)} MiB`,
    );
    return result;
  }
  const ms = (label: string) => timings.find((t) => t.label === label)?.ms ?? Number.NaN;

  console.log(`PAPDIS CSV and PASS XML for ${employees.toLocaleString('en-GB')} employees`);
  const csv = timed('renderPapdisCsv', () => renderPapdisCsv(submission, CSV_HEADER));
  const rows = timed('  papdisCsvRows (cell values)', () => [...papdisCsvRows(submission, CSV_HEADER)]);
  const baselineCsv = timed('  csv-stringify of those rows', () =>
    stringify([[...PAPDIS_COLUMNS], ...rows], { record_delimiter: 'windows' }),
  );
  const xml = timed('renderPassXml', () => renderPassXml(submission, PASS_HEADER));
  const tree = timed('  passTree (element tree)', () => passTree(submission, PASS_HEADER));
  const baselineXml = timed('  XMLBuilder of that tree', () => new XMLBuilder({}).build(tree));
  await rss.stop();

  const ratios = {
    csvVsStringify: ms('renderPapdisCsv') / ms('  csv-stringify of those rows'),
    csvVsRowsAndStringify:
      ms('renderPapdisCsv') / (ms('  papdisCsvRows (cell values)') + ms('  csv-stringify of those rows')),
    xmlVsBuilder: ms('renderPassXml') / ms('  XMLBuilder of that tree'),
    xmlVsTreeAndBuilder:
      ms('renderPassXml') / (ms('  passTree (element tree)') + ms('  XMLBuilder of that tree')),
  };
  const mib = (text: string) => `${(text.length / 1024 / 1024).toFixed(1)} MiB`;
  console.log(
    `sizes: CSV ${mib(csv)} (csv-stringify ${mib(baselineCsv)}), XML ${mib(xml)} (XMLBuilder ${mib(baselineXml)})`,
  );
  console.log(`renderPapdisCsv ÷ csv-stringify                 ${ratios.csvVsStringify.toFixed(2)}`);
  console.log(`renderPapdisCsv ÷ (rows + csv-stringify)        ${ratios.csvVsRowsAndStringify.toFixed(2)}`);
  console.log(`renderPassXml ÷ XMLBuilder                      ${ratios.xmlVsBuilder.toFixed(2)}`);
  console.log(`renderPassXml ÷ (tree + XMLBuilder)             ${ratios.xmlVsTreeAndBuilder.toFixed(2)}`);
  console.log(
    `peak RSS overall                                ${Math.max(...timings.map((t) => t.peakRssMiB)).toFixed(0)} MiB`,
  );

  // Side by side, medians after a warm-up: each format against JSON.stringify of the same employees (the
  // targets), and against the libraries (the lead to keep).
  const median = medianTimes({
    json: () => JSON.stringify(submission.employees),
    csv: () => renderPapdisCsv(submission, CSV_HEADER),
    xml: () => renderPassXml(submission, PASS_HEADER),
    csvStringify: () =>
      stringify([[...PAPDIS_COLUMNS], ...papdisCsvRows(submission, CSV_HEADER)], {
        record_delimiter: 'windows',
      }),
    xmlBuilder: () => new XMLBuilder({}).build(passTree(submission, PASS_HEADER)),
  });
  console.log(
    `\nSide by side, medians (ms): JSON.stringify ${median.json.toFixed(0)}, PAPDIS CSV ${median.csv.toFixed(0)}, PASS XML ${median.xml.toFixed(0)}, csv-stringify ${median.csvStringify.toFixed(0)}, XMLBuilder ${median.xmlBuilder.toFixed(0)}`,
  );
  const medianRatios = {
    xmlVsJson: median.xml / median.json,
    csvVsJson: median.csv / median.json,
    builderVsXml: median.xmlBuilder / median.xml,
    stringifyVsCsv: median.csvStringify / median.csv,
  };
  console.log(
    ratioLine('PASS XML ÷ JSON.stringify of the same employees', medianRatios.xmlVsJson, { atMost: 2 }),
  );
  console.log(
    ratioLine('PAPDIS CSV ÷ JSON.stringify of the same employees', medianRatios.csvVsJson, { atMost: 2 }),
  );
  console.log(ratioLine('XMLBuilder (tree + build) ÷ PASS XML (lead, was 2.6×)', medianRatios.builderVsXml));
  console.log(
    ratioLine('csv-stringify (rows + stringify) ÷ PAPDIS CSV (lead, was 3.3×)', medianRatios.stringifyVsCsv),
  );
  return { employees, timings, ratios, median, medianRatios };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runFormatsBench();
