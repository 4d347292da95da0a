import { describe, expect, it } from 'vitest';
import type { CanonicalEmployee, CanonicalSubmission } from '#domain/canonical-submission';
import { addDays, addYears } from '#domain/pay-periods';
import { sameDayYearsBefore } from '#providers/tpp/preflight/rule';
import { problemsWith, validSubmission, withEmployee } from './support.ts';

// D/G06, D/AC11 and D/AD11 compare each date of birth with one bound per submission instead of working out
// each employee's birthday; these tests hold them to the birthday itself (addYears: 29 February counts
// from 1 March in a common year), on every day around 29 February in leap, common and century years.

function daysAroundLeapDay(years: readonly number[]): string[] {
  return years.flatMap((year) => {
    const days: string[] = [];
    for (let day = `${year}-02-25`; day <= `${year}-03-03`; day = addDays(day, 1)) days.push(day);
    return days;
  });
}

/** One employee per date of birth, in the given period. */
function bornOn(datesOfBirth: readonly string[], start: string, end: string): CanonicalSubmission {
  const [first] = validSubmission().employees as [CanonicalEmployee];
  const employees = datesOfBirth.map((dateOfBirth, i) => ({ ...first, dateOfBirth, uniqueId: `E${i}` }));
  return { ...validSubmission(), payReferencePeriod: { start, end }, employees };
}

const flagged = (code: string, submission: CanonicalSubmission) =>
  problemsWith(code, submission, undefined, { today: '2026-11-10' }).map((p) => p.providedValue);

describe('D/G06 under 16 for the whole period, judged on the 16th birthday', () => {
  it.each(daysAroundLeapDay([1900, 1916, 2000, 2023, 2024, 2026]).map((end) => [end]))(
    'period ending %s: exactly those whose 16th birthday is after it, in employee order',
    (end) => {
      const births = daysAroundLeapDay([Number(end.slice(0, 4)) - 16]);
      const submission = bornOn(births, addDays(end, -6), end);
      expect(flagged('D/G06', submission)).toEqual(births.filter((born) => addYears(born, 16) > end));
    },
  );

  it('names the 16th birthday of someone born on 29 February: 1 March in a common year', () => {
    const leapling = withEmployee(
      { ...validSubmission(), payReferencePeriod: { start: '1900-02-22', end: '1900-02-28' } },
      1,
      { dateOfBirth: '1884-02-29' },
    );
    const problems = problemsWith('D/G06', leapling, undefined, { today: '2026-11-10' });
    const problem = problems.find((p) => p.employeeIndex === 1);
    expect(problem?.message).toContain('(16 on 1900-03-01, after 1900-02-28)');
    expect(problem?.expectedValue).toBe('on or before 1884-02-28');
    const periodToFirstOfMarch = {
      ...leapling,
      payReferencePeriod: { start: '1900-02-23', end: '1900-03-01' },
    };
    expect(
      problemsWith('D/G06', periodToFirstOfMarch, undefined, { today: '2026-11-10' }).map(
        (p) => p.employeeIndex,
      ),
    ).toEqual([0]);
  });
});

describe('D/AC11, D/AD11 75 before the period began, judged on the 75th birthday', () => {
  it.each(daysAroundLeapDay([1975, 2000, 2023, 2024, 2025]).map((start) => [start]))(
    'period starting %s: exactly those whose 75th birthday is before it, in employee order',
    (start) => {
      const births = daysAroundLeapDay([Number(start.slice(0, 4)) - 75]);
      const submission = bornOn(births, start, addDays(start, 6));
      const turned75Before = births.filter((born) => addYears(born, 75) < start);
      expect(flagged('D/AC11', submission).length).toBe(turned75Before.length);
      const datesOf = (code: string) =>
        problemsWith(code, submission, undefined, { today: '2026-11-10' }).map(
          (p) => submission.employees[p.employeeIndex as number]?.dateOfBirth,
        );
      expect(datesOf('D/AC11')).toEqual(turned75Before);
      expect(datesOf('D/AD11')).toEqual(turned75Before);
    },
  );

  it('allows someone born on 29 February 1948 in a period from 1 March 2023, their 75th birthday', () => {
    const from = (start: string) =>
      withEmployee({ ...validSubmission(), payReferencePeriod: { start, end: addDays(start, 6) } }, 1, {
        dateOfBirth: '1948-02-29',
      });
    expect(problemsWith('D/AC11', from('2023-03-01'), undefined, { today: '2026-11-10' })).toEqual([]);
    const [late] = problemsWith('D/AC11', from('2023-03-02'), undefined, { today: '2026-11-10' });
    expect(late?.message).toContain('the employee turned 75 on 2023-03-01, before the pay reference period');
  });
});

describe('sameDayYearsBefore', () => {
  it('keeps month and day as text, 29 February included, and four digits of year', () => {
    expect(sameDayYearsBefore('2024-02-29', 16)).toBe('2008-02-29');
    expect(sameDayYearsBefore('2023-03-01', 75)).toBe('1948-03-01');
    expect(sameDayYearsBefore('2000-02-29', 100)).toBe('1900-02-29');
    expect(sameDayYearsBefore('0150-06-30', 75)).toBe('0075-06-30');
  });
});
