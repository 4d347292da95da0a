import { XMLParser, XMLValidator } from 'fast-xml-parser';
import * as z from 'zod/mini';
import { isIsoDate } from '#domain/dates';
import { isPounds, toPence } from '#domain/money';
import type { CessationRecord, OptOutRecord } from '#domain/opt-outs';
import type { Problem } from '#domain/problems';
import { ProviderDocumentError } from '#providers/errors';
import {
  type DocumentSchema,
  onFirstUse,
  readJsonDocument,
  readParsedDocument,
} from '#providers/read-document';

/**
 * PensionSync's response documents as docs/pensionsync-wire.md assumes them. Fields the page shows as
 * always present are required (a document without them throws, naming the field); status words the gateway
 * does not know read as still pending rather than failing.
 */

/**
 * [O] Every element name of the scheme (SASS) document. The SASS XSD is not public: these are our guess
 * (docs/pensionsync-wire.md); correct them here.
 */
const SASS_ELEMENTS = {
  scheme: 'Scheme',
  employerId: 'EmployerId',
  destinationId: 'DestinationId',
  employerName: 'EmployerName',
  schemeName: 'SchemeName',
  stagingDate: 'StagingDate',
  taxReliefType: 'TaxReliefType',
  payFrequency: 'PayFrequency',
  nextPayReferencePeriod: 'NextPayReferencePeriod',
  periodStart: 'StartDate',
  periodEnd: 'EndDate',
  groups: 'Groups',
  group: 'Group',
  groupId: 'GroupId',
  groupName: 'Name',
  groupEffectiveDate: 'EffectiveDate',
  groupEndDate: 'EndDate',
  earningsBasis: 'EarningsBasis',
  employerRate: 'EmployerRate',
  employeeRate: 'EmployeeRate',
  paymentSources: 'PaymentSources',
  paymentSource: 'PaymentSource',
  paymentSourceName: 'Name',
} as const;

/** [O] SASS tax relief codes as TPP's `taxBasis` words; an unknown code is kept as given. */
const TAX_BASES: ReadonlyMap<string, string> = new Map([
  ['RAS', 'Relief at source'],
  ['NPA', 'Net'],
  ['SS', 'Salary sacrifice'],
]);

/** [O] SASS pay frequency codes (PAPDIS style) as TPP's `payrollFrequency` words; unknown codes kept. */
const PAY_FREQUENCIES: ReadonlyMap<string, string> = new Map([
  ['M1', 'Monthly'],
  ['W1', 'Weekly'],
  ['W2', 'Fortnightly'],
  ['W4', 'Four-weekly'],
  ['M3', 'Quarterly'],
]);

export const PENSIONSYNC_METHODS = [
  'Scope',
  'ScopeAuthorization',
  'Submission',
  'MemberMaintenanceAndContributions',
  'Job',
  'JobError',
  'WorkerInstruction',
  'Scheme',
] as const;

export type PensionSyncMethod = (typeof PENSIONSYNC_METHODS)[number];

// ---- shared pieces ----------------------------------------------------------------------------------

