import { isIsoDate } from '../../common/dates.ts';
import type { EnforcedCode } from './codes.ts';
import { isBlank, type RequestRule, requestError } from './rule.ts';

// Each end of the period must be the one the account expects next; `invalid` is raised when it is unusable.
function edgeIsExpected(
  edge: 'start' | 'end',
  invalid: { code: EnforcedCode; when: (provided: string) => boolean },
): RequestRule {
  return ({ account, request }) => {
    const provided = request.payReferencePeriod[edge];
    const expected = account.nextPayReferencePeriod[edge];
    if (invalid.when(provided)) {
      return [requestError(invalid.code, { providedValue: provided, expectedValue: expected })];
    }
    if (provided === expected) return [];
    // TPP documents H/D03 for the end date; the sandbox raises it for a wrong start as well.
    return [
      requestError('H/D03', {
        providedValue: provided,
        expectedValue: expected,
        title: `The pay reference period ${edge} date should be ${expected}`,
      }),
    ];
  };
}

export const periodRules: RequestRule[] = [
  edgeIsExpected('start', { code: 'H/C01', when: isBlank }),
  edgeIsExpected('end', { code: 'H/D02', when: (end) => !isIsoDate(end) }),
];
