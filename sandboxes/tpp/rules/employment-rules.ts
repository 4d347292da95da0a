import { isIsoDate } from '../../common/dates.ts';
import { type EmployeeRule, employeeError, fieldsOf, isBlank } from './rule.ts';

// Sent on every record, every time; an employee cannot start on or after the last day of the period.
const employmentStartIsValid: EmployeeRule = (employee, index, { request }) => {
  const { start } = fieldsOf(employee.employmentPeriod);
  return isIsoDate(start) && start < request.payReferencePeriod.end
    ? []
    : [employeeError('D/R03', employee, index, { providedValue: start })];
};

const employmentEndIsValid: EmployeeRule = (employee, index) => {
  const { start, end } = fieldsOf(employee.employmentPeriod);
  if (isBlank(end)) return [];
  if (!isIsoDate(end)) return [employeeError('D/T01', employee, index, { providedValue: end })];
  return isIsoDate(start) && end < start
    ? [employeeError('D/T03', employee, index, { providedValue: end })]
    : [];
};

const WORKER_GROUP_ID_MAX = 40;

// Both ends inclusive; a missing end (or a missing effective altogether) leaves that side open.
function overlaps(
  effective: { start?: string | null; end?: string | null } | null | undefined,
  period: { start: string; end: string },
): boolean {
  const from = effective?.start ?? '0000-01-01';
  const to = effective?.end ?? '9999-12-31';
  return from <= period.end && to >= period.start;
}

// Ids match case-sensitively, and several groups may share an id over different effective ranges.
const workerGroupIsEffective: EmployeeRule = (employee, index, { account, request }) => {
  const { workerGroupId } = employee;
  if (isBlank(workerGroupId))
    return [employeeError('D/U03', employee, index, { providedValue: workerGroupId })];
  if (typeof workerGroupId === 'string' && workerGroupId.length > WORKER_GROUP_ID_MAX) {
    return [employeeError('D/U01', employee, index, { providedValue: workerGroupId })];
  }
  const period = request.payReferencePeriod;
  const effective = account.workerGroups.some(
    (group) => group.id === workerGroupId && overlaps(group.effective, period),
  );
  return effective ? [] : [employeeError('D/U02', employee, index, { providedValue: workerGroupId })];
};

export const employmentRules: EmployeeRule[] = [
  employmentStartIsValid,
  employmentEndIsValid,
  workerGroupIsEffective,
];
