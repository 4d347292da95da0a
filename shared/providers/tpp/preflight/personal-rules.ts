import type { CanonicalEmployee } from '#domain/canonical-submission';
import { addYears } from '#domain/pay-periods';
import { repeatedValues } from './repeated-values.ts';
import {
  employeeRule,
  type Finding,
  onceForDate,
  type RuleInput,
  sameDayYearsBefore,
  type TppRule,
} from './rule.ts';

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

type NameField = 'forename' | 'middleName' | 'surname';

/**
 * One of TPP's published limits on a name (TPP-hub /fields/forename/, /fields/middle-name/,
 * /fields/surname/): a count of something with a ceiling, or for the surname's length a floor.
 */
function nameLimit(
  field: NameField,
  code: string,
  noun: string,
  count: (text: string) => number,
  limit: { max: number } | { min: number },
): TppRule {
  return employeeRule(code, (employee) => {
    const name = employee[field];
    // An absent middle name breaks nothing; forename and surname are required by the schema.
    if (name === undefined || withinByLength(name, count, limit)) return undefined;
    const found = count(name);
    if ('min' in limit ? found >= limit.min : found <= limit.max) return undefined;
    const allowed =
      'min' in limit
        ? `at least ${quantity(limit.min, noun)}`
        : limit.max === 0
          ? `no ${noun}s`
          : `at most ${quantity(limit.max, noun)}`;
    return {
      field,
      message: `The ${LABEL[field]} "${name}" has ${quantity(found, noun)}; TPP allows ${allowed}.`,
      providedValue: name,
      expectedValue: allowed,
    };
  });
}

/**
 * Whether the name's length alone shows the count within the limit, so most names are not counted: no
 * count exceeds the UTF-16 length, and characters are at least half of it.
 */
function withinByLength(
  name: string,
  count: (text: string) => number,
  limit: { max: number } | { min: number },
): boolean {
  if ('max' in limit) return name.length <= limit.max;
  return count === characters && Math.ceil(name.length / 2) >= limit.min;
}

const LABEL: Record<NameField, string> = {
  forename: 'forename',
  middleName: 'middle name',
  surname: 'surname',
};

