import type { Period } from '#domain/pay-periods';
import { employeeRule, type TppRule, type TppWorkerGroup } from './rule.ts';

// Without the account's workerGroups (details not fetched yet) the worker-group rules stay silent rather
// than guess. The schema already refuses an id longer than 40 characters (D/U01) and an employment end
// before its start (D/T03).

/**
 * Whether the group is effective on some day of the period. TPP-hub /fields/worker-group-effective/: both
 * dates inclusive; no `effective` (absent or null) = effective on all dates; no `start` = effective on
 * every date up to `end`; no `end` = effective from `start` on.
 */
export function isEffective(group: TppWorkerGroup, period: Period): boolean {
  const { start, end } = group.effective ?? {};
  return (!start || start <= period.end) && (!end || end >= period.start);
}

/** D/U05: TPP needs at least one worker group on the account. */
const accountHasGroups = employeeRule('D/U05', (employee, { details }) =>
  details.workerGroups?.length === 0
    ? {
        field: 'workerGroupId',
        message: `Worker group "${employee.workerGroupId}" cannot be used: the account has no worker groups.`,
        providedValue: employee.workerGroupId,
      }
    : undefined,
);

/** D/U03: the schema requires the id, but spaces alone pass it and TPP reads them as missing. */
const groupIdPresent = employeeRule('D/U03', (employee) =>
  employee.workerGroupId.trim() === ''
    ? {
        field: 'workerGroupId',
        message: 'The worker group id is blank.',
        providedValue: employee.workerGroupId,
      }
    : undefined,
);

/** D/U02: the id matches, case-sensitively, a group effective for the period; several rows may share an id. */
const groupExists = employeeRule('D/U02', (employee, { submission, details }) => {
  const groups = details.workerGroups;
  const id = employee.workerGroupId;
  // No groups at all is D/U05's to report, a blank id D/U03's.
  if (!groups?.length || id.trim() === '') return undefined;
  const period = submission.payReferencePeriod;
  // A loop, not groups.some: no function made per employee.
  for (const group of groups) if (group.id === id && isEffective(group, period)) return undefined;
  const effectiveIds = [...new Set(groups.filter((g) => isEffective(g, period)).map((g) => g.id))];
  const otherCase = effectiveIds.find((g) => g.toLowerCase() === id.toLowerCase());
  const hint = otherCase ? ` Ids are case-sensitive: did you mean "${otherCase}"?` : '';
  const message = `Worker group "${id}" is not one of the account's worker groups effective for ${period.start} to ${period.end}.${hint}`;
  return effectiveIds.length
    ? { field: 'workerGroupId', message, providedValue: id, expectedValue: effectiveIds.join(', ') }
    : { field: 'workerGroupId', message, providedValue: id };
});

/** D/R03: TPP refuses an employment that starts on or after the last day of the period. */
const startsBeforePeriodEnd = employeeRule('D/R03', (employee, { submission }) => {
  const { start } = employee.employmentPeriod;
  const { end } = submission.payReferencePeriod;
  if (start < end) return undefined;
  return {
    field: 'employmentPeriod.start',
    message: `The employment start date ${start} is not before the end of the pay reference period, ${end}.`,
    providedValue: start,
    expectedValue: `before ${end}`,
  };
});

export const EMPLOYMENT_RULES: readonly TppRule[] = [
  accountHasGroups,
  groupIdPresent,
  groupExists,
  startsBeforePeriodEnd,
];
