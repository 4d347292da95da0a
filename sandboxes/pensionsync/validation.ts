import { isPapdisDate } from './dates.ts';
import type { MemberDocument } from './documents.ts';

export interface JobError {
  errorCode: string;
  message: string;
  lineNumber?: number;
  employeeId?: string;
  fieldName?: string;
  fieldValue?: string;
}

// HMRC's NINO shape: no D F I Q U V in either letter, no O second, suffix A-D.
const NINO = /^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/;
const NUMBER = /^-?\d+(\.\d+)?$/;
const AMOUNT_FIELDS = [
  'EmployerContributionsAmount',
  'EmployeeContributionsAmount',
  'AdditionalVoluntaryContributionsAmount',
  'PensionableEarningsAmount',
] as const;

/** Every problem with the employees' data, in document order; values are never changed. */
export function memberErrors(document: MemberDocument): JobError[] {
  const errors: JobError[] = [];
  for (const member of document.members) {
    const employeeId = member.fields[document.employeeIdField];
    const report = (errorCode: string, fieldName: string, message: string): void => {
      const error: JobError = { errorCode, message, lineNumber: member.lineNumber };
      if (employeeId) error.employeeId = employeeId;
      error.fieldName = fieldName;
      const value = member.fields[fieldName];
      // Left out when blank, as the wire doc allows: there is no value to show.
      if (value) error.fieldValue = value;
      errors.push(error);
    };
    const value = (field: string): string => member.fields[field] ?? '';

    const nino = value('NationalInsuranceNumber');
    if (!NINO.test(nino)) {
      report(
        'INVALID_NINO',
        'NationalInsuranceNumber',
        nino === ''
          ? 'The National Insurance number is missing.'
          : 'The National Insurance number is not two letters, six digits and A, B, C or D.',
      );
    }
    if (value('Surname').trim() === '') report('MISSING_SURNAME', 'Surname', 'The surname is missing.');
    if (value('Forename1').trim() === '') report('MISSING_FORENAME', 'Forename1', 'The forename is missing.');
    const birthDate = value('BirthDate');
    if (!isPapdisDate(birthDate)) {
      report(
        'INVALID_BIRTH_DATE',
        'BirthDate',
        birthDate === '' ? 'The birth date is missing.' : 'The birth date is not a calendar date.',
      );
    }
    for (const field of AMOUNT_FIELDS) {
      const amount = value(field);
      if (amount === '') continue;
      if (!NUMBER.test(amount)) report('INVALID_AMOUNT', field, `${field} is not a number.`);
      else if (Number(amount) < 0) report('INVALID_AMOUNT', field, `${field} is negative.`);
    }
  }
  return errors;
}

/** File-level: the document's employer has no authorised scope for this intermediary and destination. */
export function scopeNotAuthorised(document: MemberDocument, status: string | undefined): JobError {
  return {
    errorCode: 'SCOPE_NOT_AUTHORISED',
    message:
      status === undefined
        ? `Employer ${document.employerId} is not linked to this destination for this intermediary.`
        : `The scope for employer ${document.employerId} is ${status}, not Authorised.`,
    fieldName: document.employerIdField,
    fieldValue: document.employerId,
  };
}
