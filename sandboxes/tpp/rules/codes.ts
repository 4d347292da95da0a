// Every code the sandbox can answer with. `published` says whether TPP's developer hub ties the code to
// this meaning; where it is false the family is TPP's but the number within it is this sandbox's own
// choice (the hub's full list is not public), or, for H/Q01 and T/T01, the code is made up outright.
// 'Request' codes are answered at once on POST /contributions rather than in an errors document.

type ErrorCategory = 'HeaderValidation' | 'DetailsRecord' | 'TrailerValidation';

interface CodeEntry {
  category: ErrorCategory | 'Request';
  title: string;
  published: boolean;
}

function header(title: string, published = true): CodeEntry {
  return { category: 'HeaderValidation', title, published };
}

function details(title: string, published = true): CodeEntry {
  return { category: 'DetailsRecord', title, published };
}

export const ENFORCED_CODES = {
  'H/C01': header('The pay reference period start date is missing'),
  'H/D02': header('The pay reference period end date is not a valid date (YYYY-MM-DD)'),
  'H/D03': header('The pay reference period is not the one expected for this account'),
  'H/Q01': {
    category: 'Request',
    title: 'A contributions request for this account is already being processed',
    published: false,
  },

  'D/B03': details('The provided gender does not match the provided title'),
  'D/C04': details('Gender is required when the title is Dr'),
  // Names, date of birth, uniqueId and address: numbering as TPP's field pages publish it.
  'D/D01': details('Forename is missing'),
  'D/D02': details('Forename must not contain numbers'),
  'D/D03': details('Forename is longer than 30 characters'),
  'D/D04': details('Forename must not contain more than one apostrophe'),
  'D/D05': details('Forename must not contain more than four hyphens'),
  'D/D06': details('Forename must not contain more than four spaces'),
  'D/E01': details('Middle name must not contain numbers'),
  'D/E02': details('Middle name is longer than 30 characters'),
  'D/E03': details('Middle name must not contain more than one apostrophe'),
  'D/E04': details('Middle name must not contain more than four hyphens'),
  'D/E05': details('Middle name must not contain more than four spaces'),
  'D/F01': details('Surname is missing'),
  'D/F02': details('Surname is longer than 45 characters'),
  'D/F03': details('Surname is shorter than 2 characters'),
  'D/F04': details('Surname must not contain more than one apostrophe'),
  'D/F05': details('Surname must not contain more than four hyphens'),
  'D/F06': details('Surname must not contain more than four spaces'),
  'D/G01': details('Date of birth is missing'),
  'D/G03': details('Date of birth format is incorrect. Expected format is YYYY-MM-DD'),
  'D/G06': details('Date of birth must not make the employee under 16 years old'),
  'D/H01': details('The National Insurance number appears more than once in the request'),
  'D/I01': details('Unique id is missing'),
  'D/I02': details('Unique id is longer than 50 characters'),
  'D/I03': details('Unique id appears more than once in the request'),
  'D/J01': details('Address 1 is missing'),
  'D/J02': details('Address line 1 is longer than 50 characters'),
  'D/J03': details('The address needs line 1 and at least two other lines'),
  'D/J04': details('The address must be at least 15 characters in total'),
  'D/K01': details('Address line 2 is longer than 50 characters'),
  'D/L01': details('Address line 3 is longer than 50 characters'),
  'D/M01': details('Address line 4 is longer than 50 characters'),
  'D/N01': details('Address line 5 is longer than 25 characters'),
  'D/R03': details('Employment start date is missing or not before the pay reference period end'),
  'D/T01': details('Employment end date is not a valid date (YYYY-MM-DD)', false),
  'D/T03': details('Employment end date is before the employment start date'),
  'D/U01': details('Worker group id is longer than 40 characters'),
  'D/U02': details('No worker group with this id is effective in the pay reference period'),
  'D/U03': details('Worker group id is missing'),
  'D/V01': details('Auto-enrolment status is missing or not a known value', false),
  'D/V02': details('Auto-enrolment status Not Applicable is only allowed from age 75'),
  // Auto-enrolment date: only D/W09 (staging date) is known to mean this; the rest of the numbering is ours.
  'D/W01': details('Auto-enrolment date is not a valid date (YYYY-MM-DD)', false),
  'D/W02': details('Auto-enrolment date is required when the status is Eligible', false),
  'D/W03': details('Auto-enrolment date must be blank unless the status is Eligible', false),
  'D/W04': details('Auto-enrolment date is before the date of birth', false),
  'D/W05': details('Auto-enrolment date is before the employment start date', false),
  'D/W09': details('Auto-enrolment date is before the staging date'),
  'D/X01': details('Scheme join date is not a valid date (YYYY-MM-DD)', false),
  'D/X02': details('Scheme join date must be blank unless the status is Entitled', false),
  'D/X08': details('Scheme join date is before the staging date'),
  'D/Y01': details('Opt-out date is not a valid date (YYYY-MM-DD)', false),
  'D/Z01': details('Opt-in date is not a valid date (YYYY-MM-DD)'),
  'D/Z04': details('Opt-in date must be blank when the status is Not Known'),
  // Money: 01 missing, 02 not a number, 03 negative, 04 more than 2 decimals, 05 not zero when it must be.
  'D/AB01': details('Pensionable earnings are missing', false),
  'D/AB02': details('Pensionable earnings must be a number', false),
  'D/AB03': details('Pensionable earnings must not be negative', false),
  'D/AB04': details('Pensionable earnings must have at most 2 decimal places', false),
  'D/AC01': details('Employer contribution is missing', false),
  'D/AC02': details('Employer contribution must be a number', false),
  'D/AC03': details('Employer contribution must not be negative', false),
  'D/AC04': details('Employer contribution must have at most 2 decimal places', false),
  'D/AC05': details(
    'Employer contribution must be zero when the status is Not Known or Already In Qualifying Scheme',
    false,
  ),
  'D/AD01': details('Employee contribution is missing', false),
  'D/AD02': details('Employee contribution must be a number', false),
  'D/AD03': details('Employee contribution must not be negative', false),
  'D/AD04': details('Employee contribution must have at most 2 decimal places', false),
  'D/AD05': details(
    'Employee contribution must be zero when the status is Not Known or Already In Qualifying Scheme',
    false,
  ),

  'T/T01': {
    category: 'TrailerValidation',
    title: 'The total does not equal the sum of the contributions',
    published: false,
  },
} satisfies Record<string, CodeEntry>;

export type EnforcedCode = keyof typeof ENFORCED_CODES;