/** Ids are strings on the wire [O]; a number is taken as its decimal text rather than refused. */
// zod/mini, classic zod's checks one for one: a step that reads PensionSync's answers parses nothing else
// with zod (a fifth of classic zod's bytes).
const id = /* @__PURE__ */ onFirstUse(() =>
  z.pipe(
    z.union([z.string().check(z.trim(), z.minLength(1)), z.number().check(z.int())], {
      error: (issue) => (issue.input === undefined ? 'missing' : 'expected a non-empty id'),
    }),
    z.transform(String),
  ),
);
const optionalText = /* @__PURE__ */ onFirstUse(() => z.nullish(z.string()));
const isoDate = /* @__PURE__ */ onFirstUse(() =>
  z.string().check(z.refine(isIsoDate, 'expected a date as YYYY-MM-DD')),
);
const count = /* @__PURE__ */ onFirstUse(() =>
  z.union([
    z.number().check(z.int(), z.gte(0)),
    z.pipe(z.string().check(z.regex(/^\d+$/)), z.transform(Number)),
  ]),
);
/** Links a person will open in a browser: only http(s), never `javascript:` and the like. */
const browserUrl = /* @__PURE__ */ onFirstUse(() =>
  z.string().check(
    z.refine((value) => {
      try {
        return ['https:', 'http:'].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, 'expected an http(s) URL'),
  ),
);

/** Parses a JSON body against a schema; any failure is one ProviderDocumentError naming the document. */
function readJson<S extends z.core.$ZodType>(
  schema: DocumentSchema<S>,
  body: string,
  what: string,
): z.output<S> {
  return readJsonDocument(schema, body, `PensionSync ${what}`);
}

/** The known word matching `value` case-insensitively, or undefined. */
function known<T extends string>(words: readonly T[], value: string): T | undefined {
  const wanted = value.trim().toLowerCase();
  return words.find((word) => word.toLowerCase() === wanted);
}

// ---- destinations, intermediaries, scopes -------------------------------------------------------------

export interface Destination {
  destinationId: string;
  name?: string;
  activeMethods: string[];
}

const destinations = /* @__PURE__ */ onFirstUse(() =>
  z.looseObject({
    destinations: z.array(
      z.looseObject({ destinationId: id(), name: optionalText(), activeMethods: z.array(z.string()) }),
    ),
  }),
);

/** `GET /api/destination`: the providers PensionSync reaches and the methods each has switched on. */
export function readDestinations(body: string): Destination[] {
  return readJson(destinations, body, 'destination list').destinations.map((d) => ({
    destinationId: d.destinationId,
    ...(d.name ? { name: d.name } : {}),
    activeMethods: d.activeMethods,
  }));
}

const intermediary = /* @__PURE__ */ onFirstUse(() => z.looseObject({ intermediaryId: id() }));

export function readIntermediary(body: string): { intermediaryId: string } {
  return { intermediaryId: readJson(intermediary, body, 'intermediary').intermediaryId };
}

const dashboardLink = /* @__PURE__ */ onFirstUse(() =>
  z.looseObject({ url: browserUrl(), expiresAt: optionalText() }),
);

/** The one-time, time-limited link to PensionSync's dashboard. */
export function readDashboardLink(body: string): { url: string; expiresAt?: string } {
  const link = readJson(dashboardLink, body, 'dashboard link');
  return { url: link.url, ...(link.expiresAt ? { expiresAt: link.expiresAt } : {}) };
}

export type ScopeStatus = 'Pending' | 'Authorised' | 'Refused' | 'Revoked';

const SCOPE_STATUSES: readonly ScopeStatus[] = ['Pending', 'Authorised', 'Refused', 'Revoked'];

/** Unknown words are Pending: never authorised by accident. `Authorized` is the same word spelt the US way. */
function scopeStatus(value: string): ScopeStatus {
  if (value.trim().toLowerCase() === 'authorized') return 'Authorised';
  return known(SCOPE_STATUSES, value) ?? 'Pending';
}

const scope = /* @__PURE__ */ onFirstUse(() =>
  z.looseObject({ status: z.string(), authorisationUrl: z.nullish(browserUrl()) }),
);

/** The answer to posting a scope: its status and, while pending, where the employer authorises it. */
export function readScope(body: string): { status: ScopeStatus; authorisationUrl?: string } {
  const s = readJson(scope, body, 'scope');
  return {
    status: scopeStatus(s.status),
    ...(s.authorisationUrl ? { authorisationUrl: s.authorisationUrl } : {}),
  };
}

const scopeAuthorization = /* @__PURE__ */ onFirstUse(() => z.looseObject({ status: z.string() }));

export function readScopeAuthorization(body: string): { status: ScopeStatus } {
  return { status: scopeStatus(readJson(scopeAuthorization, body, 'scope authorisation').status) };
}

// ---- submissions and jobs -----------------------------------------------------------------------------

const receipt = /* @__PURE__ */ onFirstUse(() => z.looseObject({ jobId: id(), documentId: z.nullish(id()) }));

/** The answer to either submission (PAPDIS or PASS), 202 the first time and 200 when repeated. */
export function readSubmissionReceipt(body: string): { jobId: string; documentId?: string } {
  const r = readJson(receipt, body, 'submission receipt');
  return { jobId: r.jobId, ...(r.documentId ? { documentId: r.documentId } : {}) };
}

export type JobProgress = 'pending' | 'accepted' | 'validated' | 'processed' | 'failed';

const job = /* @__PURE__ */ onFirstUse(() =>
  z.looseObject({
    jobId: id(),
    status: z.string(),
    doNotDeliver: z.nullish(
      z.union([
        z.boolean(),
        z.pipe(
          z.enum(['true', 'false']),
          z.transform((v) => v === 'true'),
        ),
      ]),
    ),
    errorCount: z.nullish(count()),
  }),
);

/**
 * `GET /api/job/{jobId}`. Delivered is done; Validated is done only for a job sent with doNotDeliver;
 * otherwise Validated and Delivering mean PensionSync took the data and is delivering it (the gateway's
 * `accepted`); Failed is failed; Received, Validating and any word not known here are still pending.
 */
export function readJob(body: string): {
  jobId: string;
  status: string;
  progress: JobProgress;
  errorCount: number;
} {
  const j = readJson(job, body, 'job');
  const status = j.status.trim().toLowerCase();
  const progress: JobProgress =
    status === 'delivered'
      ? 'processed'
      : status === 'failed'
        ? 'failed'
        : status === 'validated' && j.doNotDeliver === true
          ? 'validated'
          : status === 'validated' || status === 'delivering'
            ? 'accepted'
            : 'pending';
  return { jobId: j.jobId, status: j.status, progress, errorCount: j.errorCount ?? 0 };
}

const jobErrors = /* @__PURE__ */ onFirstUse(() =>
  z.looseObject({
    errors: z.array(
      z.looseObject({
        errorCode: z.string().check(z.minLength(1)),
        message: z.string(),
        lineNumber: z.nullish(z.union([z.number(), z.string()])),
        employeeId: z.nullish(z.union([z.string(), z.number()])),
        fieldName: optionalText(),
        fieldValue: z.nullish(z.union([z.string(), z.number(), z.boolean()])),
      }),
    ),
  }),
);

/**
 * `GET /api/job/error/{jobId}` as the gateway's problems. lineNumber counts employees from 1 (CSV data rows
 * or PASS Employee elements), so the employee's index is one less; anything but a whole number from 1 up is
 * left out.
 */
export function readJobErrors(body: string): Problem[] {
  return readJson(jobErrors, body, 'job errors').errors.map((e) => {
    const problem: Problem = { code: e.errorCode, message: e.message, source: 'provider' };
    if (e.fieldName) problem.field = e.fieldName;
    if (e.employeeId != null && String(e.employeeId) !== '') problem.uniqueId = String(e.employeeId);
    const line = String(e.lineNumber ?? '').trim();
    if (/^\d+$/.test(line) && Number(line) >= 1) problem.employeeIndex = Number(line) - 1;
    if (e.fieldValue != null && e.fieldValue !== '') problem.providedValue = String(e.fieldValue);
    return problem;
  });
}

// ---- worker instructions ------------------------------------------------------------------------------

const pounds = /* @__PURE__ */ onFirstUse(() =>
  z.union([
    z.number().check(z.refine(Number.isFinite, 'expected an amount in pounds')),
    z.pipe(z.string().check(z.regex(/^-?\d+(\.\d+)?$/, 'expected an amount in pounds')), z.transform(Number)),
  ]),
);

/** Exact for amounts of whole pence (toPence scales the decimal text); anything finer is rounded. */
function pence(amount: number | null | undefined): number {
  if (amount == null) return 0;
  return isPounds(Math.abs(amount)) ? toPence(amount) : Math.round(amount * 100);
}

const workerInstructions = /* @__PURE__ */ onFirstUse(() =>
  z.looseObject({
    workerInstructions: z.array(
      z.looseObject({
        instructionId: optionalText(),
        instructionType: z.string(),
        employeeId: id(),
        nationalInsuranceNumber: optionalText(),
        forename: optionalText(),
        surname: optionalText(),
        effectiveDate: isoDate(),
        receivedDate: z.nullish(isoDate()),
        refundDue: z.nullish(z.boolean()),
        refundStatus: optionalText(),
        employeeRefundAmount: z.nullish(pounds()),
        employerRefundAmount: z.nullish(pounds()),
      }),
    ),
  }),
);

const INSTRUCTION_TYPES = ['OptOut', 'Cessation'] as const;

/**
 * `GET /api/worker_instruction/v2/...`: opt-outs and cessations. An empty body means none; instruction
 * types other than OptOut and Cessation are passed over, since the gateway has nowhere to keep them.
 */
export function readWorkerInstructions(body: string): {
  optOuts: OptOutRecord[];
  cessations: CessationRecord[];
} {
  const result: { optOuts: OptOutRecord[]; cessations: CessationRecord[] } = { optOuts: [], cessations: [] };
  if (body.trim() === '') return result;
  for (const i of readJson(workerInstructions, body, 'worker instructions').workerInstructions) {
    const person = {
      uniqueId: i.employeeId,
      ...(i.nationalInsuranceNumber ? { niNumber: i.nationalInsuranceNumber } : {}),
      ...(i.forename ? { forename: i.forename } : {}),
      ...(i.surname ? { surname: i.surname } : {}),
    };
    const type = known(INSTRUCTION_TYPES, i.instructionType);
    if (type === 'OptOut') {
      result.optOuts.push({
        ...person,
        optOutDate: i.effectiveDate,
        channel: 'PensionSync',
        ...(i.refundStatus ? { refundStatus: i.refundStatus } : {}),
        ...(i.refundDue == null ? {} : { entitledToRefund: i.refundDue ? 'Y' : 'N' }),
        employeeRefundPence: pence(i.employeeRefundAmount),
        employerRefundPence: pence(i.employerRefundAmount),
      });
    } else if (type === 'Cessation') {
      result.cessations.push({
        ...person,
        cessationDate: i.effectiveDate,
        ...(i.receivedDate ? { receivedDate: i.receivedDate } : {}),
      });
    }
  }
  return result;
}

// ---- scheme data (SASS) -------------------------------------------------------------------------------

const E = SASS_ELEMENTS;

// Group and PaymentSource are lists even when there is one; the paths are exact so no other element is.
const LIST_PATHS = new Set([
  `${E.scheme}.${E.groups}.${E.group}`,
  `${E.scheme}.${E.paymentSources}.${E.paymentSource}`,
]);

const sassParser = /* @__PURE__ */ onFirstUse(
  () =>
    new XMLParser({
      // Values stay text: a group id 001 is not the number 1; rates are converted below, on purpose.
      parseTagValue: false,
      ignoreAttributes: true,
      ignoreDeclaration: true,
      ignorePiTags: true,
      removeNSPrefix: true,
      // The predefined XML entities (&amp; &lt; ...) and, below, character references (&#38;) and HTML's named
      // ones (&pound;). DOCTYPEs are refused before parsing, so no declared entity is ever expanded.
      processEntities: true,
      htmlEntities: true,
      isArray: (_name, jPath) => LIST_PATHS.has(String(jPath)),
    }),
);

/** Element text: a present, non-empty string (an element with children or repeated is not text). */
const text = /* @__PURE__ */ onFirstUse(() => z.string().check(z.trim(), z.minLength(1)));
/** An optional element: absent or empty both read as not given. */
const optionalElement = <S extends z.core.$ZodType>(schema: S) =>
  z.pipe(
    z.transform((value: unknown) => (value === '' ? undefined : value)),
    z.optional(schema),
  );
/** An empty list container (`<Groups/>`) reads as one with no items. */
const emptyAsObject = (value: unknown) => (value === '' ? {} : value);
const sassDate = /* @__PURE__ */ onFirstUse(() =>
  z.string().check(z.trim(), z.refine(isIsoDate, 'expected a date as YYYY-MM-DD')),
);
const percent = /* @__PURE__ */ onFirstUse(() =>
  z.pipe(z.string().check(z.trim(), z.regex(/^\d+(\.\d+)?$/, 'expected a percentage')), z.transform(Number)),
);

const sassGroup = /* @__PURE__ */ onFirstUse(() =>
  z.looseObject({
    [E.groupId]: text(),
    [E.groupName]: text(),
    [E.groupEffectiveDate]: sassDate(),
    [E.groupEndDate]: optionalElement(sassDate()),
    [E.earningsBasis]: text(),
    [E.employerRate]: percent(),
    [E.employeeRate]: percent(),
  }),
);

const sassPaymentSource = /* @__PURE__ */ onFirstUse(() => z.looseObject({ [E.paymentSourceName]: text() }));

const sass = /* @__PURE__ */ onFirstUse(() =>
  z.looseObject({
    [E.scheme]: z.looseObject({
      [E.employerId]: text(),
      [E.destinationId]: text(),
      [E.employerName]: text(),
      [E.schemeName]: text(),
      [E.stagingDate]: sassDate(),
      [E.taxReliefType]: text(),
      [E.payFrequency]: text(),
      [E.nextPayReferencePeriod]: optionalElement(
        z.looseObject({ [E.periodStart]: sassDate(), [E.periodEnd]: sassDate() }),
      ),
      [E.groups]: z.pipe(
        z.transform(emptyAsObject),
        z.looseObject({ [E.group]: z._default(z.array(sassGroup()), []) }),
      ),
      [E.paymentSources]: z.pipe(
        z.transform(emptyAsObject),
        z.optional(z.looseObject({ [E.paymentSource]: z._default(z.array(sassPaymentSource()), []) })),
      ),
    }),
  }),
);

/**
 * `GET /api/scheme/...`: the SASS XML as scheme details in TPP's account field names (what TPP's readAccount
 * gives), so the rest of the gateway reads one shape whichever provider the scheme is with.
 */
export function readSchemeData(body: string): Record<string, unknown> {
  // No DOCTYPE: PensionSync has no need of one, and refusing it rules out entity expansion of every kind.
  if (/<!DOCTYPE/i.test(body))
    throw new Error('Unexpected PensionSync scheme data (SASS): it has a DOCTYPE, which is refused');
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    throw new ProviderDocumentError(
      `Unexpected PensionSync scheme data (SASS): not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`,
      ['(document)'],
    );
  }
  let tree: unknown;
  try {
    tree = sassParser().parse(body);
  } catch (error) {
    throw new ProviderDocumentError(
      `Unexpected PensionSync scheme data (SASS): ${(error as Error).message}`,
      ['(document)'],
      { cause: error },
    );
  }
  const s = readParsedDocument(sass, tree, 'PensionSync scheme data (SASS)')[E.scheme];
  const period = s[E.nextPayReferencePeriod];
  const taxRelief = s[E.taxReliefType];
  const payFrequency = s[E.payFrequency];
  const sources = s[E.paymentSources];
  return {
    employerId: s[E.employerId],
    destinationId: s[E.destinationId],
    companyName: s[E.employerName],
    accountName: s[E.schemeName],
    stagingDate: s[E.stagingDate],
    taxBasis: TAX_BASES.get(taxRelief) ?? taxRelief,
    payrollFrequency: PAY_FREQUENCIES.get(payFrequency) ?? payFrequency,
    ...(period ? { nextPayReferencePeriod: { start: period[E.periodStart], end: period[E.periodEnd] } } : {}),
    workerGroups: s[E.groups][E.group].map((g) => {
      const end = g[E.groupEndDate];
      return {
        id: g[E.groupId],
        description: g[E.groupName],
        effective: { start: g[E.groupEffectiveDate], ...(end ? { end } : {}) },
        earningsBasis: g[E.earningsBasis],
        employerContributionPercent: g[E.employerRate],
        employeeContributionPercent: g[E.employeeRate],
      };
    }),
    ...(sources ? { paymentSources: sources[E.paymentSource].map((p) => p[E.paymentSourceName]) } : {}),
  };
}
