import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ParseResult, parseSubmission } from '#domain/parse-submission';
import type { Problem } from '#domain/problems';

type Json = Record<string, unknown>;
interface SubmissionDocument {
  payReferencePeriod: { start: string; end: string };
  employees: Json[];
  [key: string]: unknown;
}

function fixture(): SubmissionDocument {
  return JSON.parse(
    readFileSync(new URL('../../fixtures/submission.json', import.meta.url), 'utf8'),
  ) as SubmissionDocument;
}

function employee(doc: SubmissionDocument, index: number): Json {
  const e = doc.employees[index];
  if (!e) throw new Error(`fixture has no employee ${index}`);
  return e;
}

function problemsOf(result: ParseResult): Problem[] {
  if (result.ok) throw new Error('expected the document to be refused');
  return result.problems;
}

function problemAt(problems: Problem[], field: string): Problem {
  const found = problems.filter((p) => p.field === field);
  expect(found, `one problem for ${field}`).toHaveLength(1);
  return found[0] as Problem;
}

describe('parseSubmission with a valid document', () => {
  it('accepts the fixture and holds money in pence', () => {
    const result = parseSubmission(fixture());
    if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problems)}`);
    const [first, second] = result.submission.employees;
    expect(result.submission.payReferencePeriod).toEqual({ start: '2026-11-02', end: '2026-11-08' });
    expect(result.submission.employees).toHaveLength(2);
    expect(first).toMatchObject({
      uniqueId: '851001',
      pensionableEarnings: 181806,
      employerContributionAmount: 5454,
      employeeContributionAmount: 9090,
    });
    expect(second).toMatchObject({
      uniqueId: '65309',
      pensionableEarnings: 52000,
      employerContributionAmount: 1560,
      employeeContributionAmount: 2600,
    });
    expect(result.submission.total).toBeUndefined();
  });

  it('keeps the other fields as given', () => {
    const result = parseSubmission(fixture());
    if (!result.ok) throw new Error('refused');
    expect(result.submission.employees[0]).toMatchObject({
      title: 'Mrs',
      gender: 'F',
      forename: 'Abigail',
      surname: 'Williamson',
      dateOfBirth: '1985-01-10',
      address: { line1: '99 Old Edinburgh Road', line2: 'Beedon', line3: 'Newbury', line5: 'RG20 8JR' },
      employmentPeriod: { start: '2004-04-13' },
      workerGroupId: 'UF',
      autoEnrolmentStatus: 'Eligible',
    });
  });

  it('converts an optional total and optional money fields to pence', () => {
    const doc = fixture();
    doc.total = 187.04;
    employee(doc, 0).additionalVoluntaryContributionAmount = 12.3;
    const result = parseSubmission(doc);
    if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problems)}`);
    expect(result.submission.total).toBe(18704);
    expect(result.submission.employees[0]?.additionalVoluntaryContributionAmount).toBe(1230);
  });

  it('accepts a period that starts and ends on the same day', () => {
    const doc = fixture();
    doc.payReferencePeriod = { start: '2026-11-02', end: '2026-11-02' };
    expect(parseSubmission(doc).ok).toBe(true);
  });

  it('does not change the document it was given', () => {
    const doc = fixture();
    parseSubmission(doc);
    expect(doc).toEqual(fixture());
  });
});

