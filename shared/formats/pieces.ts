/**
 * Documents written in pieces, so a large payroll is rendered and sent without the whole text (or a
 * second tree of it) ever being held. Joined, the pieces are exactly the document.
 */

/**
 * `JSON.stringify(value)` in pieces, with `list` (an array inside `value`) written item by item: each item
 * is mapped by `item` as it is written, so the mapped list is never built.
 */
export function* jsonPieces<T>(
  value: unknown,
  list: readonly T[],
  item: (entry: T) => unknown = (entry) => entry,
): Generator<string> {
  const marker = '\u0000list\u0000';
  const text = JSON.stringify(value, (_key, v: unknown) => (v === list ? marker : v));
  const at = text.indexOf(JSON.stringify(marker));
  if (at < 0) throw new Error('the list is not inside the value');
  yield `${text.slice(0, at)}[`;
  for (let i = 0; i < list.length; i++) {
    const json = JSON.stringify(item(list[i] as T));
    // Like JSON.stringify, an item that has no JSON form (undefined, a function) is written as null.
    yield `${i === 0 ? '' : ','}${json ?? 'null'}`;
  }
  yield `]${text.slice(at + JSON.stringify(marker).length)}`;
}

/** Gathers small pieces into strings of about `size` characters: fewer, larger writes. */
export function* batched(pieces: Iterable<string>, size = 64 * 1024): Generator<string> {
  let batch = '';
  for (const piece of pieces) {
    batch += piece;
    if (batch.length >= size) {
      yield batch;
      batch = '';
    }
  }
  if (batch) yield batch;
}

/** The pieces as one string, for documents small enough to hold. */
export const joined = (pieces: Iterable<string>): string => [...pieces].join('');
