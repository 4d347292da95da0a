import { isIsoDate } from '../../common/dates.ts';
import type { EnforcedCode } from './codes.ts';
import { type EmployeeRule, employeeError, isBlank, type RequestRule } from './rule.ts';

const MALE_TITLES = new Set(['Mr', 'Sir']);
const FEMALE_TITLES = new Set(['Mrs', 'Miss', 'Ms']);

const titleMatchesGender: EmployeeRule = (employee, index) => {
  const { title, gender } = employee;
  if (typeof title !== 'string') return [];
  if (gender === 'F' && MALE_TITLES.has(title)) {
    return [
      employeeError('D/B03', employee, index, {
        providedValue: gender,
        title: 'The provided gender indicates Female; however provided title indicates Male',
      }),
    ];
  }
  if (gender === 'M' && FEMALE_TITLES.has(title)) {
    return [
      employeeError('D/B03', employee, index, {
        providedValue: gender,
        title: 'The provided gender indicates Male; however provided title indicates Female',
      }),
    ];
  }
  return [];
};

// Dr says nothing about gender, so it has to be given.
const genderGivenForDoctor: EmployeeRule = (employee, index) =>
  employee.title === 'Dr' && isBlank(employee.gender)
    ? [employeeError('D/C04', employee, index, { providedValue: employee.gender })]
    : [];

// Name limits from TPP's field pages (/fields/forename/, /fields/middle-name/, /fields/surname/), each with
// its published code: a digit, too long, too short, more than one apostrophe, four hyphens, four spaces.
interface NameLimits {
  field: 'forename' | 'middleName' | 'surname';
  required: boolean;
  missing?: EnforcedCode;
  digit?: EnforcedCode;
  longest: [number, EnforcedCode];
  shortest?: [number, EnforcedCode];
  apostrophes: EnforcedCode;
  hyphens: EnforcedCode;
  spaces: EnforcedCode;
}

const NAMES: NameLimits[] = [
  {
    field: 'forename',
    required: true,
    missing: 'D/D01',
    digit: 'D/D02',
    longest: [30, 'D/D03'],
    apostrophes: 'D/D04',
    hyphens: 'D/D05',
    spaces: 'D/D06',
  },
  {
    field: 'middleName',
    required: false,
    digit: 'D/E01',
    longest: [30, 'D/E02'],
    apostrophes: 'D/E03',
    hyphens: 'D/E04',
    spaces: 'D/E05',
  },
  {
    field: 'surname',
    required: true,
    missing: 'D/F01',
    longest: [45, 'D/F02'],
    shortest: [2, 'D/F03'],
    apostrophes: 'D/F04',
    hyphens: 'D/F05',
    spaces: 'D/F06',
  },
];

function occurrences(text: string, characters: string): number {
  return [...text].filter((c) => characters.includes(c)).length;
}

const namesAreValid: EmployeeRule = (employee, index) =>
  NAMES.flatMap((limits) => {
    const value = employee[limits.field];
    if (isBlank(value) || typeof value !== 'string') {
      return limits.missing ? [employeeError(limits.missing, employee, index, { providedValue: value })] : [];
    }
    const length = [...value].length;
    const broken: EnforcedCode[] = [];
    if (limits.digit && /\d/.test(value)) broken.push(limits.digit);
    if (length > limits.longest[0]) broken.push(limits.longest[1]);
    if (limits.shortest && length < limits.shortest[0]) broken.push(limits.shortest[1]);
    // Typographic apostrophes count too: O’Neil-D’Arcy has two.
    if (occurrences(value, "'’") > 1) broken.push(limits.apostrophes);
    if (occurrences(value, '-') > 4) broken.push(limits.hyphens);
    if (occurrences(value, ' ') > 4) broken.push(limits.spaces);
    return broken.map((code) => employeeError(code, employee, index, { providedValue: value }));
  });

// /fields/date-of-birth/: required, YYYY-MM-DD, and 16 by the end of the pay reference period ("15 years
// 11 months … and their birthday falls within the pay reference period" is accepted).
const dateOfBirthIsValid: EmployeeRule = (employee, index, { request }) => {
  const { dateOfBirth } = employee;
  if (isBlank(dateOfBirth)) return [employeeError('D/G01', employee, index, { providedValue: dateOfBirth })];
  if (!isIsoDate(dateOfBirth))
    return [employeeError('D/G03', employee, index, { providedValue: dateOfBirth })];
  const [year, monthAndDay] = [Number(dateOfBirth.slice(0, 4)), dateOfBirth.slice(4)];
  const sixteenthBirthday = `${String(year + 16).padStart(4, '0')}${monthAndDay}`;
  return sixteenthBirthday > request.payReferencePeriod.end
    ? [employeeError('D/G06', employee, index, { providedValue: dateOfBirth })]
    : [];
};

const UNIQUE_ID_MAX = 50;

// /fields/unique-id/: required, at most 50 characters.
const uniqueIdIsValid: EmployeeRule = (employee, index) => {
  const { uniqueId } = employee;
  if (isBlank(uniqueId)) return [employeeError('D/I01', employee, index, { providedValue: uniqueId })];
  return String(uniqueId).length > UNIQUE_ID_MAX
    ? [employeeError('D/I02', employee, index, { providedValue: uniqueId })]
    : [];
};

// /fields/unique-id/: D/I03, the same uniqueId twice in one request; each later holder is reported.
const uniqueIdsAreUnique: RequestRule = ({ request }) => {
  const seen = new Set<string>();
  return request.employees.flatMap((employee, index) => {
    if (isBlank(employee.uniqueId)) return [];
    const id = String(employee.uniqueId);
    if (seen.has(id)) return [employeeError('D/I03', employee, index, { providedValue: id })];
    seen.add(id);
    return [];
  });
};

const NI_NUMBER = /^[A-Z]{2}[0-9]{6}[A-D]$/;

// TPP treats a NINO that does not match the pattern (temporary TN numbers included) as blank, without an error.
const niNumbersAreUnique: RequestRule = ({ request }) => {
  const seen = new Set<string>();
  return request.employees.flatMap((employee, index) => {
    const { niNumber } = employee;
    if (typeof niNumber !== 'string' || !NI_NUMBER.test(niNumber)) return [];
    if (!seen.has(niNumber)) {
      seen.add(niNumber);
      return [];
    }
    return [employeeError('D/H01', employee, index, { providedValue: niNumber })];
  });
};

export const personalRules: EmployeeRule[] = [
  titleMatchesGender,
  genderGivenForDoctor,
  namesAreValid,
  dateOfBirthIsValid,
  uniqueIdIsValid,
];
export const personalRequestRules: RequestRule[] = [niNumbersAreUnique, uniqueIdsAreUnique];