describe('parseSubmission with an invalid document', () => {
  function brokenEverywhere(): SubmissionDocument {
    const doc = fixture();
    const first = employee(doc, 0);
    const second = employee(doc, 1);
    first.pensionableEarnings = 10.005;
    first.surname = '   ';
    first.titel = 'Mrs';
    second.dateOfBirth = '1990-02-30';
    second.gender = 'X';
    second.autoEnrolmentStatus = 'Maybe';
    return doc;
  }

  it('reports every problem, across both employees, not just the first', () => {
    const problems = problemsOf(parseSubmission(brokenEverywhere()));
    expect(problems.map((p) => p.field).sort()).toEqual(
      [
        'employees[0].pensionableEarnings',
        'employees[0].surname',
        'employees[0].titel',
        'employees[1].autoEnrolmentStatus',
        'employees[1].dateOfBirth',
        'employees[1].gender',
      ].sort(),
    );
    for (const problem of problems) {
      expect(problem.source).toBe('gateway');
      expect(problem.code).toMatch(/^schema\./);
      expect(problem.message).not.toBe('');
    }
  });

  it('names the employee by index and uniqueId and gives the value provided', () => {
    const problems = problemsOf(parseSubmission(brokenEverywhere()));
    expect(problemAt(problems, 'employees[1].dateOfBirth')).toEqual({
      code: 'schema.custom',
      message: 'must be a calendar date as YYYY-MM-DD',
      field: 'employees[1].dateOfBirth',
      employeeIndex: 1,
      uniqueId: '65309',
      providedValue: '1990-02-30',
      source: 'gateway',
    });
    expect(problemAt(problems, 'employees[1].gender')).toMatchObject({
      employeeIndex: 1,
      uniqueId: '65309',
      providedValue: 'X',
      source: 'gateway',
    });
    expect(problemAt(problems, 'employees[0].pensionableEarnings')).toMatchObject({
      employeeIndex: 0,
      uniqueId: '851001',
      providedValue: '10.005',
      message: 'must be pounds with at most 2 decimal places',
      source: 'gateway',
    });
    expect(problemAt(problems, 'employees[0].surname')).toMatchObject({
      employeeIndex: 0,
      uniqueId: '851001',
      providedValue: '   ',
    });
  });

  it('names a nested field with dots and brackets', () => {
    const doc = fixture();
    employee(doc, 1).address = { line1: '' };
    const problem = problemAt(problemsOf(parseSubmission(doc)), 'employees[1].address.line1');
    expect(problem).toMatchObject({ employeeIndex: 1, uniqueId: '65309', providedValue: '' });
  });

  it('reports a missing required field without a provided value', () => {
    const doc = fixture();
    delete employee(doc, 0).dateOfBirth;
    const problem = problemAt(problemsOf(parseSubmission(doc)), 'employees[0].dateOfBirth');
    expect(problem.code).toBe('schema.invalid_type');
    expect(problem.employeeIndex).toBe(0);
    expect(problem.uniqueId).toBe('851001');
    expect(problem).not.toHaveProperty('providedValue');
  });

  it('leaves out the uniqueId when the employee has none to give', () => {
    const doc = fixture();
    const first = employee(doc, 0);
    delete first.uniqueId;
    first.gender = 'Q';
    const problems = problemsOf(parseSubmission(doc));
    const gender = problemAt(problems, 'employees[0].gender');
    expect(gender.employeeIndex).toBe(0);
    expect(gender).not.toHaveProperty('uniqueId');
    expect(problemAt(problems, 'employees[0].uniqueId').employeeIndex).toBe(0);
  });

  it('does not give an object as the provided value', () => {
    const doc = fixture();
    employee(doc, 0).address = 'somewhere';
    employee(doc, 1).employmentPeriod = { start: '2015-09-01', end: '2015-08-31' };
    const problems = problemsOf(parseSubmission(doc));
    expect(problemAt(problems, 'employees[0].address').providedValue).toBe('somewhere');
    expect(problemAt(problems, 'employees[1].employmentPeriod.end')).toMatchObject({
      message: 'end must not be before start',
      providedValue: '2015-08-31',
    });

    const nested = fixture();
    employee(nested, 0).address = ['99 Old Edinburgh Road'];
    const arrayProblem = problemAt(problemsOf(parseSubmission(nested)), 'employees[0].address');
    expect(arrayProblem).not.toHaveProperty('providedValue');
  });

  it('reports one problem per unknown field, each naming the field', () => {
    const doc = fixture();
    doc.totl = 187.04;
    doc.comment = 'hi';
    employee(doc, 1).nickname = 'Ollie';
    employee(doc, 1).favouriteColour = 'green';
    (employee(doc, 1).address as Json).postcode = 'RG19 4AB';
    const problems = problemsOf(parseSubmission(doc));
    expect(problems).toHaveLength(5);
    for (const problem of problems) expect(problem.code).toBe('schema.unrecognized_keys');
    expect(problemAt(problems, 'totl')).toEqual({
      code: 'schema.unrecognized_keys',
      message: 'unknown field "totl"',
      field: 'totl',
      providedValue: '187.04',
      source: 'gateway',
    });
    expect(problemAt(problems, 'comment').message).toBe('unknown field "comment"');
    expect(problemAt(problems, 'employees[1].nickname')).toEqual({
      code: 'schema.unrecognized_keys',
      message: 'unknown field "nickname"',
      field: 'employees[1].nickname',
      employeeIndex: 1,
      uniqueId: '65309',
      providedValue: 'Ollie',
      source: 'gateway',
    });
    expect(problemAt(problems, 'employees[1].favouriteColour').message).toBe(
      'unknown field "favouriteColour"',
    );
    expect(problemAt(problems, 'employees[1].address.postcode')).toMatchObject({
      message: 'unknown field "postcode"',
      employeeIndex: 1,
      uniqueId: '65309',
      providedValue: 'RG19 4AB',
    });
  });

  it('refuses a pay reference period that ends before it starts', () => {
    const doc = fixture();
    doc.payReferencePeriod = { start: '2026-11-02', end: '2026-11-01' };
    expect(problemsOf(parseSubmission(doc))).toEqual([
      {
        code: 'schema.custom',
        message: 'end must not be before start',
        field: 'payReferencePeriod.end',
        providedValue: '2026-11-01',
        source: 'gateway',
      },
    ]);
  });

  it('refuses an optional pay period that ends before it starts', () => {
    const doc = fixture();
    doc.payPeriod = { start: '2026-11-08', end: '2026-11-02' };
    expect(problemAt(problemsOf(parseSubmission(doc)), 'payPeriod.end').message).toBe(
      'end must not be before start',
    );
  });

  it('refuses an empty employees list', () => {
    const doc = fixture();
    doc.employees = [];
    const problems = problemsOf(parseSubmission(doc));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'schema.too_small', field: 'employees', source: 'gateway' });
    expect(problems[0]).not.toHaveProperty('employeeIndex');
  });

  it.each([
    ['pensionableEarnings', 1818.065],
    ['employerContributionAmount', 0.001],
    ['employeeContributionAmount', 90.999],
  ])('refuses %s with 3 decimal places', (field, value) => {
    const doc = fixture();
    employee(doc, 0)[field] = value;
    expect(problemAt(problemsOf(parseSubmission(doc)), `employees[0].${field}`)).toMatchObject({
      code: 'schema.custom',
      message: 'must be pounds with at most 2 decimal places',
      providedValue: String(value),
      employeeIndex: 0,
    });
  });

  it('refuses a total with 3 decimal places', () => {
    const doc = fixture();
    doc.total = 187.041;
    expect(problemAt(problemsOf(parseSubmission(doc)), 'total')).toMatchObject({
      message: 'must be pounds with at most 2 decimal places',
      providedValue: '187.041',
    });
  });

  it('refuses negative money', () => {
    const doc = fixture();
    employee(doc, 1).employeeContributionAmount = -26;
    const problems = problemsOf(parseSubmission(doc)).filter(
      (p) => p.field === 'employees[1].employeeContributionAmount',
    );
    expect(problems.length).toBeGreaterThanOrEqual(1);
    expect(problems.map((p) => p.code)).toContain('schema.too_small');
  });

  it('refuses money sent as a string', () => {
    const doc = fixture();
    employee(doc, 0).pensionableEarnings = '1818.06';
    expect(problemAt(problemsOf(parseSubmission(doc)), 'employees[0].pensionableEarnings')).toMatchObject({
      code: 'schema.invalid_type',
      providedValue: '1818.06',
    });
  });

  it('refuses something that is not an object at all', () => {
    expect(parseSubmission(null).ok).toBe(false);
    expect(parseSubmission([]).ok).toBe(false);
    expect(problemsOf(parseSubmission({})).map((p) => p.field)).toEqual(['payReferencePeriod', 'employees']);
  });
});

