import type { TppAccount } from '../accounts.ts';
import type { ContributionsRequest } from '../contributions-request.ts';
import type { ApiError } from '../http.ts';
import { addressRules } from './address-rules.ts';
import { employmentRules } from './employment-rules.ts';
import { enrolmentRules } from './enrolment-rules.ts';
import { moneyRules, trailerRules } from './money-rules.ts';
import { periodRules } from './period-rules.ts';
import { personalRequestRules, personalRules } from './personal-rules.ts';
import type { EmployeeRule, RequestRule, RuleContext } from './rule.ts';

const employeeRules: EmployeeRule[] = [
  ...personalRules,
  ...addressRules,
  ...employmentRules,
  ...enrolmentRules,
  ...moneyRules,
];

// Every rule runs, so a failed request lists all its errors: header first, then each employee, then trailer.
export function validateContributions(request: ContributionsRequest, account: TppAccount): ApiError[] {
  const context: RuleContext = { account, request };
  const run = (rules: RequestRule[]) => rules.flatMap((rule) => rule(context));
  return [
    ...run(periodRules),
    ...request.employees.flatMap((employee, index) =>
      employeeRules.flatMap((rule) => rule(employee, index, context)),
    ),
    ...run(personalRequestRules),
    ...run(trailerRules),
  ];
}
