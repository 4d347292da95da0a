import { ageOn, isIsoDate } from '../../common/dates.ts';
import type { ApiError } from '../http.ts';
import { type EmployeeRule, employeeError, fieldsOf, isBlank } from './rule.ts';

const STATUSES = new Set([
  'Eligible',
  'Non Eligible',
  'Entitled',
  'Not Known',
  'Not Applicable',
  'Contractual Enrolment',
  'Already In Qualifying Scheme',
]);

const NOT_APPLICABLE_FROM_AGE = 75;

const statusIsKnown: EmployeeRule = (employee, index) => {
  const status = employee.autoEnrolmentStatus;
  return typeof status === 'string' && STATUSES.has(status)
    ? []
    : [employeeError('D/V01', employee, index, { providedValue: status })];
};

// Without a valid date of birth the age cannot be shown to be 75, so Not Applicable is refused.
const notApplicableOnlyFrom75: EmployeeRule = (employee, index, { request }) => {
  const { autoEnrolmentStatus, dateOfBirth } = employee;
  if (autoEnrolmentStatus !== 'Not Applicable') return [];
  const oldEnough =
    isIsoDate(dateOfBirth) && ageOn(dateOfBirth, request.payReferencePeriod.end) >= NOT_APPLICABLE_FROM_AGE;
  return oldEnough ? [] : [employeeError('D/V02', employee, index, { providedValue: autoEnrolmentStatus })];
};

// Only Eligible employees have an auto-enrolment date, and it cannot precede the duties, the birth or the job.
const autoEnrolmentDateIsValid: EmployeeRule = (employee, index, { account }) => {
  const { autoEnrolmentStatus, autoEnrolmentDate: date } = employee;
  const eligible = autoEnrolmentStatus === 'Eligible';
  if (isBlank(date))
    return eligible ? [employeeError('D/W02', employee, index, { providedValue: date })] : [];
  if (!eligible) return [employeeError('D/W03', employee, index, { providedValue: date })];
  if (!isIsoDate(date)) return [employeeError('D/W01', employee, index, { providedValue: date })];
  const notBefore: Array<['D/W09' | 'D/W04' | 'D/W05', string, unknown]> = [
    ['D/W09', 'staging date', account.stagingDate],
    ['D/W04', 'date of birth', employee.dateOfBirth],
    ['D/W05', 'employment start date', fieldsOf(employee.employmentPeriod).start],
  ];
  return notBefore.flatMap(([code, name, earliest]): ApiError[] =>
    isIsoDate(earliest) && date < earliest
      ? [
          employeeError(code, employee, index, {
            providedValue: date,
            title: `Auto-enrolment date is before the ${name} ${earliest}`,
          }),
        ]
      : [],
  );
};

const schemeJoinDateIsValid: EmployeeRule = (employee, index, { account }) => {
  const { autoEnrolmentStatus, schemeJoinDate: date } = employee;
  if (isBlank(date)) return [];
  if (autoEnrolmentStatus !== 'Entitled')
    return [employeeError('D/X02', employee, index, { providedValue: date })];
  if (!isIsoDate(date)) return [employeeError('D/X01', employee, index, { providedValue: date })];
  return date < account.stagingDate
    ? [
        employeeError('D/X08', employee, index, {
          providedValue: date,
          title: `Scheme join date is before the staging date ${account.stagingDate}`,
        }),
      ]
    : [];
};

const optInDateIsValid: EmployeeRule = (employee, index) => {
  const { autoEnrolmentStatus, optInDate: date } = employee;
  if (isBlank(date)) return [];
  if (autoEnrolmentStatus === 'Not Known')
    return [employeeError('D/Z04', employee, index, { providedValue: date })];
  return isIsoDate(date) ? [] : [employeeError('D/Z01', employee, index, { providedValue: date })];
};

const optOutDateIsValid: EmployeeRule = (employee, index) => {
  const date = employee.optOutDate;
  return isBlank(date) || isIsoDate(date)
    ? []
    : [employeeError('D/Y01', employee, index, { providedValue: date })];
};

export const enrolmentRules: EmployeeRule[] = [
  statusIsKnown,
  notApplicableOnlyFrom75,
  autoEnrolmentDateIsValid,
  schemeJoinDateIsValid,
  optInDateIsValid,
  optOutDateIsValid,
];
