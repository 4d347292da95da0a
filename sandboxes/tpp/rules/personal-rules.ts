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

const FORENAME_MAX = 30;

// Mapping within TPP's D/D forename family: D01 missing, D02 too long, D03 digit, D04 apostrophes.
const forenameIsValid: EmployeeRule = (employee, index) => {
  const { forename } = employee;
  if (typeof forename !== 'string' || forename.trim() === '') {
    return [employeeError('D/D01', employee, index, { providedValue: forename })];
  }
  const errors = [];
  if (forename.length > FORENAME_MAX) {
    errors.push(employeeError('D/D02', employee, index, { providedValue: forename }));
  }
  if (/\d/.test(forename)) errors.push(employeeError('D/D03', employee, index, { providedValue: forename }));
  // Typographic apostrophes count too: O’Neil-D’Arcy has two.
  if ((forename.match(/['’]/g) ?? []).length > 1) {
    errors.push(employeeError('D/D04', employee, index, { providedValue: forename }));
  }
  return errors;
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

export const personalRules: EmployeeRule[] = [titleMatchesGender, genderGivenForDoctor, forenameIsValid];
export const personalRequestRules: RequestRule[] = [niNumbersAreUnique];
