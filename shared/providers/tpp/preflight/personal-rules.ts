import type { CanonicalEmployee } from '#domain/canonical-submission';
import { employeeRule, type Finding, type RuleInput, type TppRule } from './rule.ts';

// Title and gender are both required by the schema, so TPP's D/B01, D/B02 and D/C04 (gender missing with
// "Dr") cannot arise; only their agreement is left to check.

type Title = CanonicalEmployee['title'];

/** Mx and Dr say nothing about gender. */
const GENDER_OF_TITLE: Partial<Record<Title, 'M' | 'F'>> = {
  Mr: 'M',
  Sir: 'M',
  Mrs: 'F',
  Miss: 'F',
  Ms: 'F',
};

/** D/B03: a title that implies a gender must agree with the gender given. */
const titleMatchesGender = employeeRule('D/B03', (employee) => {
  const implied = GENDER_OF_TITLE[employee.title];
  if (!implied || implied === employee.gender) return undefined;
  return {
    field: 'gender',
    message: `The gender "${employee.gender}" does not match the title "${employee.title}", which indicates "${implied}".`,
    providedValue: employee.gender,
    expectedValue: implied,
  };
});

function quantity(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** D/D02–D/D06: TPP's published limits on the forename, each a count of something with a ceiling. */
function forenameLimit(code: string, noun: string, pattern: RegExp, max: number): TppRule {
  return employeeRule(code, ({ forename }) => {
    const found = forename.match(pattern)?.length ?? 0;
    if (found <= max) return undefined;
    const allowed = max === 0 ? `no ${noun}s` : `at most ${quantity(max, noun)}`;
    return {
      field: 'forename',
      message: `The forename "${forename}" has ${quantity(found, noun)}; TPP allows ${allowed}.`,
      providedValue: forename,
      expectedValue: allowed,
    };
  });
}

const FORENAME_RULES = [
  forenameLimit('D/D02', 'digit', /[0-9]/g, 0),
  forenameLimit('D/D03', 'character', /./gsu, 30),
  // TPP's own example "John-Paul O’Grady" uses a typographic apostrophe, so both kinds count.
  forenameLimit('D/D04', 'apostrophe', /['’]/g, 1),
  forenameLimit('D/D05', 'hyphen', /-/g, 4),
  forenameLimit('D/D06', 'space', / /g, 4),
];

const NINO = /^[A-Z]{2}[0-9]{6}[A-D]$/;

// TPP treats a malformed or temporary (TN…) NINO as blank rather than refusing it, so only real-looking
// NINOs can collide, and a malformed one is not a reason to stop the submission.
function countedNino(employee: CanonicalEmployee): string | undefined {
  const nino = employee.niNumber;
  return nino && NINO.test(nino) && !nino.startsWith('TN') ? nino : undefined;
}

/** D/H01: every employee sharing a NINO with another in the same request is named. */
function uniqueNinos({ submission }: RuleInput): Finding[] {
  const holders = new Map<string, number[]>();
  submission.employees.forEach((employee, index) => {
    const nino = countedNino(employee);
    if (!nino) return;
    const indexes = holders.get(nino);
    if (indexes) indexes.push(index);
    else holders.set(nino, [index]);
  });
  return [...holders].flatMap(([nino, indexes]) => {
    if (indexes.length < 2) return [];
    // Linear in the number of holders: each message names the count and the first few, not every other one.
    const shown = indexes.slice(0, 5).join(', ');
    const more = indexes.length > 5 ? ` and ${indexes.length - 5} more` : '';
    const message = `The National Insurance number ${nino} is given for ${indexes.length} employees (employees ${shown}${more}).`;
    return indexes.map((employeeIndex) => ({
      field: 'niNumber',
      employeeIndex,
      message,
      providedValue: nino,
    }));
  });
}

const LINES = ['line1', 'line2', 'line3', 'line4', 'line5'] as const;
type Line = (typeof LINES)[number];

function filledLines(employee: CanonicalEmployee): string[] {
  return LINES.map((line) => employee.address[line]?.trim() ?? '').filter((text) => text !== '');
}

/** J02, K01, L01, M01, N01: one code per line; line5 (preferably the postcode) is shorter. */
function lineLength(line: Line, max: number, code: string): TppRule {
  return employeeRule(code, (employee) => {
    const text = employee.address[line]?.trim() ?? '';
    if ([...text].length <= max) return undefined;
    return {
      field: `address.${line}`,
      message: `Address ${line} "${text}" is ${[...text].length} characters long; TPP allows ${max}.`,
      providedValue: text,
      expectedValue: `at most ${max} characters`,
    };
  });
}

/** D/J03: line1 and at least two more lines. The schema already requires line1 (D/J01). */
const enoughLines = employeeRule('D/J03', (employee) => {
  const lines = filledLines(employee);
  if (lines.length >= 3) return undefined;
  return {
    field: 'address',
    message: `The address "${lines.join(', ')}" has ${lines.length - 1} line(s) besides line1; TPP needs at least two more (for example line2 and line5).`,
    providedValue: lines.join(', '),
    expectedValue: 'line1 and at least 2 other lines',
  };
});

/** D/J04: at least 15 characters over all lines. */
const longEnough = employeeRule('D/J04', (employee) => {
  const lines = filledLines(employee);
  const length = lines.reduce((sum, text) => sum + [...text].length, 0);
  if (length >= 15) return undefined;
  return {
    field: 'address',
    message: `The address "${lines.join(', ')}" has ${length} characters; TPP needs at least 15.`,
    providedValue: lines.join(', '),
    expectedValue: 'at least 15 characters',
  };
});

export const PERSONAL_RULES: readonly TppRule[] = [
  titleMatchesGender,
  ...FORENAME_RULES,
  { code: 'D/H01', check: uniqueNinos },
  lineLength('line1', 50, 'D/J02'),
  enoughLines,
  longEnough,
  lineLength('line2', 50, 'D/K01'),
  lineLength('line3', 50, 'D/L01'),
  lineLength('line4', 50, 'D/M01'),
  lineLength('line5', 25, 'D/N01'),
];
