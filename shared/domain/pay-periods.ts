/**
 * Pay reference periods and the calendar arithmetic behind them. Dates are ISO `YYYY-MM-DD` strings (see
 * dates.ts), computed in UTC so no time zone or daylight-saving shift can move a day.
 */

import { isIsoDate } from './dates.ts';

export type Frequency = 'Weekly' | 'Fortnightly' | 'Four Weekly' | 'Monthly';

export const FREQUENCIES: readonly Frequency[] = ['Weekly', 'Fortnightly', 'Four Weekly', 'Monthly'];

export interface Period {
  start: string;
  end: string;
}

const DAYS_IN: Record<Exclude<Frequency, 'Monthly'>, number> = {
  Weekly: 7,
  Fortnightly: 14,
  'Four Weekly': 28,
};

function parts(date: string): [year: number, month: number, day: number] {
  const [year = Number.NaN, month = Number.NaN, day = Number.NaN] = date.split('-').map(Number);
  return [year, month, day];
}

/** Month is 1-based; day may overflow, as Date.UTC allows. */
function isoDate(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function addDays(date: string, days: number): string {
  const [year, month, day] = parts(date);
  return isoDate(year, month, day + days);
}

/** The same day `years` later: a 29 February falls on 1 March in other years, as ageOn counts it. */
export function addYears(date: string, years: number): string {
  // A calendar date landing in a four-digit year keeps its month and day (rules ask this per employee).
  if (isIsoDate(date) && Number.isInteger(years)) {
    const year = Number(date.slice(0, 4)) + years;
    if (year >= 1000 && year <= 9999) {
      const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
      return date.endsWith('-02-29') && !leap ? `${year}-03-01` : `${year}${date.slice(4)}`;
    }
  }
  const [year, month, day] = parts(date);
  return isoDate(year + years, month, day);
}

/** Same day of the month `months` later, or that month's last day when it is shorter (31 Jan + 1 → 28 Feb). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = parts(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  return isoDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

function isLastDayOfMonth(date: string): boolean {
  const [year, month, day] = parts(date);
  return day === daysInMonth(year, month);
}

function lastDayOfMonth(date: string): string {
  const [year, month] = parts(date);
  return isoDate(year, month, daysInMonth(year, month));
}

/**
 * The period of this frequency that begins on `start`. A monthly period ends a month after the day before it
 * began, keeping calendar months whole (1 Feb → 28 Feb, 1 Mar → 31 Mar) and mid-month ones on their day
 * (15 Oct → 14 Nov). Periods anchored on the 29th–31st drift to a shorter month's end, as any rule that
 * sees only one period must.
 */
export function periodStarting(start: string, frequency: Frequency): Period {
  if (frequency !== 'Monthly') return { start, end: addDays(start, DAYS_IN[frequency] - 1) };
  const dayBefore = addDays(start, -1);
  const monthOn = addMonths(dayBefore, 1);
  return { start, end: isLastDayOfMonth(dayBefore) ? lastDayOfMonth(monthOn) : monthOn };
}

/** The period after `period`: it starts the day after `period` ends. */
export function nextPeriod(period: Period, frequency: Frequency): Period {
  return periodStarting(addDays(period.end, 1), frequency);
}

/** True when `period` is exactly one period of this frequency (one week, two, four, or one month). */
export function isPeriodOf(period: Period, frequency: Frequency): boolean {
  return periodStarting(period.start, frequency).end === period.end;
}

/** Orders periods by start, then end; 0 when they are the same period. */
export function comparePeriods(a: Period, b: Period): number {
  return compareDates(a.start, b.start) || compareDates(a.end, b.end);
}

// ISO dates sort as strings; localeCompare would bring in collation rules they do not need.
function compareDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whole years of age on `date`. Someone born on 29 February turns a year older on 1 March in common years. */
export function ageOn(dateOfBirth: string, date: string): number {
  const [bornYear] = parts(dateOfBirth);
  const [year] = parts(date);
  const birthdayPassed = date.slice(5) >= dateOfBirth.slice(5);
  return year - bornYear - (birthdayPassed ? 0 : 1);
}
