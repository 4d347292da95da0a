import { describe, expect, it } from 'vitest';
import { repeatedValues, repeatedValuesBySet } from '#providers/tpp/preflight/repeated-values';
import { problemsWith, validSubmission } from './support.ts';

const identity = (value: string | undefined) => value;
const sorted = (values: Set<string>) => [...values].sort();

/** FNV-1a, as the table hashes: only to craft values that land on the same slot. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

describe('repeatedValues', () => {
  it('finds exactly the values given more than once, as a Set of every value would', () => {
    let seed = 12345;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let round = 0; round < 50; round++) {
      const count = Math.floor(random() * 2000);
      const values = Array.from({ length: count }, () =>
        random() < 0.1 ? undefined : `AB${Math.floor(random() * count * 4)}C`,
      );
      expect(sorted(repeatedValues(values, identity))).toEqual(sorted(repeatedValuesBySet(values, identity)));
    }
  });

  it('finds none among 100,000 distinct values, and one repeated at the two ends', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => String(100_000 + i));
    expect(sorted(repeatedValues(values, identity))).toEqual([]);
    values[99_999] = '100000';
    expect(sorted(repeatedValues(values, identity))).toEqual(['100000']);
  });

  it('tells apart values of equal length and empty ones, and skips undefined', () => {
    expect(sorted(repeatedValues(['ab', 'ba', '', '', undefined, undefined, 'ab'], identity))).toEqual([
      '',
      'ab',
    ]);
  });

  it('gives the same answer when crafted values all land on one slot (handed to a Set)', () => {
    // 300 items make a table of 1,024 slots: values whose hash ends in the same 10 bits share a slot.
    const crafted: string[] = [];
    for (let n = 0; crafted.length < 300; n++) if ((fnv1a(`id${n}`) & 1023) === 0) crafted.push(`id${n}`);
    const values = [...crafted, crafted[7] as string, crafted[299] as string];
    expect(sorted(repeatedValues(values, identity))).toEqual([crafted[7], crafted[299]].sort());
  });
});

describe('D/H01 and D/I03 among thousands of employees', () => {
  it('name each holder of a repeated value, values in order of their first holder', () => {
    const [first] = validSubmission().employees;
    const employees = Array.from({ length: 5_000 }, (_, i) => ({
      ...(first as NonNullable<typeof first>),
      uniqueId: `E${i}`,
      niNumber: `AB${String(i).padStart(6, '0')}C`,
    }));
    const repeat = (at: number, of: number) => {
      employees[at] = {
        ...(employees[at] as (typeof employees)[number]),
        uniqueId: `E${of}`,
        niNumber: `AB${String(of).padStart(6, '0')}C`,
      };
    };
    repeat(4_999, 10);
    repeat(3_000, 2);
    repeat(20, 10);
    const submission = { ...validSubmission(), employees };
    for (const code of ['D/H01', 'D/I03']) {
      const problems = problemsWith(code, submission);
      expect(problems.map((p) => p.employeeIndex)).toEqual([2, 10, 20, 3_000, 4_999]);
      const byIndex = Object.fromEntries(problems.map((p) => [p.employeeIndex, p.message]));
      expect(byIndex[10]).toContain('is given for 3 employees (employees 10, 20, 4999).');
      expect(byIndex[3_000]).toContain('is given for 2 employees (employees 2, 3000).');
    }
  });
});
