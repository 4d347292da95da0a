/** Calendar dates travel as ISO `YYYY-MM-DD` strings and are compared as such (lexical order is date order). */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * RFC 3339 in UTC with whole seconds, as Step Functions' Wait state expects. Rounded up, so a wait never
 * ends before the instant it stands for.
 */
export function toTimestamp(instant: Date): string {
  const wholeSeconds = new Date(Math.ceil(instant.getTime() / 1000) * 1000);
  return `${wholeSeconds.toISOString().slice(0, 19)}Z`;
}
