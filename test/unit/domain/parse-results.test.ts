import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { parseSubmission } from '#domain/parse-submission';
import { parseCases } from './parse-cases.ts';

/**
 * Parsing as it was before it was made faster (test/fixtures/parse-results.json): the same problems (code,
 * message, field, employee, value) in the same order, and the same held values, for every field set to each
 * odd value, and for hostile whole documents.
 */
const recorded: {
  results: Record<string, unknown>;
  documents: { wire: unknown; result: unknown }[];
} = JSON.parse(readFileSync(new URL('../../fixtures/parse-results.json', import.meta.url), 'utf8'));

describe('parseSubmission, against recorded results', () => {
  // Importing classic zod sets English messages for the whole process; a function that loads only zod/mini
  // has none, so the recorded (English) texts must come from the parse itself.
  const { localeError } = z.config();
  beforeAll(() => {
    z.config({ localeError: undefined });
  });
  afterAll(() => {
    z.config({ localeError });
  });

  it('reports the recorded problems, or holds the recorded value, for every field set to each odd value', () => {
    const cases = parseCases();
    expect(cases.length).toBe(Object.keys(recorded.results).length);
    for (const { name, wire, heldValue } of cases) {
      const result = parseSubmission(wire);
      const outcome = result.ok ? { ok: true, held: heldValue(result.submission) ?? null } : result.problems;
      expect(outcome, name).toEqual(recorded.results[name]);
    }
  });

  it('gives the recorded result for each whole document', () => {
    for (const { wire, result } of recorded.documents) {
      expect(parseSubmission(structuredClone(wire))).toEqual(result);
    }
  });
});
