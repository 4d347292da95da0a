import { describe, expect, it } from 'vitest';
import { ENFORCED_CODES } from '../../../sandboxes/tpp/server.ts';
import { contributionsBody, employee, type Json, useTppSandbox } from './tpp-sandbox-harness.ts';

// Several employees in one request, each with its own uniqueId and no NINO, so D/H01 stays out of the way.
function many(overrides: Json[]): Json[] {
  return overrides.map((changes, index) =>
    employee({ uniqueId: String(index + 1), niNumber: '', ...changes }),
  );
}

const x = (length: number) => 'x'.repeat(length);

interface Case {
  family: string;
  body: unknown;
  // `code@employeeIndex`, or the bare code for header and trailer errors; empty for a request that passes.
  errors: string[];
}

const noAeDate = { autoEnrolmentDate: undefined };
const noMoney = { employerContributionAmount: 0, employeeContributionAmount: 0 };

const cases: Case[] = [
  { family: 'H/ pay reference period', body: contributionsBody(), errors: [] },
  {
    family: 'H/ pay reference period',
    body: contributionsBody([employee()], { payReferencePeriod: { start: '2026-11-01', end: '2026-11-07' } }),
    errors: ['H/D03', 'H/D03'],
  },
  {
    family: 'H/ pay reference period',
    body: contributionsBody([employee()], { payReferencePeriod: { start: '', end: '2026-11-8' } }),
    errors: ['H/C01', 'H/D02'],
  },

  {
    family: 'D/B-C title and gender',
    body: contributionsBody(
      many([
        { title: 'Dr', gender: 'F' },
        { title: 'Mx', gender: '' },
      ]),
    ),
    errors: [],
  },
  {
    family: 'D/B-C title and gender',
    body: contributionsBody(
      many([
        { title: 'Dr', gender: '' },
        { title: 'Mr', gender: 'F' },
      ]),
    ),
    errors: ['D/C04@0', 'D/B03@1'],
  },

  {
    family: 'D/D forename',
    body: contributionsBody(many([{ forename: "D'Arcy" }, { forename: x(30) }, { forename: 'Anne-Marie' }])),
    errors: [],
  },
  {
    family: 'D/D forename',
    body: contributionsBody(
      many([{ forename: ' ' }, { forename: x(31) }, { forename: 'J0hn' }, { forename: "O'Ne’il" }]),
    ),
    errors: ['D/D01@0', 'D/D03@1', 'D/D02@2', 'D/D04@3'],
  },
  {
    // TPP-hub /fields/middle-name/ and /fields/surname/ examples pass.
    family: 'D/E-F middle name and surname',
    body: contributionsBody(
      many([
        { middleName: 'Rose', surname: 'Thomas' },
        { surname: 'Wright-Phillips' },
        { surname: 'Eaton Williams', middleName: null },
        { surname: 'O’Donnell' },
      ]),
    ),
    errors: [],
  },
  {
    family: 'D/E-F middle name and surname',
    body: contributionsBody(
      many([
        { middleName: 'R0se' },
        { middleName: x(31) },
        { middleName: 'a-b-c-d-e-f' },
        { surname: '' },
        { surname: x(46) },
        { surname: 'K' },
        { surname: "O'Do'nnell" },
        { surname: 'a b c d e f' },
      ]),
    ),
    errors: ['D/E01@0', 'D/E02@1', 'D/E04@2', 'D/F01@3', 'D/F02@4', 'D/F03@5', 'D/F04@6', 'D/F06@7'],
  },
  {
    family: 'D/D-F name punctuation',
    body: contributionsBody(
      many([
        { forename: 'a-b-c-d-e-f' },
        { forename: 'a b c d e f' },
        { middleName: "O'Ro'se" },
        { middleName: 'a b c d e f' },
        { surname: 'a-b-c-d-e-f' },
      ]),
    ),
    errors: ['D/D05@0', 'D/D06@1', 'D/E03@2', 'D/E05@3', 'D/F05@4'],
  },
  {
    // The period is 2026-11-02 to 2026-11-08: a 16th birthday on its last day is accepted.
    family: 'D/G date of birth',
    body: contributionsBody(many([{ dateOfBirth: '1967-08-15' }, { dateOfBirth: '2010-11-08' }])),
    errors: [],
  },
  {
    family: 'D/G date of birth',
    body: contributionsBody(
      many([{ dateOfBirth: '' }, { dateOfBirth: '15/08/1967' }, { dateOfBirth: '2010-11-09' }]),
    ),
    errors: ['D/G01@0', 'D/G03@1', 'D/G06@2'],
  },
  {
    family: 'D/I unique id',
    body: contributionsBody([
      employee({ uniqueId: '65775', niNumber: '' }),
      employee({ uniqueId: x(51), niNumber: '' }),
      employee({ uniqueId: '65775', niNumber: '' }),
      employee({ uniqueId: ' ', niNumber: '' }),
    ]),
    errors: ['D/I02@1', 'D/I01@3', 'D/I03@2'],
  },

  {
    // Invalid NINOs count as blank, duplicates or not.
    family: 'D/H National Insurance number',
    body: contributionsBody([
      employee(),
      employee({ uniqueId: '2', niNumber: 'TN010180M' }),
      employee({ uniqueId: '3', niNumber: 'TN010180M' }),
      employee({ uniqueId: '4', niNumber: 'hm302274c' }),
    ]),
    errors: [],
  },
  {
    family: 'D/H National Insurance number',
    body: contributionsBody([employee(), employee({ uniqueId: '2' }), employee({ uniqueId: '3' })]),
    errors: ['D/H01@1', 'D/H01@2'],
  },

  {
    family: 'D/J-N address',
    body: contributionsBody(
      many([
        { address: { line1: x(50), line2: 'Beedon', line5: x(25) } },
        { address: { line1: '1 Lane', line3: 'Newbury', line4: 'Berks' } },
      ]),
    ),
    errors: [],
  },
  {
    family: 'D/J-N address',
    body: contributionsBody(
      many([
        { address: { line1: '1 High Street', line5: 'RG20 8JR' } },
        { address: { line1: '1 A', line2: 'B', line3: 'C' } },
        { address: { line2: 'Beedon', line3: 'Newbury', line5: 'RG20 8JR' } },
        { address: { line1: x(51), line2: x(51), line3: x(51), line4: x(51), line5: x(26) } },
        { address: undefined },
      ]),
    ),
    errors: [
      'D/J03@0',
      'D/J04@1',
      'D/J01@2',
      'D/J02@3',
      'D/K01@3',
      'D/L01@3',
      'D/M01@3',
      'D/N01@3',
      'D/J01@4',
    ],
  },

  {
    family: 'D/R-T employment period',
    body: contributionsBody(
      many([
        { employmentPeriod: { start: '2026-11-07', end: '2026-11-07' }, autoEnrolmentDate: '2026-11-07' },
        { employmentPeriod: { start: '2004-04-13', end: '2026-10-30' } },
      ]),
    ),
    errors: [],
  },
  {
    family: 'D/R-T employment period',
    body: contributionsBody(
      many([
        { employmentPeriod: { start: '2026-11-08' }, autoEnrolmentDate: '2026-11-08' },
        { employmentPeriod: {} },
        { employmentPeriod: { start: '2010-01-01', end: '2009-12-31' } },
        { employmentPeriod: { start: '2010-01-01', end: '31/12/2026' } },
      ]),
    ),
    errors: ['D/R03@0', 'D/R03@1', 'D/T03@2', 'D/T01@3'],
  },

  {
    family: 'D/U worker group',
    body: contributionsBody(many([{ workerGroupId: 'UF' }, { workerGroupId: 'DIR' }])),
    errors: [],
  },
  {
    family: 'D/U worker group',
    body: contributionsBody(
      many([
        { workerGroupId: 'uf' },
        { workerGroupId: '' },
        { workerGroupId: x(41) },
        { workerGroupId: undefined },
      ]),
    ),
    errors: ['D/U02@0', 'D/U03@1', 'D/U01@2', 'D/U03@3'],
  },
  {
    // 859763 has 'Standard' and 'STANDARD', and 'Seasonal' ended in 2024.
    family: 'D/U worker group',
    body: contributionsBody(many([{ workerGroupId: 'Standard' }, { workerGroupId: 'STANDARD' }]), {
      accountId: 859763,
    }),
    errors: [],
  },
  {
    family: 'D/U worker group',
    body: contributionsBody(many([{ workerGroupId: 'Seasonal' }, { workerGroupId: 'standard' }]), {
      accountId: 859763,
    }),
    errors: ['D/U02@0', 'D/U02@1'],
  },

  {
    family: 'D/V auto-enrolment status',
    body: contributionsBody(
      many([
        { autoEnrolmentStatus: 'Not Known', ...noAeDate, ...noMoney },
        { autoEnrolmentStatus: 'Already In Qualifying Scheme', ...noAeDate, ...noMoney },
        { autoEnrolmentStatus: 'Contractual Enrolment', ...noAeDate },
        // 75 on the last day of the period.
        { autoEnrolmentStatus: 'Not Applicable', ...noAeDate, dateOfBirth: '1951-11-08' },
      ]),
    ),
    errors: [],
  },
  {
    family: 'D/V auto-enrolment status',
    body: contributionsBody(
      many([
        { autoEnrolmentStatus: 'Not Applicable', ...noAeDate, dateOfBirth: '1951-11-09' },
        { autoEnrolmentStatus: 'Opted Out', ...noAeDate },
      ]),
    ),
    errors: ['D/V02@0', 'D/V01@1'],
  },

  {
    family: 'D/W-Z enrolment dates',
    body: contributionsBody(
      many([
        { autoEnrolmentDate: '2016-04-01' },
        { autoEnrolmentStatus: 'Entitled', ...noAeDate, schemeJoinDate: '2016-04-01' },
        { autoEnrolmentStatus: 'Non Eligible', ...noAeDate, optInDate: '2020-01-01' },
        { optOutDate: '2026-10-22' },
      ]),
    ),
    errors: [],
  },
  {
    family: 'D/W-Z enrolment dates',
    body: contributionsBody(
      many([
        { ...noAeDate },
        { autoEnrolmentStatus: 'Non Eligible' },
        { autoEnrolmentDate: '2016-03-31' },
        { dateOfBirth: '2018-01-01' },
        { employmentPeriod: { start: '2018-01-01' } },
        { autoEnrolmentDate: '21/04/2017' },
        { schemeJoinDate: '2020-01-01' },
        { autoEnrolmentStatus: 'Entitled', ...noAeDate, schemeJoinDate: '2016-03-01' },
        { autoEnrolmentStatus: 'Entitled', ...noAeDate, schemeJoinDate: '2020-02-30' },
        { autoEnrolmentStatus: 'Not Known', ...noAeDate, ...noMoney, optInDate: '2020-01-01' },
        { autoEnrolmentStatus: 'Non Eligible', ...noAeDate, optInDate: '2020-13-01' },
        { optOutDate: 'yesterday' },
      ]),
    ),
    errors: [
      'D/W02@0',
      'D/W03@1',
      'D/W09@2',
      // Born 2018: under 16 as well as born after the auto-enrolment date.
      'D/G06@3',
      'D/W04@3',
      'D/W05@4',
      'D/W01@5',
      'D/X02@6',
      'D/X08@7',
      'D/X01@8',
      'D/Z04@9',
      'D/Z01@10',
      'D/Y01@11',
    ],
  },

  {
    family: 'D/AB-AD money',
    body: contributionsBody(
      many([
        { pensionableEarnings: 0, ...noMoney },
        { pensionableEarnings: 0.1, employerContributionAmount: 0.01 },
      ]),
    ),
    errors: [],
  },
  {
    family: 'D/AB-AD money',
    body: contributionsBody(
      many([
        { pensionableEarnings: -1 },
        { pensionableEarnings: 'lots' },
        { pensionableEarnings: 10.123 },
        { pensionableEarnings: undefined },
        { employerContributionAmount: 15.605 },
        { employerContributionAmount: -0.5, employeeContributionAmount: null },
        { employeeContributionAmount: '26' },
        { autoEnrolmentStatus: 'Not Known', ...noAeDate },
        { employerContributionAmount: undefined, employeeContributionAmount: -1 },
        { employerContributionAmount: 'x', employeeContributionAmount: 1.001 },
      ]),
      { total: undefined },
    ),
    errors: [
      'D/AB03@0',
      'D/AB02@1',
      'D/AB04@2',
      'D/AB01@3',
      'D/AC04@4',
      'D/AC03@5',
      'D/AD01@5',
      'D/AD02@6',
      'D/AC05@7',
      'D/AD05@7',
      'D/AC01@8',
      'D/AD03@8',
      'D/AC02@9',
      'D/AD04@9',
    ],
  },

  { family: 'T/ total', body: contributionsBody([employee()], { total: undefined }), errors: [] },
  { family: 'T/ total', body: contributionsBody([employee()], { total: 145.45 }), errors: [] },
  { family: 'T/ total', body: contributionsBody([employee()], { total: 145.46 }), errors: ['T/T01'] },
  { family: 'T/ total', body: contributionsBody([employee()], { total: '145.44' }), errors: ['T/T01'] },
];

