/** Money is integer pence inside the gateway and decimal pounds (at most 2 places) on the wire. */

const POUNDS = /^\d+(\.\d{1,2})?$/;

/**
 * Up to £10^13 (far beyond any payroll) pounds × 100 is within 0.2 of the whole number of pence, so
 * rounding it is exact; larger amounts take the decimal string.
 */
const FAST_LIMIT = 1e13;

/** True when a wire amount has at most two decimal places and is not negative. */
export function isPounds(value: number): boolean {
  // Below FAST_LIMIT a double is some n/100 exactly when it is the double nearest n/100.
  if (value >= 0 && value < FAST_LIMIT) return Math.round(value * 100) / 100 === value;
  return Number.isFinite(value) && POUNDS.test(String(value));
}

/** Converts wire pounds to pence exactly: the float product is rounded, or the decimal string scaled. */
export function toPence(pounds: number): number {
  if (pounds >= 0 && pounds < FAST_LIMIT) return Math.round(pounds * 100);
  const [whole = '0', fraction = ''] = String(Math.abs(pounds)).split('.');
  return Math.sign(pounds) * (Number(whole) * 100 + Number(fraction.padEnd(2, '0')));
}

/** Converts pence to the double nearest the decimal pounds, which JSON prints exactly (181806 → 1818.06). */
export function toPounds(pence: number): number {
  return pence / 100;
}