/** Characters as a person counts them: a surrogate pair (an emoji, say) is one. */
export function characters(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/**
 * Counts the occurrences of any of `chars` (each one UTF-16 unit): one character by the native search,
 * several in one pass over the text with a table of the units counted.
 */
export function occurrences(chars: string): (text: string) => number {
  if (chars.length === 1) {
    return (text) => {
      let count = 0;
      for (let at = text.indexOf(chars); at !== -1; at = text.indexOf(chars, at + 1)) count++;
      return count;
    };
  }
  const counted = new Uint8Array(Math.max(...[...chars].map((char) => char.charCodeAt(0))) + 1);
  for (const char of chars) counted[char.charCodeAt(0)] = 1;
  return (text) => {
    let count = 0;
    for (let i = 0; i < text.length; i++) count += counted[text.charCodeAt(i)] ?? 0;
    return count;
  };
}

const CHARACTER = characters;
// TPP's own examples ("John-Paul O’Grady", "O’Donnell") use a typographic apostrophe, so both kinds count.
const APOSTROPHE = occurrences("'’");
const DIGIT = occurrences('0123456789');
const HYPHEN = occurrences('-');
const SPACE = occurrences(' ');

const FORENAME_RULES = [
  nameLimit('forename', 'D/D02', 'digit', DIGIT, { max: 0 }),
  nameLimit('forename', 'D/D03', 'character', CHARACTER, { max: 30 }),
  nameLimit('forename', 'D/D04', 'apostrophe', APOSTROPHE, { max: 1 }),
  nameLimit('forename', 'D/D05', 'hyphen', HYPHEN, { max: 4 }),
  nameLimit('forename', 'D/D06', 'space', SPACE, { max: 4 }),
];

/** D/E01–D/E05 (TPP-hub /fields/middle-name/): optional, and when given, limits like the forename's. */
const MIDDLE_NAME_RULES = [
  nameLimit('middleName', 'D/E01', 'digit', DIGIT, { max: 0 }),
  nameLimit('middleName', 'D/E02', 'character', CHARACTER, { max: 30 }),
  nameLimit('middleName', 'D/E03', 'apostrophe', APOSTROPHE, { max: 1 }),
  nameLimit('middleName', 'D/E04', 'hyphen', HYPHEN, { max: 4 }),
  nameLimit('middleName', 'D/E05', 'space', SPACE, { max: 4 }),
];

/** D/F02–D/F06 (TPP-hub /fields/surname/): 2 to 45 characters; TPP lists no digit rule for the surname. */
const SURNAME_RULES = [
  nameLimit('surname', 'D/F02', 'character', CHARACTER, { max: 45 }),
  nameLimit('surname', 'D/F03', 'character', CHARACTER, { min: 2 }),
  nameLimit('surname', 'D/F04', 'apostrophe', APOSTROPHE, { max: 1 }),
  nameLimit('surname', 'D/F05', 'hyphen', HYPHEN, { max: 4 }),
  nameLimit('surname', 'D/F06', 'space', SPACE, { max: 4 }),
];

/** D/G02, D/G04, D/G05 (TPP-hub /fields/date-of-birth/): judged against today. */
function birthDateBound(
  code: string,
  bound: (today: string) => string,
  side: 'after' | 'before',
  what: string,
) {
  // Today is the same for every employee: its bound is worked out once, not per employee.
  const limitOn = onceForDate(bound);
  return employeeRule(code, (employee, { context }) => {
    const limit = limitOn(context.today);
    const dateOfBirth = employee.dateOfBirth;
    const breaks = side === 'after' ? dateOfBirth > limit : dateOfBirth < limit;
    if (!breaks) return undefined;
    return {
      field: 'dateOfBirth',
      message: `The date of birth ${dateOfBirth} is ${what} (today is ${context.today}).`,
      providedValue: dateOfBirth,
      expectedValue: side === 'after' ? `on or before ${limit}` : `on or after ${limit}`,
    };
  });
}

const sixteenYearsBefore = onceForDate((end) => sameDayYearsBefore(end, 16));

/**
 * D/G06: the employee is under 16. TPP accepts someone who is "15 years 11 months … old and their birthday
 * falls within the pay reference period" (/fields/date-of-birth/): the 16th birthday may fall on any day
 * of the period, up to its last.
 */
const sixteenByPeriodEnd = employeeRule('D/G06', (employee, { submission }) => {
  const { end } = submission.payReferencePeriod;
  // Born on or before the bound, the 16th birthday is on or before the period's end: one comparison each.
  if (employee.dateOfBirth <= sixteenYearsBefore(end)) return undefined;
  const sixteenth = addYears(employee.dateOfBirth, 16);
  if (sixteenth <= end) return undefined;
  return {
    field: 'dateOfBirth',
    message: `The date of birth ${employee.dateOfBirth} makes the employee under 16 for the whole pay reference period (16 on ${sixteenth}, after ${end}).`,
    providedValue: employee.dateOfBirth,
    expectedValue: `on or before ${addYears(end, -16)}`,
  };
});

const DATE_OF_BIRTH_RULES = [
  birthDateBound('D/G02', (today) => today, 'after', 'in the future'),
  birthDateBound('D/G04', (today) => addYears(today, -100), 'before', 'more than 100 years ago'),
  birthDateBound('D/G05', (today) => addYears(today, -12), 'after', 'less than 12 years ago'),
  sixteenByPeriodEnd,
];

const NINO = /^[A-Z]{2}[0-9]{6}[A-D]$/;

// TPP treats a malformed or temporary (TN…) NINO as blank rather than refusing it, so only real-looking
// NINOs can collide, and a malformed one is not a reason to stop the submission.
function countedNino(employee: CanonicalEmployee): string | undefined {
  const nino = employee.niNumber;
  return nino && NINO.test(nino) && !nino.startsWith('TN') ? nino : undefined;
}

/**
 * Every employee sharing a value with another in the same request is named. Linear in the number of
 * holders: each message names the count and the first few, not every other one.
 */
function noDuplicates(
  field: 'niNumber' | 'uniqueId',
  label: string,
  counted: (employee: CanonicalEmployee) => string | undefined,
) {
  return ({ submission }: RuleInput): Finding[] => {
    // Values are nearly always distinct: indexes are gathered only for those shared.
    const shared = repeatedValues(submission.employees, counted);
    const holders = new Map<string, number[]>();
    if (shared.size > 0) {
      submission.employees.forEach((employee, index) => {
        const value = counted(employee);
        if (value === undefined || !shared.has(value)) return;
        const indexes = holders.get(value);
        if (indexes) indexes.push(index);
        else holders.set(value, [index]);
      });
    }
    const findings: Finding[] = [];
    for (const [value, indexes] of holders) {
      const shown = indexes.slice(0, 5).join(', ');
      const more = indexes.length > 5 ? ` and ${indexes.length - 5} more` : '';
      const message = `The ${label} ${value} is given for ${indexes.length} employees (employees ${shown}${more}).`;
      for (const employeeIndex of indexes)
        findings.push({ field, employeeIndex, message, providedValue: value });
    }
    return findings;
  };
}

const LINES = ['line1', 'line2', 'line3', 'line4', 'line5'] as const;
type Line = (typeof LINES)[number];

function filledLines(employee: CanonicalEmployee): string[] {
  return LINES.map((line) => employee.address[line]?.trim() ?? '').filter((text) => text !== '');
}

/** How many of filledLines there are, without gathering them (the rules' usual case: the address is fine). */
function filledLineCount(employee: CanonicalEmployee): number {
  let count = 0;
  for (const line of LINES) if (employee.address[line]?.trim()) count++;
  return count;
}

/** The characters of filledLines together, without gathering them. */
function filledLength(employee: CanonicalEmployee): number {
  let length = 0;
  for (const line of LINES) length += characters(employee.address[line]?.trim() ?? '');
  return length;
}

/** The UTF-16 units of filledLines together. */
function filledUnits(employee: CanonicalEmployee): number {
  let units = 0;
  for (const line of LINES) units += employee.address[line]?.trim().length ?? 0;
  return units;
}

/** J02, K01, L01, M01, N01: one code per line; line5 (preferably the postcode) is shorter. */
function lineLength(line: Line, max: number, code: string): TppRule {
  return employeeRule(code, (employee) => {
    const text = employee.address[line]?.trim() ?? '';
    if (text.length <= max || characters(text) <= max) return undefined;
    return {
      field: `address.${line}`,
      message: `Address ${line} "${text}" is ${characters(text)} characters long; TPP allows ${max}.`,
      providedValue: text,
      expectedValue: `at most ${max} characters`,
    };
  });
}

/** D/J03: line1 and at least two more lines. The schema already requires line1 (D/J01). */
const enoughLines = employeeRule('D/J03', (employee) => {
  if (filledLineCount(employee) >= 3) return undefined;
  const lines = filledLines(employee);
  return {
    field: 'address',
    message: `The address "${lines.join(', ')}" has ${lines.length - 1} line(s) besides line1; TPP needs at least two more (for example line2 and line5).`,
    providedValue: lines.join(', '),
    expectedValue: 'line1 and at least 2 other lines',
  };
});

/** D/J04: at least 15 characters over all lines. */
const longEnough = employeeRule('D/J04', (employee) => {
  // A character is one or two UTF-16 units, so 30 units are surely 15 characters: most are not counted.
  if (filledUnits(employee) >= 30) return undefined;
  const length = filledLength(employee);
  if (length >= 15) return undefined;
  const lines = filledLines(employee);
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
  ...MIDDLE_NAME_RULES,
  ...SURNAME_RULES,
  ...DATE_OF_BIRTH_RULES,
  /** D/H01: a NINO given for two employees (TPP-hub /fields/national-insurance-number/). */
  { code: 'D/H01', check: noDuplicates('niNumber', 'National Insurance number', countedNino) },
  /** D/I03: a uniqueId given for two employees (TPP-hub /fields/unique-id/). */
  { code: 'D/I03', check: noDuplicates('uniqueId', 'uniqueId', (employee) => employee.uniqueId) },
  lineLength('line1', 50, 'D/J02'),
  enoughLines,
  longEnough,
  lineLength('line2', 50, 'D/K01'),
  lineLength('line3', 50, 'D/L01'),
  lineLength('line4', 50, 'D/M01'),
  lineLength('line5', 25, 'D/N01'),
];
