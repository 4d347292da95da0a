import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CanonicalEmployee } from '#domain/canonical-submission';
import { characters, occurrences } from '#providers/tpp/preflight/personal-rules';
import { check, validSubmission, withEmployee } from './support.ts';

describe('counting characters in names and address lines', () => {
  it('counts characters as the string iterator does, lone surrogates and pairs alike', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: fc.constantFrom('a', 'é', '\u{1F600}', '\uD800', '\uDC00', '👍🏽') }),
        ),
        (value) => {
          expect(characters(value)).toBe([...value].length);
        },
      ),
    );
  });

  it('counts occurrences as a global regular expression matches them', () => {
    const names = fc.string({ unit: fc.constantFrom('a', "'", '’', '-', ' ', '7', '\u{1F600}', 'é') });
    fc.assert(
      fc.property(names, (value) => {
        expect(occurrences("'’")(value)).toBe(value.match(/['’]/g)?.length ?? 0);
        expect(occurrences('0123456789')(value)).toBe(value.match(/[0-9]/g)?.length ?? 0);
        expect(occurrences(' ')(value)).toBe(value.match(/ /g)?.length ?? 0);
      }),
    );
  });
});

describe('character limits judged by length first', () => {
  // The rules skip counting when the UTF-16 length alone decides: these hold them to counting every time.
  const text = (minLength: number, maxLength: number) =>
    fc.string({ unit: fc.constantFrom('a', 'é', ' ', '\u{1F600}'), minLength, maxLength });
  const count = (value: string) => [...value].length;
  const codesFor = (patch: Partial<CanonicalEmployee>) =>
    check(withEmployee(validSubmission(), 1, patch))
      .filter((p) => p.employeeIndex === 1)
      .map((p) => p.code);

  it('D/D03, D/F02 and D/F03 refuse exactly the names whose characters break the limit', () => {
    fc.assert(
      fc.property(text(1, 50), text(1, 50), (forename, surname) => {
        const codes = codesFor({ forename: `x${forename}`, surname: `y${surname}` });
        expect(codes.includes('D/D03')).toBe(count(`x${forename}`) > 30);
        expect(codes.includes('D/F02')).toBe(count(`y${surname}`) > 45);
      }),
    );
    fc.assert(
      fc.property(text(1, 3), (surname) => {
        expect(codesFor({ surname }).includes('D/F03')).toBe(count(surname) < 2);
      }),
    );
  });

  it('D/J02, D/N01 and D/J04 refuse exactly the addresses whose characters break the limit', () => {
    const codesForAddress = (line1: string, line2: string, line5: string) => {
      const address = { line1: `1${line1}`.trim(), line2, line5 };
      const filled = [address.line1, line2.trim(), line5.trim()];
      return { codes: codesFor({ address }), filled };
    };
    fc.assert(
      fc.property(text(35, 70), text(0, 5), text(15, 35), (line1, line2, line5) => {
        const { codes, filled } = codesForAddress(line1, line2, line5);
        expect(codes.includes('D/J02')).toBe(count(filled[0] as string) > 50);
        expect(codes.includes('D/N01')).toBe(count(filled[2] as string) > 25);
      }),
    );
    fc.assert(
      fc.property(text(0, 20), text(0, 12), text(0, 12), (line1, line2, line5) => {
        const { codes, filled } = codesForAddress(line1, line2, line5);
        expect(codes.includes('D/J04')).toBe(filled.reduce((sum, line) => sum + count(line), 0) < 15);
      }),
    );
  });
});
