import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { characters, occurrences } from '#providers/tpp/preflight/personal-rules';

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
