import type { CanonicalSubmission } from './canonical-submission.ts';
import type { Problem } from './problems.ts';

/**
 * HMRC's format rules for a National Insurance number (NINO), from HMRC's National Insurance Manual NIM39110
 * "What a NINO looks like" (gov.uk/hmrc-internal-manuals/national-insurance-manual/nim39110): two prefix
 * letters, six digits, a suffix A, B, C or D; D, F, I, Q, U and V are never either prefix letter, O never the
 * second; the prefixes BG, GB, KN, NK, NT, TN and ZZ are not used; OO, CR, FY, MW and NC are administrative
 * numbers, not NINOs; TN followed by a date of birth and M or F was the old temporary number. TPP's
 * own pattern `[A-Z]{2}[0-9]{6}[A-D]` (TPP-hub /fields/national-insurance-number/) is written without spaces.
 */

export type NinoFault = 'format' | 'prefix-letter' | 'prefix-not-issued' | 'administrative' | 'temporary';

export interface NinoVerdict {
  fault: NinoFault;
  reason: string;
}

const NEVER_A_PREFIX_LETTER = 'DFIQUV';
const NEVER_SECOND_LETTER = `${NEVER_A_PREFIX_LETTER}O`;
const PREFIXES_NOT_USED = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);
const ADMINISTRATIVE_PREFIXES = new Set(['OO', 'CR', 'FY', 'MW', 'NC']);
/** TN, a date of birth as DDMMYY, then M or F. */
const TEMPORARY = /^TN[0-9]{6}[MF]$/;
const SHAPE = /^[A-Z]{2}[0-9]{6}[A-D]$/;

/** Why HMRC would never have issued this NINO, or undefined when it could be a real one. */
export function checkNiNumber(value: string): NinoVerdict | undefined {
  if (TEMPORARY.test(value))
    return {
      fault: 'temporary',
      reason:
        'is a temporary number (TN…), not a National Insurance number; leave niNumber out until the real one is known',
    };
  if (!SHAPE.test(value))
    return {
      fault: 'format',
      reason:
        'is not two capital letters, six digits and a suffix A, B, C or D, without spaces (for example QQ123456C)',
    };
  const prefix = value.slice(0, 2);
  const first = prefix.charAt(0);
  const second = prefix.charAt(1);
  // Administrative numbers first: some (OO, FY) also break the letter rules, and this says more.
  if (ADMINISTRATIVE_PREFIXES.has(prefix))
    return {
      fault: 'administrative',
      reason: `has the prefix ${prefix}, which HMRC uses for administrative reference numbers, not National Insurance numbers`,
    };
  if (PREFIXES_NOT_USED.has(prefix))
    return { fault: 'prefix-not-issued', reason: `has the prefix ${prefix}, which HMRC does not issue` };
  if (NEVER_A_PREFIX_LETTER.includes(first) || NEVER_SECOND_LETTER.includes(second))
    return {
      fault: 'prefix-letter',
      reason: `has the prefix ${prefix}: HMRC never uses D, F, I, Q, U or V as a prefix letter, nor O as the second`,
    };
  return undefined;
}

/** A problem for each employee whose NINO HMRC would never have issued, naming the employee. */
export function niNumberProblems(submission: CanonicalSubmission): Problem[] {
  const problems: Problem[] = [];
  submission.employees.forEach((employee, employeeIndex) => {
    const nino = employee.niNumber;
    // A blank NINO is an absent one: payroll may not have it yet.
    const verdict = nino?.trim() ? checkNiNumber(nino) : undefined;
    if (nino === undefined || !verdict) return;
    problems.push({
      code: `ni-number-${verdict.fault}`,
      message: `The National Insurance number ${verdict.reason}.`,
      field: `employees[${employeeIndex}].niNumber`,
      uniqueId: employee.uniqueId,
      employeeIndex,
      providedValue: nino,
      source: 'gateway' as const,
    });
  });
  return problems;
}
