import type { CanonicalSubmission } from './canonical-submission.ts';
import { FREQUENCIES, type Frequency, isPeriodOf } from './pay-periods.ts';
import type { Problem } from './problems.ts';

/** The PAPDIS/RTI frequency codes that name one of the gateway's frequencies (domain-notes §3.4, [I]). */
const FREQUENCY_OF_CODE: Readonly<Record<string, Frequency>> = {
  W1: 'Weekly',
  W2: 'Fortnightly',
  W4: 'Four Weekly',
  M1: 'Monthly',
};

/** A frequency as a scheme's details name it (TPP `Four Weekly`, PensionSync SASS `Four-weekly`), or undefined. */
export function frequencyNamed(name: string | undefined): Frequency | undefined {
  const wanted = name?.trim().toLowerCase().replace('-', ' ');
  return FREQUENCIES.find((f) => f.toLowerCase() === wanted);
}

/** The frequency whose single period `period` is, if any. */
function frequencyOfPeriod(period: CanonicalSubmission['payReferencePeriod']): Frequency | undefined {
  return FREQUENCIES.find((f) => isPeriodOf(period, f));
}

/**
 * The submission's pay reference period (and its `payFrequency`, when given) against the scheme's
 * frequency: a weekly period sent to a monthly scheme is refused naming what was expected and provided.
 */
export function periodFrequencyProblems(submission: CanonicalSubmission, expected: Frequency): Problem[] {
  const problems: Problem[] = [];
  const { payReferencePeriod: period, payFrequency } = submission;
  if (!isPeriodOf(period, expected)) {
    const provided = frequencyOfPeriod(period);
    problems.push({
      code: 'period-frequency-mismatch',
      message: `The pay reference period ${period.start} to ${period.end} is ${
        provided ? `one ${provided.toLowerCase()} period` : 'not one period of any frequency'
      }, but the scheme is paid ${expected.toLowerCase()}.`,
      field: 'payReferencePeriod',
      providedValue: provided ?? `${period.start} to ${period.end}`,
      expectedValue: expected,
      source: 'gateway',
    });
  }
  const coded = payFrequency === undefined ? undefined : FREQUENCY_OF_CODE[payFrequency];
  if (payFrequency !== undefined && coded !== expected) {
    problems.push({
      code: 'period-frequency-mismatch',
      message: `The pay frequency ${payFrequency} is not the scheme's, ${expected.toLowerCase()}.`,
      field: 'payFrequency',
      providedValue: payFrequency,
      expectedValue: expected,
      source: 'gateway',
    });
  }
  return problems;
}
