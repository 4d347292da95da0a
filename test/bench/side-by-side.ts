import { performance } from 'node:perf_hooks';

/**
 * Times several ways of doing the same work side by side: one warm-up round, then `rounds` rounds in which
 * each candidate runs once in turn, so a busy machine slows them alike. Returns each one's median in ms.
 */
export function medianTimes<K extends string>(
  candidates: Record<K, () => unknown>,
  rounds = Number(process.env.BENCH_ROUNDS ?? 5),
): Record<K, number> {
  const names = Object.keys(candidates) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round <= rounds; round++) {
    for (const name of names) {
      const start = performance.now();
      candidates[name]();
      const ms = performance.now() - start;
      if (round > 0) samples[name].push(ms);
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(samples[name])])) as Record<K, number>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** `label   1.85×   target ≤ 2×   met` */
export function ratioLine(label: string, ratio: number, target?: { atMost: number }): string {
  const figure = `${ratio.toFixed(2)}×`.padStart(7);
  if (!target) return `${label.padEnd(52)} ${figure}`;
  const verdict = ratio <= target.atMost ? 'met' : 'NOT MET';
  return `${label.padEnd(52)} ${figure}   target ≤ ${target.atMost}×   ${verdict}`;
}
