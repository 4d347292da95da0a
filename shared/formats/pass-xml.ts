import type { CanonicalEmployee, CanonicalSubmission } from '#domain/canonical-submission';
import { ENROL_AND_CONTRIBUTE } from './papdis-codes.ts';
import {
  type EmployeeField,
  employeeFields,
  type Fields,
  type PeriodField,
  periodFields,
} from './papdis-fields.ts';
import { joined } from './pieces.ts';

/**
 * PensionSync's PASS 1.1 member-maintenance-and-contributions document: the PAPDIS 1.1 hierarchy plus
 * IntermediaryId and DocumentId (domain-notes §4), built as a plain tree and written with string building.
 */

export interface PassHeader {
  intermediaryId: string;
  /** Unique within the intermediary; PensionSync's idempotency key. */
  documentId: string;
  destinationId: string;
  employerId: string;
  providerId?: string;
  /** One group for every employee instead of each employee's workerGroupId. */
  group?: string;
  messageFunctionCode?: number;
}

/**
 * [I] Every element name. The PASS XSD is not public, so these follow the PAPDIS 1.1 hierarchy and field
 * names (§3.1); correct them here. Leaves pair a PAPDIS field (papdis-fields.ts) with its element.
 */
export const PASS_ELEMENTS = {
  document: 'Document',
  version: 'Version',
  messageFunctionCode: 'MessageFunctionCode',
  intermediaryId: 'IntermediaryId',
  documentId: 'DocumentId',
  destinationId: 'DestinationId',
  pensionProvider: 'PensionProvider',
  pensionProviderId: 'PensionProviderID',
  employer: 'Employer',
  employerId: 'EmployerID',
  group: 'Group',
  payrollPeriod: 'PayrollPeriod',
  period: [
    ['PayPeriodStartDate', 'PayPeriodStartDate'],
    ['PayPeriodEndDate', 'PayPeriodEndDate'],
    ['ContributionDeductionDate', 'ContributionDeductionDate'],
    ['FrequencyCode', 'FrequencyCode'],
    ['TaxPeriod', 'TaxPeriod'],
    ['PayReferenceStartDate', 'PayReferenceStartDate'],
    ['PayReferenceEndDate', 'PayReferenceEndDate'],
  ],
  employee: 'Employee',
  employeeGroups: [
    [
      'Name',
      [
        ['Title', 'Title'],
        ['Forename1', 'Forename1'],
        ['Forename2', 'Forename2'],
        ['Surname', 'Surname'],
      ],
    ],
    [
      'Identity',
      [
        ['EmployeeId', 'EmployeeID'],
        ['BirthDate', 'BirthDate'],
        ['Gender', 'Gender'],
        ['NationalInsuranceNumber', 'NationalInsuranceNumber'],
        ['EmploymentStartDate', 'EmploymentStartDate'],
      ],
    ],
    [
      'Contact',
      [
        ['Address1', 'Address1'],
        ['Address2', 'Address2'],
        ['Address3', 'Address3'],
        ['Address4', 'Address4'],
        ['Postcode', 'Postcode'],
        ['Country', 'Country'],
        ['EmailAddress', 'EmailAddress'],
        ['Telephone', 'Telephone'],
        ['Mobile', 'Mobile'],
      ],
    ],
    ['Pay', [['PensionableEarningsAmount', 'PensionableEarningsAmount']]],
    [
      'Assessment',
      [
        ['AssessmentCode', 'AssessmentCode'],
        ['EventCode', 'EventCode'],
        ['EventDate', 'EventDate'],
      ],
    ],
    [
      'Contribution',
      [
        ['EmployerContributionsAmount', 'EmployerContributionsAmount'],
        ['EmployerContributionsPercent', 'EmployerContributionsPercent'],
        ['EmployeeContributionsAmount', 'EmployeeContributionsAmount'],
        ['EmployeeContributionsPercent', 'EmployeeContributionsPercent'],
        ['AdditionalVoluntaryContributionsAmount', 'AdditionalVoluntaryContributionsAmount'],
        ['SalarySacrificeIndicator', 'SalarySacrificeIndicator'],
      ],
    ],
    [
      'Exit',
      [
        ['ExitDate', 'ExitDate'],
        ['ExitReasonCode', 'ExitReasonCode'],
        ['AEOptOutDate', 'AEOptOutDate'],
      ],
    ],
  ],
} as const satisfies {
  period: readonly (readonly [PeriodField, string])[];
  employeeGroups: readonly (readonly [string, readonly (readonly [EmployeeField, string])[]])[];
  [element: string]: unknown;
};

/** [I] PASS 1.1 extends PAPDIS 1.1, so the document carries PAPDIS's version. */
const VERSION = 'PAP11';

/** An element's children in document order: text, one element, or the same element repeated. */
export interface XmlTree {
  [element: string]: string | XmlTree | XmlTree[];
}

/** Repeated elements made one at a time as the document is written, so the whole tree is never held. */
class LazyElements<T> {
  constructor(
    readonly items: readonly T[],
    /** The element as a tree (passTree). */
    readonly element: (item: T) => XmlTree,
    /** The same element's content written straight to text, without the tree (the document). */
    readonly write: (item: T) => string,
  ) {}
}

interface Skeleton {
  [element: string]: string | Skeleton | Skeleton[] | LazyElements<unknown>;
}

/**
 * The document as a tree, element names as keys. Blank values are left out. One Employer element per
 * worker group, as PAPDIS puts Group on the employer: employees keep their order within a group.
 */
export function passTree(submission: CanonicalSubmission, header: PassHeader): XmlTree {
  return materialise(passSkeleton(submission, header));
}

