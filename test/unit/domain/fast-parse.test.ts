import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { canonicalEmployee } from '#domain/canonical-submission';
import { fastAccept, REFUSED } from '#domain/fast-parse';
import { submissions } from '../formats/papdis-support.ts';
import { parseCases } from './parse-cases.ts';

/** The fast path agrees with the schema: it refuses what zod refuses, and gives zod's output, key order too. */
function expectSameVerdict(schema: z.core.$ZodType, value: unknown) {
  const fast = fastAccept(schema)(value);
  const parsed = z.safeParse(schema, value);
  if (!parsed.success) {
    expect(fast).toBe(REFUSED);
    return;
  }
  if (fast === REFUSED) return; // allowed: the schema then parses it
  expect(fast).toStrictEqual(parsed.data);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(parsed.data));
}

describe('fastAccept', () => {
  const acceptEmployee = fastAccept(canonicalEmployee);

  it('accepts valid employees, hostile text and all, as the canonical schema holds them', () => {
    fc.assert(
      fc.property(submissions, (wire) => {
        for (const employee of wire.employees) {
          expect(acceptEmployee(employee)).not.toBe(REFUSED);
          expectSameVerdict(canonicalEmployee, employee);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with the canonical schema on every field set to each odd value', () => {
    for (const { name, wire } of parseCases()) {
      const employee = (wire as { employees?: unknown[] }).employees?.[1];
      expect(() => expectSameVerdict(canonicalEmployee, employee), name).not.toThrow();
    }
  });

  it('refuses an unknown key, __proto__ included, in a strict object', () => {
    const schema = z.strictObject({ a: z.string() });
    expect(fastAccept(schema)({ a: 'x', b: 1 })).toBe(REFUSED);
    expect(fastAccept(schema)(JSON.parse('{"a":"x","__proto__":{"b":1}}'))).toBe(REFUSED);
    expect(fastAccept(z.object({ a: z.string() }))({ a: 'x', b: 1 })).toEqual({ a: 'x' });
  });

  it('keeps an optional key given as undefined, and leaves out one not given, as zod does', () => {
    const schema = z.strictObject({ a: z.string().optional(), b: z.number().optional() });
    const accepted = fastAccept(schema)({ a: undefined });
    expect(accepted).toStrictEqual(schema.parse({ a: undefined }));
    expect(Object.keys(accepted as object)).toEqual(['a']);
  });

  it('runs refinements, limits and transforms, on the value as transformed so far', () => {
    const schema = z.strictObject({
      name: z.string().trim().min(2).max(4),
      pence: z
        .number()
        .nonnegative()
        .refine((n) => Number.isInteger(n * 10))
        .transform((n) => n * 10),
      email: z.email().optional(),
      period: z.object({ start: z.string(), end: z.string() }).refine((p) => p.start <= p.end),
    });
    const values = fc.record(
      {
        name: fc.oneof(
          fc.string({ maxLength: 6 }),
          fc.constantFrom(' ab ', '  a  ', 'abcde', '\u{1F600}\u{1F600}'),
        ),
        pence: fc.oneof(fc.double(), fc.constantFrom(0, -0, 0.1, 1.25, -1)),
        email: fc.oneof(fc.constantFrom('a@b.co', 'not-email', undefined), fc.emailAddress()),
        period: fc.record({ start: fc.constantFrom('a', 'b'), end: fc.constantFrom('a', 'b') }),
      },
      { requiredKeys: ['name', 'pence'] },
    );
    fc.assert(
      fc.property(values, (value) => {
        expectSameVerdict(schema, value);
      }),
      { numRuns: 2_000 },
    );
  });

  it('leaves kinds it does not check itself to zod, with zod’s result', () => {
    const schema = z.strictObject({
      either: z.union([z.string(), z.number()]),
      fallback: z.string().default('none').optional(),
      count: z.coerce.number(),
      tags: z.array(z.string()).optional(),
      extra: z.object({}).catchall(z.number()).optional(),
    });
    for (const value of [
      { either: 'a', count: '3' },
      { either: 2, count: 1, tags: ['x'], extra: { n: 1 } },
      { either: true, count: 1 },
      { either: 'a', count: 'x' },
      { either: 'a', count: 1, extra: { n: 'x' } },
    ]) {
      expectSameVerdict(schema, value);
    }
    expect(fastAccept(z.union([z.string(), z.number()]))(2)).toBe(2);
    expect(fastAccept(z.coerce.number())('3')).toBe(3);
  });
});
