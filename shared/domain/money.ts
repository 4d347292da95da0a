/** Money is integer pence inside the gateway and decimal pounds (at most 2 places) on the wire. */

const POUNDS = /^\d+(\.\d{1,2})?$/;

/** True when a wire amount has at most two decimal places and is not negative. */
export function isPounds(value: number): boolean {
  return Number.isFinite(value) && POUNDS.test(String(value));
}

/** Converts wire pounds to pence; exact because the decimal string, not the float, is scaled. */
export function toPence(pounds: number): number {
  const [whole = '0', fraction = ''] = String(Math.abs(pounds)).split('.');
  return Math.sign(pounds) * (Number(whole) * 100 + Number(fraction.padEnd(2, '0')));
}

/** Converts pence to the double nearest the decimal pounds, which JSON prints exactly (181806 → 1818.06). */
export function toPounds(pence: number): number {
  return pence / 100;
}
