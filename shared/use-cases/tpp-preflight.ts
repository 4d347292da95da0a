import type { CanonicalSubmission } from '#domain/canonical-submission';
import { niNumberProblems } from '#domain/ni-number';
import type { Period } from '#domain/pay-periods';
import { frequencyNamed } from '#domain/period-frequency';
import type { Problem } from '#domain/problems';
import { isFinal, MARK_SENT } from '#domain/submission-status';
import { checkTppRules, type TppSchemeDetails } from '#providers/tpp/preflight/check-tpp-rules';
import { expectedInChain } from '#providers/tpp/preflight/period-rules';
import { listOptOuts } from '#store/opt-outs';
import type { Scheme } from '#store/schemes';
import { submissionPeriods } from '#store/submissions';
import type { Clock } from './clock.ts';
import { refreshDetailsOf, tppAccountDetails } from './scheme-details.ts';

/** A change the gateway made to payroll's document, reported back so payroll can see it. */
export interface Adjustment {
  uniqueId: string;
  employeeIndex: number;
  field: string;
  value: string;
  reason: string;
}

export interface PreflightResult {
  submission: CanonicalSubmission;
  adjustments: Adjustment[];
  problems: Problem[];
}

/**
 * Everything TPP would check that the gateway can check first, against the account as TPP describes it now.
 * The period must continue the chain from the account's next expected one past those already on their way
 * (within BACKLOG_BOUND), so a backlog can be posted at once, in any order, and go in period order.
 */
export async function tppPreflight(
  scheme: Scheme,
  submission: CanonicalSubmission,
  clock: Clock,
  /** The submission being checked, when it is already stored (an upload): not one of the others on their way. */
  ownSubmissionId?: string,
): Promise<PreflightResult> {
  const details = ((await refreshDetailsOf(scheme, clock, tppAccountDetails)).details ??
    {}) as TppSchemeDetails & {
    prpFrequency?: string;
  };
  const { submission: adjusted, adjustments } = await confirmOptOuts(scheme.schemeId, submission);
  const pending = await pendingPeriods(scheme.schemeId, ownSubmissionId);
  const problems: Problem[] = [];
  if (pending.some((p) => p.start === submission.payReferencePeriod.start)) {
    problems.push({
      code: 'H/D03',
      message: `A submission for the period starting ${submission.payReferencePeriod.start} is already on its way`,
      field: 'payReferencePeriod.start',
      providedValue: submission.payReferencePeriod.start,
      source: 'gateway',
    });
  }
  const expectedPeriod = expectedInChain(
    details.nextPayReferencePeriod,
    frequencyNamed(details.prpFrequency),
    pending,
    submission.payReferencePeriod,
  );
  const today = clock.now().toISOString().slice(0, 10);
  problems.push(
    ...niNumberProblems(adjusted),
    ...checkTppRules(adjusted, details, { expectedPeriod, today }),
  );
  return { submission: adjusted, adjustments, problems };
}

async function pendingPeriods(schemeId: string, ownSubmissionId?: string): Promise<Period[]> {
  // An upload still at its checks has no period yet. A period marked sent went to TPP by hand: on its way too.
  return (await submissionPeriods(schemeId)).flatMap((s) =>
    (!isFinal(s.status) || s.status === MARK_SENT.to) &&
    s.submissionId !== ownSubmissionId &&
    s.payReferencePeriod
      ? [s.payReferencePeriod]
      : [],
  );
}

/**
 * TPP's opt-out flow: payroll confirms an opt-out by sending the employee once more with its optOutDate.
 * Where payroll left the date blank for an employee with an open opt-out, the gateway fills it in.
 */
async function confirmOptOuts(schemeId: string, submission: CanonicalSubmission) {
  const open = new Map(
    (await listOptOuts(schemeId)).filter((o) => o.status === 'open').map((o) => [o.uniqueId, o.optOutDate]),
  );
  const adjustments: Adjustment[] = [];
  const employees = submission.employees.map((employee, employeeIndex) => {
    const optOutDate = open.get(employee.uniqueId);
    if (!optOutDate || employee.optOutDate) return employee;
    adjustments.push({
      uniqueId: employee.uniqueId,
      employeeIndex,
      field: 'optOutDate',
      value: optOutDate,
      reason: 'TPP lists an opt-out for this employee; sending its date confirms it',
    });
    return { ...employee, optOutDate };
  });
  return { submission: { ...submission, employees }, adjustments };
}
