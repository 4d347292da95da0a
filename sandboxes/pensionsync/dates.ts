/** Calendar arithmetic on YYYY-MM-DD strings, in UTC so the host's time zone never moves a date. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UK_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isIsoDate(value: string): boolean {
  const parts = ISO_DATE.exec(value);
  return parts !== null && isRealDate(Number(parts[1]), Number(parts[2]), Number(parts[3]));
}

/** PAPDIS files may write dates either way (the PAPDIS spec allows DD/MM/YYYY). */
export function isPapdisDate(value: string): boolean {
  const uk = UK_DATE.exec(value);
  if (uk) return isRealDate(Number(uk[3]), Number(uk[2]), Number(uk[1]));
  return isIsoDate(value);
}

function toIso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function parse(iso: string): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

export function addDays(iso: string, days: number): string {
  const date = parse(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return toIso(date);
}

/** Same day of a later month, or that month's last day when it is shorter (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(iso: string, months: number): string {
  const date = parse(iso);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return toIso(date);
}

export function firstOfNextMonth(now: Date): string {
  return toIso(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)));
}

export interface Period {
  startDate: string;
  endDate: string;
}

// PAPDIS frequency codes: weeks as days, months as months.
const FREQUENCIES: Readonly<Record<string, { days?: number; months?: number }>> = {
  W1: { days: 7 },
  W2: { days: 14 },
  W4: { days: 28 },
  M1: { months: 1 },
  M3: { months: 3 },
  M6: { months: 6 },
  MA: { months: 12 },
};

/** The period of one `frequency` starting on `startDate`; an unknown code counts as monthly. */
export function periodStarting(startDate: string, frequency: string): Period {
  const step = FREQUENCIES[frequency] ?? { months: 1 };
  const next =
    step.days !== undefined ? addDays(startDate, step.days) : addMonths(startDate, step.months ?? 1);
  return { startDate, endDate: addDays(next, -1) };
}

export function periodAfter(period: Period, frequency: string): Period {
  return periodStarting(addDays(period.endDate, 1), frequency);
}
