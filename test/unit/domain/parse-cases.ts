import type { CanonicalSubmission } from '#domain/canonical-submission';
import { exampleSubmission } from '../../support/http.ts';

/**
 * Every field of the example submission (its second employee, or the document around it) set to each of a
 * list of odd values, for checking that parsing reports the same problems, in the same order, as it did
 * before it was made faster (test/fixtures/parse-results.json).
 */

const EMPLOYEE_PATHS = [
  'title',
  'gender',
  'forename',
  'middleName',
  'surname',
  'dateOfBirth',
  'niNumber',
  'uniqueId',
  'address',
  'address.line1',
  'address.line2',
  'address.line3',
  'address.line4',
  'address.line5',
  'address.country',
  'address.extra',
  'homePhoneNumber',
  'mobilePhoneNumber',
  'personalEmailAddress',
  'employmentPeriod',
  'employmentPeriod.start',
  'employmentPeriod.end',
  'employmentPeriod.other',
  'workerGroupId',
  'autoEnrolmentStatus',
  'autoEnrolmentDate',
  'optInDate',
  'schemeJoinDate',
  'optOutDate',
  'pensionableEarnings',
  'employerContributionAmount',
  'employeeContributionAmount',
  'partialContributionReason',
  'employerContributionPercent',
  'employeeContributionPercent',
  'additionalVoluntaryContributionAmount',
  'salarySacrifice',
  'exitDate',
  'exitReasonCode',
  'unknownField',
];

const DOCUMENT_PATHS = [
  'payReferencePeriod',
  'payReferencePeriod.start',
  'payReferencePeriod.end',
  'payReferencePeriod.x',
  'employees',
  'total',
  'payPeriod',
  'payPeriod.start',
  'payPeriod.end',
  'payFrequency',
  'taxPeriod',
  'contributionDeductionDate',
  'extra',
];

/** `undefined` stands for the field left out. */
const ODD_VALUES: unknown[] = [
  undefined,
  null,
  '',
  '   ',
  ' x ',
  'x',
  0,
  123,
  -1,
  -0.5,
  1.234,
  1.005,
  0.1 + 0.2,
  12.5,
  100.5,
  53,
  54,
  53.5,
  '2026-02-30',
  '2026-13-01',
  '2026-1-01',
  '2024-02-29',
  '1999-12-31',
  '2030-01-01',
  true,
  false,
  {},
  [],
  [{}],
  'a@',
  'someone@example.com',
  'not an email',
  'ZZ',
  'Mr',
  'M',
  'Eligible',
  'Not Known',
  'Employee Transfer',
  'W1',
  1e21,
  1e-7,
  'a'.repeat(41),
  'b'.repeat(51),
  { start: '2026-11-08', end: '2026-11-02' },
  { start: '2026-11-02' },
  { start: 'x', end: '2026-11-02' },
  { line1: ' ' },
  { line1: 'x', line9: 'y' },
];

export interface ParseCase {
  /** `employees[1].forename = " x "` */
  name: string;
  wire: unknown;
  /** Where the odd value ends up in a parsed submission. */
  heldValue: (submission: CanonicalSubmission) => unknown;
}

function set(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let at = target;
  for (const part of parts.slice(0, -1)) {
    if (typeof at[part] !== 'object' || at[part] === null) at[part] = {};
    at = at[part] as Record<string, unknown>;
  }
  const last = parts.at(-1) as string;
  if (value === undefined) delete at[last];
  else at[last] = structuredClone(value);
}

function valueAt(value: unknown, path: string): unknown {
  let at = value;
  for (const part of path.split('.')) at = (at as Record<string, unknown> | undefined)?.[part];
  return at;
}

export function parseCases(): ParseCase[] {
  const cases: ParseCase[] = [];
  for (const [scope, paths] of [
    ['employees[1].', EMPLOYEE_PATHS],
    ['', DOCUMENT_PATHS],
  ] as const) {
    for (const path of paths) {
      for (const value of ODD_VALUES) {
        const wire = exampleSubmission();
        set(scope ? wire.employees[1] : wire, path, value);
        cases.push({
          name: `${scope}${path} = ${value === undefined ? '(left out)' : JSON.stringify(value)}`,
          wire,
          heldValue: (submission) => valueAt(scope ? submission.employees[1] : submission, path),
        });
      }
    }
  }
  return cases;
}