describe('parseSubmission in place', () => {
  it('gives what a copy gives, and leaves the checked employees in the body’s own array', () => {
    const body = fixture();
    const copied = parseSubmission(fixture());
    const inPlace = parseSubmission(body, { inPlace: true });
    expect(inPlace).toEqual(copied);
    if (!inPlace.ok) throw new Error('refused');
    expect(body.employees[0]).toBe(inPlace.submission.employees[0]);
    expect(body.employees[1]).toMatchObject({ uniqueId: '65309', pensionableEarnings: 52000 });
  });

  it('names the same problems, in the whole schema’s order, as checking the document in one go', async () => {
    const { canonicalSubmission } = await import('#domain/canonical-submission');
    const { englishIssues, schemaProblems } = await import('#domain/schema-problems');
    const doc = fixture();
    doc.payReferencePeriod.end = '2026-11-01';
    employee(doc, 0).dateOfBirth = '1985-02-30';
    employee(doc, 1).extra = 'x';
    doc.total = -1;
    doc.unknown = true;
    const whole = canonicalSubmission.safeParse(structuredClone(doc), { error: englishIssues });
    if (whole.success) throw new Error('expected the whole schema to refuse it');
    expect(problemsOf(parseSubmission(structuredClone(doc), { inPlace: true }))).toEqual(
      schemaProblems(whole.error, doc),
    );
  });
});
