import { describe, expect, it } from 'vitest';
import { fromPapdisAssessment, KNOWN_COMBINATIONS, toPapdisAssessment } from '#formats/papdis-codes';
import { onlyEmployee, PERIOD, withEmployee } from './papdis-support.ts';

const NO_DATES = { autoEnrolmentDate: undefined };

function codesFor(changes: Record<string, unknown>) {
  return toPapdisAssessment(onlyEmployee(withEmployee({ ...NO_DATES, ...changes })), PERIOD);
}

describe('toPapdisAssessment', () => {
  it.each([
    ['auto-enrolment this period', 'Eligible', 'autoEnrolmentDate', PERIOD.start, '1/1'],
    ['eligible opting in this period', 'Eligible', 'optInDate', '2026-11-05', '1/2'],
    ['non-eligible opting in', 'Non Eligible', 'optInDate', PERIOD.end, '2/2'],
    ['entitled worker joining', 'Entitled', 'schemeJoinDate', '2026-11-03', '3/3'],
    ['ongoing auto-enrolled member', 'Eligible', 'autoEnrolmentDate', '2017-04-21', '1/0'],
    ['ongoing opted-in non-eligible member', 'Non Eligible', 'optInDate', '2026-11-01', '2/0'],
    ['ongoing entitled member', 'Entitled', 'schemeJoinDate', '2020-01-01', '3/0'],
  ])('%s (%s, %s %s) → %s with the date joined', (_, autoEnrolmentStatus, field, date, pair) => {
    const [assessmentCode, eventCode] = pair.split('/');
    expect(codesFor({ autoEnrolmentStatus, [field]: date })).toEqual({
      assessmentCode,
      eventCode,
      eventDate: date,
    });
  });

  it.each([
    ['postponed or not assessed', { autoEnrolmentStatus: 'Not Known' }, '', '0'],
    [
      'opted out',
      { autoEnrolmentStatus: 'Eligible', autoEnrolmentDate: '2026-06-01', optOutDate: '2026-06-20' },
      '',
      '0',
    ],
    ['non-eligible who never opted in', { autoEnrolmentStatus: 'Non Eligible' }, '', '0'],
    ['already in a qualifying scheme', { autoEnrolmentStatus: 'Already In Qualifying Scheme' }, '0', '0'],
    ['no duties', { autoEnrolmentStatus: 'Not Applicable' }, '0', '0'],
    ['contractual enrolment', { autoEnrolmentStatus: 'Contractual Enrolment' }, '0', '3'],
  ])('%s → %s/%s and no EventDate', (_, changes, assessmentCode, eventCode) => {
    expect(codesFor(changes)).toEqual({ assessmentCode, eventCode });
  });
});

describe('fromPapdisAssessment', () => {
  const working = { dateOfBirth: '1985-01-10', payReferenceEnd: PERIOD.end };
  const read = (assessmentCode: string, eventCode: string, eventDate?: string, ages = working) =>
    fromPapdisAssessment({ assessmentCode, eventCode, eventDate }, ages);

  it.each([
    ['1', '1', { autoEnrolmentStatus: 'Eligible', autoEnrolmentDate: '2026-11-02' }],
    ['1', '2', { autoEnrolmentStatus: 'Eligible', optInDate: '2026-11-02' }],
    ['1', '0', { autoEnrolmentStatus: 'Eligible', autoEnrolmentDate: '2026-11-02' }],
    ['2', '2', { autoEnrolmentStatus: 'Non Eligible', optInDate: '2026-11-02' }],
    ['2', '0', { autoEnrolmentStatus: 'Non Eligible', optInDate: '2026-11-02' }],
    ['3', '3', { autoEnrolmentStatus: 'Entitled', schemeJoinDate: '2026-11-02' }],
    ['3', '0', { autoEnrolmentStatus: 'Entitled', schemeJoinDate: '2026-11-02' }],
  ])('%s/%s with an EventDate', (assessment, event, enrolment) => {
    expect(read(assessment, event, '2026-11-02')).toEqual({ ok: true, enrolment });
  });

  it('reads an ongoing member without an EventDate', () => {
    expect(read('1', '0')).toEqual({ ok: true, enrolment: { autoEnrolmentStatus: 'Eligible' } });
  });

  it.each([
    ['', '0', 'Not Known'],
    ['', '', 'Not Known'],
    ['0', '3', 'Contractual Enrolment'],
    ['0', '0', 'Already In Qualifying Scheme'],
  ])('%s/%s without an EventDate → %s', (assessment, event, status) => {
    expect(read(assessment, event)).toEqual({ ok: true, enrolment: { autoEnrolmentStatus: status } });
  });

  it('tells 0/0 apart by age: outside 16 to 74 it is Not Applicable', () => {
    const on = (dateOfBirth: string) =>
      read('0', '0', undefined, { dateOfBirth, payReferenceEnd: '2026-11-08' });
    expect(on('1951-11-08')).toMatchObject({ enrolment: { autoEnrolmentStatus: 'Not Applicable' } }); // 75 that day
    expect(on('1951-11-09')).toMatchObject({
      enrolment: { autoEnrolmentStatus: 'Already In Qualifying Scheme' },
    });
    expect(on('2010-11-09')).toMatchObject({ enrolment: { autoEnrolmentStatus: 'Not Applicable' } }); // 15
    expect(on('2010-11-08')).toMatchObject({
      enrolment: { autoEnrolmentStatus: 'Already In Qualifying Scheme' },
    });
  });

  it.each([
    ['1', '3', '2026-11-02', 'not a known combination'],
    ['2', '1', '2026-11-02', 'not a known combination'],
    ['0', '1', '2026-11-02', 'not a known combination'],
    ['', '2', '2026-11-02', 'not a known combination'],
    ['4', '0', undefined, 'not a known combination'],
    ['1', '1', undefined, 'needs an EventDate'],
    ['3', '3', undefined, 'needs an EventDate'],
    ['0', '0', '2026-11-02', 'EventDate must be blank'],
    ['', '0', '2026-11-02', 'EventDate must be blank'],
  ])('refuses %s/%s (EventDate %s): %s', (assessment, event, date, message) => {
    const reading = read(assessment, event, date);
    expect(reading.ok).toBe(false);
    expect(reading.ok ? '' : reading.message).toContain(message);
  });

  it('lists every pair it reads', () => {
    expect(KNOWN_COMBINATIONS).toEqual([
      '(blank)/0',
      '0/0',
      '0/3',
      '1/0',
      '1/1',
      '1/2',
      '2/0',
      '2/2',
      '3/0',
      '3/3',
    ]);
  });
});

