/** Calendar dates travel as ISO `YYYY-MM-DD` strings and are compared as such (lexical order is date order). */

const ZERO = 48;

/** The digits of `value` from `from` to `to` as a number, or -1 if any is not 0-9. */
function digits(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = value.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Read digit by digit (a payroll holds a dozen dates per employee). Years before 100 are refused, as
 * JavaScript's Date, which this once used, reads them as 19xx.
 */
export function isIsoDate(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  if (year < 100 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number));
}

/**
 * RFC 3339 in UTC with whole seconds, as Step Functions' Wait state expects. Rounded up, so a wait never
 * ends before the instant it stands for.
 */
export function toTimestamp(instant: Date): string {
  const wholeSeconds = new Date(Math.ceil(instant.getTime() / 1000) * 1000);
  return `${wholeSeconds.toISOString().slice(0, 19)}Z`;
}
