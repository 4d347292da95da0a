/**
 * The values that occur more than once among `items` (those `valueIn` gives; undefined is no value).
 *
 * Values are nearly always distinct, and a Set of 100,000 strings spends most of its time growing (about
 * 60 ms). Here one open-addressing table of item positions, sized once, holds each value's 32-bit hash
 * (FNV-1a over its UTF-16 units); the values are compared only when their hashes are equal. A run of
 * values whose hashes keep colliding (crafted ones, say) is handed to a Set, so time stays linear.
 */
export function repeatedValues<T>(
  items: readonly T[],
  valueIn: (item: T) => string | undefined,
): Set<string> {
  const repeated = new Set<string>();
  let size = 16;
  while (size < items.length * 2) size *= 2;
  const mask = size - 1;
  // 0 is an empty slot; otherwise the item's position + 1 and the hash of its value.
  const positions = new Int32Array(size);
  const hashes = new Int32Array(size);
  let probesLeft = 8 * items.length + 16;
  for (let index = 0; index < items.length; index++) {
    const value = valueIn(items[index] as T);
    if (value === undefined) continue;
    const hash = fnv1a(value);
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      if (--probesLeft < 0) return repeatedValuesBySet(items, valueIn);
      const held = positions[slot] as number;
      if (held === 0) {
        positions[slot] = index + 1;
        hashes[slot] = hash;
        break;
      }
      if (hashes[slot] === hash && valueIn(items[held - 1] as T) === value) {
        repeated.add(value);
        break;
      }
    }
  }
  return repeated;
}

/** A 32-bit signed integer, as the table holds it (even for the empty text). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

/** The same answer with a Set of every value: linear whatever the values, but slower. */
export function repeatedValuesBySet<T>(
  items: readonly T[],
  valueIn: (item: T) => string | undefined,
): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const item of items) {
    const value = valueIn(item);
    if (value === undefined) continue;
    if (seen.has(value)) repeated.add(value);
    else seen.add(value);
  }
  return repeated;
}
