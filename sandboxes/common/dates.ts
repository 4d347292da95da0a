// Calendar dates as providers send them: `YYYY-MM-DD`, compared as strings and computed in UTC. Shared by the
// sandboxes (never by the gateway, whose mistakes they are there to catch).

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function toDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function toIso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

// Rejects impossible days such as 2026-02-30, which Date would roll into March.
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const date = toDate(value);
  return !Number.isNaN(date.getTime()) && toIso(date) === value;
}

export function addDays(iso: string, days: number): string {
  const date = toDate(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return toIso(date);
}

// Clamps to the end of a shorter month: 31 January plus one month is 28 (or 29) February.
export function addMonths(iso: string, months: number): string {
  const date = toDate(iso);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return toIso(date);
}

// A pay frequency as a length: weeks in days, months in calendar months.
export type PeriodLength = { days: number } | { months: number };

// The last day of the period of `length` that starts on `start`.
export function periodEnd(start: string, length: PeriodLength): string {
  const next = 'days' in length ? addDays(start, length.days) : addMonths(start, length.months);
  return addDays(next, -1);
}

export function ageOn(dateOfBirth: string, on: string): number {
  const [birthYear, birthMonthDay] = [Number(dateOfBirth.slice(0, 4)), dateOfBirth.slice(5)];
  const [year, monthDay] = [Number(on.slice(0, 4)), on.slice(5)];
  return year - birthYear - (monthDay < birthMonthDay ? 1 : 0);
}