describe('both ways', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['new auto-enrolment', { autoEnrolmentStatus: 'Eligible', autoEnrolmentDate: '2026-11-04' }],
    ['ongoing auto-enrolment', { autoEnrolmentStatus: 'Eligible', autoEnrolmentDate: '2019-01-01' }],
    ['new eligible opt-in', { autoEnrolmentStatus: 'Eligible', optInDate: '2026-11-04' }],
    ['new non-eligible opt-in', { autoEnrolmentStatus: 'Non Eligible', optInDate: '2026-11-04' }],
    ['ongoing non-eligible opt-in', { autoEnrolmentStatus: 'Non Eligible', optInDate: '2019-01-01' }],
    ['new entitled joiner', { autoEnrolmentStatus: 'Entitled', schemeJoinDate: '2026-11-04' }],
    ['ongoing entitled joiner', { autoEnrolmentStatus: 'Entitled', schemeJoinDate: '2019-01-01' }],
    ['not known', { autoEnrolmentStatus: 'Not Known' }],
    ['already in a qualifying scheme', { autoEnrolmentStatus: 'Already In Qualifying Scheme' }],
    ['not applicable (aged 80)', { autoEnrolmentStatus: 'Not Applicable', dateOfBirth: '1946-01-01' }],
    ['contractual enrolment', { autoEnrolmentStatus: 'Contractual Enrolment' }],
  ];

  it.each(cases)('%s reads back as it was', (_, changes) => {
    const employee = onlyEmployee(withEmployee({ ...NO_DATES, ...changes }));
    const { autoEnrolmentStatus, autoEnrolmentDate, optInDate, schemeJoinDate } = employee;
    const reading = fromPapdisAssessment(toPapdisAssessment(employee, PERIOD), {
      dateOfBirth: employee.dateOfBirth,
      payReferenceEnd: PERIOD.end,
    });
    expect(reading).toEqual({
      ok: true,
      enrolment: JSON.parse(
        JSON.stringify({ autoEnrolmentStatus, autoEnrolmentDate, optInDate, schemeJoinDate }),
      ),
    });
  });

  it.each([
    [
      'an ongoing eligible opt-in comes back as auto-enrolled',
      { autoEnrolmentStatus: 'Eligible', optInDate: '2019-01-01' },
      { autoEnrolmentStatus: 'Eligible', autoEnrolmentDate: '2019-01-01' },
    ],
    [
      'an opted-out member comes back as Not Known (AEOptOutDate keeps the date)',
      { autoEnrolmentStatus: 'Eligible', autoEnrolmentDate: '2026-06-01', optOutDate: '2026-06-20' },
      { autoEnrolmentStatus: 'Not Known' },
    ],
    [
      'an entitled worker who never joined comes back as Not Known',
      { autoEnrolmentStatus: 'Entitled' },
      { autoEnrolmentStatus: 'Not Known' },
    ],
  ])('loses what PAPDIS cannot say: %s', (_, changes, enrolment) => {
    const employee = onlyEmployee(withEmployee({ ...NO_DATES, ...changes }));
    const reading = fromPapdisAssessment(toPapdisAssessment(employee, PERIOD), {
      dateOfBirth: employee.dateOfBirth,
      payReferenceEnd: PERIOD.end,
    });
    expect(reading).toEqual({ ok: true, enrolment });
  });
});