describe('TPP sandbox validation rules', () => {
  const { start, settle } = useTppSandbox();

  it.each(
    cases.map((testCase) => [testCase.family, testCase.errors.join(' ') || 'passes', testCase] as const),
  )('%s: %s', async (_family, _errors, { body, errors }) => {
    const sandbox = await start();
    const verdict = await settle(sandbox, body);
    const found = verdict.errors.map(({ code, meta }) =>
      meta.employeeIndex === '' ? code : `${code}@${meta.employeeIndex}`,
    );
    expect(found).toEqual(errors);
    expect(verdict.stage).toBe(errors.length === 0 ? 'processed' : 'failed');
  });

  it('reports header, detail and trailer errors in one document with TPP’s meta', async () => {
    const sandbox = await start();
    const body = contributionsBody([employee({ autoEnrolmentDate: '2016-03-31' })], {
      payReferencePeriod: { start: '2026-11-02', end: '2026-11-09' },
      total: 1,
    });
    const { errors } = await settle(sandbox, body);
    expect(errors).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        code: 'H/D03',
        title: 'The pay reference period end date should be 2026-11-08',
        meta: {
          uniqueId: '',
          providedValue: '2026-11-09',
          expectedValue: '2026-11-08',
          employeeIndex: '',
          category: 'HeaderValidation',
        },
        links: { about: 'https://developer.peoplespartnership.co.uk/errors/h-d03/' },
      },
      {
        id: expect.any(String),
        code: 'D/W09',
        title: 'Auto-enrolment date is before the staging date 2016-04-01',
        meta: {
          uniqueId: '851001',
          providedValue: '2016-03-31',
          expectedValue: '',
          employeeIndex: '0',
          category: 'DetailsRecord',
        },
        links: { about: 'https://developer.peoplespartnership.co.uk/errors/d-w09/' },
      },
      {
        id: expect.any(String),
        code: 'T/T01',
        title: 'The total does not equal the sum of the contributions',
        meta: {
          uniqueId: '',
          providedValue: '1',
          expectedValue: '145.44',
          employeeIndex: '',
          category: 'TrailerValidation',
        },
        links: { about: 'https://developer.peoplespartnership.co.uk/errors/t-t01/' },
      },
    ]);
  });

  it('publishes the table of codes it enforces, every one exercised above', () => {
    const raised = new Set(cases.flatMap((testCase) => testCase.errors.map((error) => error.split('@')[0])));
    // H/Q01 is the synchronous 409, tested with the accounts.
    expect([...raised].sort()).toEqual(
      Object.keys(ENFORCED_CODES)
        .filter((code) => code !== 'H/Q01')
        .sort(),
    );
    expect(ENFORCED_CODES['D/B03'].category).toBe('DetailsRecord');
    expect(ENFORCED_CODES['H/D03'].category).toBe('HeaderValidation');
    expect(ENFORCED_CODES['T/T01'].category).toBe('TrailerValidation');
    expect(ENFORCED_CODES['H/Q01'].category).toBe('Request');
  });
});
