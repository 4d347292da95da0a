import { isIsoDate } from '../../common/dates.ts';
import { isBlank, type RequestRule, requestError } from './rule.ts';

const startIsExpected: RequestRule = ({ account, request }) => {
  const provided = request.payReferencePeriod.start;
  const expected = account.nextPayReferencePeriod.start;
  if (isBlank(provided)) return [requestError('H/C01', { providedValue: provided, expectedValue: expected })];
  if (provided === expected) return [];
  // TPP documents H/D03 for the end date; the sandbox raises it for a wrong start as well.
  return [
    requestError('H/D03', {
      providedValue: provided,
      expectedValue: expected,
      title: `The pay reference period start date should be ${expected}`,
    }),
  ];
};

const endIsExpected: RequestRule = ({ account, request }) => {
  const provided = request.payReferencePeriod.end;
  const expected = account.nextPayReferencePeriod.end;
  if (!isIsoDate(provided))
    return [requestError('H/D02', { providedValue: provided, expectedValue: expected })];
  if (provided === expected) return [];
  return [
    requestError('H/D03', {
      providedValue: provided,
      expectedValue: expected,
      title: `The pay reference period end date should be ${expected}`,
    }),
  ];
};

export const periodRules: RequestRule[] = [startIsExpected, endIsExpected];