/** The tree with each group's employees still canonical, made into elements only as they are written. */
function passSkeleton(submission: CanonicalSubmission, header: PassHeader): Skeleton {
  const E = PASS_ELEMENTS;
  const byGroup = new Map<string, CanonicalEmployee[]>();
  for (const employee of submission.employees) {
    const group = header.group ?? employee.workerGroupId;
    const members = byGroup.get(group);
    if (members) members.push(employee);
    else byGroup.set(group, [employee]);
  }
  const employeeElement = (employee: CanonicalEmployee): XmlTree => {
    const fields = employeeFields(employee, submission.payReferencePeriod);
    const element: XmlTree = {};
    for (const [name, leaves] of E.employeeGroups) {
      const children = leafElements(fields, leaves);
      if (children) element[name] = children;
    }
    return element;
  };
  const employeeXml = (employee: CanonicalEmployee): string => {
    const fields = employeeFields(employee, submission.payReferencePeriod);
    const parts: string[] = [];
    for (const group of EMPLOYEE_TAGS) {
      const start = parts.length;
      parts.push(group.open);
      for (const [field, open, close] of group.leaves) {
        const value = fields[field];
        if (value !== undefined && value !== '') parts.push(open, escapeXml(value), close);
      }
      // A group with no leaves is left out.
      if (parts.length === start + 1) parts.length = start;
      else parts.push(group.close);
    }
    return parts.join('');
  };

  const payrollPeriod = leafElements(periodFields(submission), E.period) ?? {};
  const employers = [...byGroup].map(
    ([group, employees]): Skeleton => ({
      [E.employerId]: header.employerId,
      [E.group]: group,
      [E.payrollPeriod]: {
        ...payrollPeriod,
        [E.employee]: new LazyElements(employees, employeeElement, employeeXml) as LazyElements<unknown>,
      },
    }),
  );
  const provider: Skeleton = {};
  if (header.providerId) provider[E.pensionProviderId] = header.providerId;
  provider[E.employer] = employers;
  return {
    [E.document]: {
      [E.version]: VERSION,
      [E.messageFunctionCode]: String(header.messageFunctionCode ?? ENROL_AND_CONTRIBUTE),
      [E.intermediaryId]: header.intermediaryId,
      [E.destinationId]: header.destinationId,
      [E.pensionProvider]: provider,
      // [I] After the data: PensionSync's guide puts documentId "near the end of the file".
      [E.documentId]: header.documentId,
    },
  };
}

function materialise(skeleton: Skeleton): XmlTree {
  const tree: XmlTree = {};
  for (const name in skeleton) {
    const node = skeleton[name] as Skeleton[keyof Skeleton];
    if (node instanceof LazyElements) tree[name] = node.items.map(node.element);
    else if (Array.isArray(node)) tree[name] = node.map(materialise);
    else if (typeof node === 'string') tree[name] = node;
    else tree[name] = materialise(node);
  }
  return tree;
}

function leafElements<F extends string>(
  fields: Fields<F>,
  leaves: readonly (readonly [F, string])[],
): XmlTree | undefined {
  let children: XmlTree | undefined;
  for (const [field, name] of leaves) {
    const value = fields[field];
    if (value === undefined || value === '') continue;
    children ??= {};
    children[name] = value;
  }
  return children;
}

/** The document as UTF-8 XML 1.0, without indentation, in pieces: one per employee as it is written. */
export function* passXmlPieces(submission: CanonicalSubmission, header: PassHeader): Generator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>';
  yield* xmlPieces(passSkeleton(submission, header));
}

export function renderPassXml(submission: CanonicalSubmission, header: PassHeader): string {
  return joined(passXmlPieces(submission, header));
}

function* xmlPieces(tree: Skeleton): Generator<string> {
  for (const name in tree) {
    const node = tree[name] as Skeleton[keyof Skeleton];
    const [open, close] = tagsOf(name);
    if (typeof node === 'string') yield open + escapeXml(node) + close;
    else if (node instanceof LazyElements) {
      for (const item of node.items) yield open + node.write(item) + close;
    } else if (Array.isArray(node)) {
      for (const child of node) {
        yield open;
        yield* xmlPieces(child);
        yield close;
      }
    } else {
      yield open;
      yield* xmlPieces(node);
      yield close;
    }
  }
}

const TAGS = new Map<string, readonly [open: string, close: string]>();

/** An employee's groups with their leaves' tags, made once. */
const EMPLOYEE_TAGS = PASS_ELEMENTS.employeeGroups.map(([name, leaves]) => {
  const [open, close] = tagsOf(name);
  return {
    open,
    close,
    leaves: leaves.map(([field, element]) => [field, ...tagsOf(element)] as const),
  };
});

function tagsOf(name: string): readonly [open: string, close: string] {
  let tags = TAGS.get(name);
  if (!tags) {
    tags = [`<${name}>`, `</${name}>`];
    TAGS.set(name, tags);
  }
  return tags;
}

// Characters XML 1.0 cannot carry at all (controls, lone surrogates, U+FFFE/F) are dropped.
const ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const SPECIAL = /[&<>"'\r]/g;
// CR as a reference: a parser turns a literal CR into LF.
const ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
};
// Printable ASCII but & < > " ', the common case, needs nothing done.
const ONLY_PLAIN = /^[ !#-%(-;=?-~]*$/;

function escapeXml(value: string): string {
  if (ONLY_PLAIN.test(value)) return value;
  return value.replace(ILLEGAL, '').replace(SPECIAL, (c) => ENTITY[c] ?? c);
}
