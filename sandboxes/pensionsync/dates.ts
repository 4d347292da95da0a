/** PensionSync's dates: PAPDIS's two date forms, and pay periods by PAPDIS frequency code. */
import { addDays, isIsoDate, type PeriodLength, periodEnd } from '../common/dates.ts';

const UK_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;

/** PAPDIS files may write dates either way (the PAPDIS spec allows DD/MM/YYYY). */
export function isPapdisDate(value: string): boolean {
  const uk = UK_DATE.exec(value);
  return uk ? isIsoDate(`${uk[3]}-${uk[2]}-${uk[1]}`) : isIsoDate(value);
}

export function firstOfNextMonth(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
}

export interface Period {
  startDate: string;
  endDate: string;
}

const FREQUENCIES: Readonly<Record<string, PeriodLength>> = {
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
  return { startDate, endDate: periodEnd(startDate, FREQUENCIES[frequency] ?? { months: 1 }) };
}

export function periodAfter(period: Period, frequency: string): Period {
  return periodStarting(addDays(period.endDate, 1), frequency);
}
