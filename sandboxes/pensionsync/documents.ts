/** What the PAPDIS and PASS readers hand over: whose document it is and its employees. */

/** One employee as either format carries it: leaf names to text. */
export interface MemberRecord {
  /** PAPDIS data row or PASS Employee element, counted from 1. */
  lineNumber: number;
  fields: Readonly<Record<string, string>>;
}

export type DocumentKind = 'papdis' | 'pass';

export interface MemberDocument {
  kind: DocumentKind;
  employerId: string;
  members: MemberRecord[];
  /** The format's own names for the ids (PAPDIS `EmployeeId`, PASS `EmployeeID`). */
  employeeIdField: string;
  employerIdField: string;
}

/** A reader's answer: the document, or why it is malformed (a 400). */
export type ReadResult<T> = { ok: true; value: T } | { ok: false; message: string };
