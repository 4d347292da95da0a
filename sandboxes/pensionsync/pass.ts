import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isObject } from '../common/json.ts';
import type { MemberDocument, MemberRecord, ReadResult } from './documents.ts';

/**
 * Reads a PASS 1.1 document: Document > (IntermediaryId, DocumentId, DestinationId) and PensionProvider >
 * Employer* > (EmployerID, Group, PayrollPeriod > Employee*), each Employee's leaves in groups (Name,
 * Identity, Contact, Pay, Assessment, Contribution, Exit). Element names copied from the gateway's
 * PASS_ELEMENTS, not imported, so the sandbox can disagree with it.
 */

interface PassDocument extends MemberDocument {
  intermediaryId: string;
  documentId: string;
  destinationId?: string;
}

const EMPLOYER = 'Employer';
const EMPLOYEE = 'Employee';

const parser = new XMLParser({
  ignoreAttributes: true,
  trimValues: false,
  parseTagValue: false,
  // Numeric character references (&#13;), which the gateway writes for CR.
  htmlEntities: true,
  isArray: (name) => name === EMPLOYER || name === EMPLOYEE,
});

type Node = Readonly<Record<string, unknown>>;

function text(node: Node, name: string): string | undefined {
  const value = node[name];
  return typeof value === 'string' ? value : undefined;
}

function nodes(value: unknown): Node[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** An employee's leaves, wherever they sit beneath it: the groups only organise them. */
function leaves(node: Node, into: Record<string, string> = {}): Record<string, string> {
  for (const [name, value] of Object.entries(node)) {
    if (typeof value === 'string') into[name] = value;
    else if (isObject(value)) leaves(value, into);
  }
  return into;
}

export function readPass(xml: string): ReadResult<PassDocument> {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    return {
      ok: false,
      message: `The PASS document is not well-formed XML: ${msg} (line ${line}, column ${col}).`,
    };
  }
  let root: unknown;
  try {
    root = parser.parse(xml);
  } catch (error) {
    return { ok: false, message: `The PASS document cannot be read: ${(error as Error).message}` };
  }
  const document = isObject(root) ? root.Document : undefined;
  if (!isObject(document)) return { ok: false, message: 'The PASS document has no Document root element.' };

  const intermediaryId = text(document, 'IntermediaryId')?.trim();
  const documentId = text(document, 'DocumentId')?.trim();
  if (!intermediaryId) return { ok: false, message: 'IntermediaryId is missing.' };
  if (!documentId) return { ok: false, message: 'DocumentId is missing.' };
  const provider = document.PensionProvider;
  const employers = isObject(provider) ? nodes(provider[EMPLOYER]) : [];
  if (employers.length === 0) return { ok: false, message: 'The PASS document has no Employer element.' };

  const employerIds = new Set(employers.map((employer) => text(employer, 'EmployerID')?.trim() ?? ''));
  const [employerId = ''] = employerIds;
  if (employerIds.size > 1) {
    return { ok: false, message: `A PASS document holds one employer; this one names ${employerIds.size}.` };
  }
  if (employerId === '') return { ok: false, message: 'EmployerID is missing.' };

  const members: MemberRecord[] = employers
    .flatMap((employer) => {
      const period = employer.PayrollPeriod;
      return isObject(period) ? nodes(period[EMPLOYEE]) : [];
    })
    .map((employee, i) => ({ lineNumber: i + 1, fields: leaves(employee) }));
  if (members.length === 0) return { ok: false, message: 'The PASS document has no Employee element.' };

  const result: PassDocument = {
    kind: 'pass',
    intermediaryId,
    documentId,
    employerId,
    members,
    employeeIdField: 'EmployeeID',
    employerIdField: 'EmployerID',
  };
  const destinationId = text(document, 'DestinationId')?.trim();
  if (destinationId) result.destinationId = destinationId;
  return { ok: true, value: result };
}
