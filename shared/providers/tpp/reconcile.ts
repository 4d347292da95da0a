import { ProviderRejectedError } from '#providers/errors';

/**
 * TPP has no idempotency key, so a contributions POST whose answer was lost (reset, timeout, 5xx after the
 * body went out) may or may not have landed. Before sending again the gateway asks TPP: its account's
 * `nextPayReferencePeriod` moves past a period once TPP processed it, and TPP refuses a second request for
 * an account while one is in flight (the sandbox's 409 H/Q01). These decide what the next step does.
 */
export type Reconciliation =
  /** TPP moved past the period: it processed the request we never heard back about. */
  | { verdict: 'processed'; evidence: string }
  /**
   * TPP still expects this period: the request never arrived, failed, or is still in flight. Sending is
   * safe: TPP refuses a second request while one is in flight, and that refusal is read as "in flight".
   */
  | { verdict: 'send'; evidence: string }
  /** TPP expects an earlier period: the account went back, or another party sent; a person must look. */
  | { verdict: 'unexpected'; evidence: string };

export function reconcileContributions(input: {
  period: { start: string; end: string };
  /** `nextPayReferencePeriod.start` from TPP's account information, when TPP gave one. */
  expectedStart: string | undefined;
}): Reconciliation {
  const { period, expectedStart } = input;
  if (!expectedStart) {
    return {
      verdict: 'send',
      evidence: `TPP's account names no next period; sending again, TPP refuses it while the first is in flight`,
    };
  }
  if (expectedStart > period.start) {
    return {
      verdict: 'processed',
      evidence: `TPP now expects the period from ${expectedStart}, so it processed ${period.start} to ${period.end}`,
    };
  }
  if (expectedStart === period.start) {
    return {
      verdict: 'send',
      evidence: `TPP still expects the period from ${period.start}: not processed yet, so sending (again)`,
    };
  }
  return {
    verdict: 'unexpected',
    evidence: `TPP expects the period from ${expectedStart}, before ${period.start}; a person must look`,
  };
}

/**
 * TPP refusing a contributions request because another for the account is still being processed (409,
 * H/Q01 in the sandbox; TPP does not publish the code, so any 409 counts). Never a failure of the data.
 */
export function isInFlightRefusal(error: unknown): error is ProviderRejectedError {
  return error instanceof ProviderRejectedError && error.status === 409;
}
