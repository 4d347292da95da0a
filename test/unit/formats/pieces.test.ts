import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batched, joined, jsonPieces } from '#formats/pieces';

describe('jsonPieces', () => {
  it('joins to exactly JSON.stringify of the value, the list mapped item by item', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.jsonValue()), fc.jsonValue(), (before, list, after) => {
        const value = { before, list, after };
        const mapped = (item: unknown) => ({ item });
        expect(joined(jsonPieces(value, list, mapped))).toBe(
          JSON.stringify({ before, list: list.map(mapped), after }),
        );
      }),
    );
  });

  it('writes an item with no JSON form as null, as JSON.stringify does in an array', () => {
    const list = [1, undefined, 3];
    expect(joined(jsonPieces({ list }, list))).toBe(JSON.stringify({ list }));
  });

  it('refuses a list that is not inside the value', () => {
    expect(() => joined(jsonPieces({ list: [1] }, [1]))).toThrow('not inside');
  });
});

describe('batched', () => {
  it('keeps every character, in order, in pieces of at least the size but the last', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), fc.integer({ min: 1, max: 20 }), (pieces, size) => {
        const batches = [...batched(pieces, size)];
        expect(batches.join('')).toBe(pieces.join(''));
        for (const batch of batches.slice(0, -1)) expect(batch.length).toBeGreaterThanOrEqual(size);
        expect(batches.every((batch) => batch.length > 0)).toBe(true);
      }),
    );
  });
});
