import { parseSubmission } from '#domain/parse-submission';
import { renderPapdisCsv } from '#formats/papdis-csv';
import { exampleSubmission, monthlyExampleSubmission } from './http.ts';

/**
 * A large payroll for the TPP sandbox account's first (weekly) period, or for a monthly PensionSync sandbox
 * scheme, employees differing as real ones do (names, addresses, dates, contacts). From the command line,
 * for trying the upload route (a PAPDIS file is for a PensionSync scheme, so monthly):
 *   npm exec -- tsx test/support/large-payroll.ts 100000 > payroll.json
 *   npm exec -- tsx test/support/large-payroll.ts 100000 papdis NST <employerReference> > payroll.csv
 */

/** The number in letters (a, b, …, z, ba, …): names take no digits. */
const letters = (n: number): string =>
  (n >= 26 ? letters(Math.floor(n / 26)) : '') + String.fromCharCode(97 + (n % 26));

/** The canonical wire document (money in pounds), as payroll would send it, for the template's period. */
export function largePayroll(count: number, template = exampleSubmission()) {
  const [first] = template.employees;
  template.employees = Array.from({ length: count }, (_, i) => ({
    ...first,
    forename: `Abigail${letters(i % 997)}`,
    surname: `Williamson-${letters(i)}`,
    dateOfBirth: `${1970 + (i % 20)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    uniqueId: String(100_000 + i),
    niNumber: `AB${String(i).padStart(6, '0')}C`,
    address: { ...first.address, line1: `${i} Old Edinburgh Road`, line5: `RG${i % 99} ${i % 9}JR` },
    mobilePhoneNumber: `07${String(i).padStart(9, '0')}`,
    personalEmailAddress: `employee${i}@rhyta.com`,
  }));
  return template;
}

/** The same payroll, for a month, as payroll's own PAPDIS file for the employer. */
export function largePapdisFile(count: number, providerId: string, employerId: string): string {
  const parsed = parseSubmission(largePayroll(count, monthlyExampleSubmission()), { inPlace: true });
  if (!parsed.ok) throw new Error(`the large payroll is invalid: ${JSON.stringify(parsed.problems[0])}`);
  return renderPapdisCsv(parsed.submission, { providerId, employerId });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [count = '100000', format = 'json', providerId = 'NST', employerId = 'EMP-001'] =
    process.argv.slice(2);
  process.stdout.write(
    format === 'papdis'
      ? largePapdisFile(Number(count), providerId, employerId)
      : JSON.stringify(largePayroll(Number(count))),
  );
}
