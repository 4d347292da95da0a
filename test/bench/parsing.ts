import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { canonicalSubmission } from '#domain/canonical-submission';
import { niNumberProblems } from '#domain/ni-number';
import { parseSubmission } from '#domain/parse-submission';
import { checkTppRules, type TppSchemeDetails } from '#providers/tpp/preflight/check-tpp-rules';
import { largePayroll } from '../support/large-payroll.ts';
import { medianTimes, ratioLine } from './side-by-side.ts';

/**
 * `npm exec -- tsx test/bench/parsing.ts`: figures, never assertions. The canonical parse, and the parse
 * followed by TPP's pre-flight rules, each beside a bare zod parse of the same shape (the same objects,
 * types and enums, without refinements, trimming, limits or transforms), medians of runs side by side.
 */

/** The schema's shape with nothing but types: what any zod parse of this document must at least do. */
export function bareShapeOf(schema: z.core.$ZodType): z.ZodType {
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, any>;
  switch (def.type) {
    case 'object': {
      const shape = Object.fromEntries(
        Object.entries(def.shape as Record<string, z.core.$ZodType>).map(([key, field]) => [
          key,
          bareShapeOf(field),
        ]),
      );
      return def.catchall?._zod.def.type === 'never' ? z.strictObject(shape) : z.object(shape);
    }
    case 'array':
      return z.array(bareShapeOf(def.element));
    case 'optional':
      return bareShapeOf(def.innerType).optional();
    case 'pipe':
      return bareShapeOf(def.in);
    case 'string':
      return z.string();
    case 'number':
      return z.number();
    case 'boolean':
      return z.boolean();
    case 'enum':
      return z.enum(def.entries);
    case 'literal':
      return z.literal(def.values);
    default:
      throw new Error(`no bare form for a zod ${def.type}`);
  }
}

/** An account that every employee of the large payroll satisfies. */
const DETAILS: TppSchemeDetails = {
  stagingDate: '2016-04-01',
  nextPayReferencePeriod: { start: '2026-11-02', end: '2026-11-08' },
  workerGroups: [{ id: 'UF', effective: { start: '2019-04-06' } }],
};
const CONTEXT = { today: '2026-11-21' };

export function runParsingBench(employees = Number(process.env.BENCH_EMPLOYEES ?? 100_000)) {
  const document = largePayroll(employees);
  const bare = bareShapeOf(canonicalSubmission);
  const parsed = parseSubmission(document);
  if (!parsed.ok)
    throw new Error(`bench document is invalid: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
  if (!bare.safeParse(document).success) throw new Error('the bare schema refuses the bench document');
  const problems = [
    ...niNumberProblems(parsed.submission),
    ...checkTppRules(parsed.submission, DETAILS, CONTEXT),
  ];
  if (problems.length)
    throw new Error(`bench document breaks rules: ${JSON.stringify(problems.slice(0, 3))}`);

  console.log(`Canonical parse and TPP pre-flight rules, ${employees.toLocaleString('en-GB')} employees`);
  // Medians of 7 rounds: the machine is shared, and single rounds move by a third.
  const ms = medianTimes(
    {
      bare: () => bare.safeParse(document),
      parse: () => parseSubmission(document),
      parseAndRules: () => {
        const result = parseSubmission(document);
        if (!result.ok) throw new Error('invalid');
        return [
          ...niNumberProblems(result.submission),
          ...checkTppRules(result.submission, DETAILS, CONTEXT),
        ];
      },
    },
    Number(process.env.BENCH_ROUNDS ?? 7),
  );
  console.log(`bare zod parse of the same shape     ${ms.bare.toFixed(0).padStart(6)} ms (median)`);
  console.log(`parseSubmission                      ${ms.parse.toFixed(0).padStart(6)} ms`);
  console.log(`parseSubmission + pre-flight rules   ${ms.parseAndRules.toFixed(0).padStart(6)} ms`);
  const ratios = { parse: ms.parse / ms.bare, parseAndRules: ms.parseAndRules / ms.bare };
  console.log(ratioLine('parse ÷ bare zod parse', ratios.parse, { atMost: 2 }));
  console.log(ratioLine('parse + pre-flight rules ÷ bare zod parse', ratios.parseAndRules, { atMost: 3 }));
  return { employees, ms, ratios };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runParsingBench();
