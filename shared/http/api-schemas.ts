import * as z from 'zod/mini';
import { AUTHORISATION_STATUSES, ROUTES } from '#domain/event-values';
import { SUBMISSION_STATUSES } from '#domain/submission-status';
import { schemeLinkFields } from './scheme-fields.ts';

/**
 * The response bodies of the `/v1` API, and the problem+json body every error has. They describe what
 * handlers build (the catalogue types each handler's result against them) and list the fields a client may
 * rely on. Handlers import them as types only; what they parse with at run time is in api-parameters.ts and
 * the use cases.
 */

const id = z.string().check(z.minLength(1));
/** An instant as `Date#toISOString` writes it. */
const instant = z.string().check(z.describe('An instant, ISO 8601 in UTC.'));
const calendarDate = z.string().check(z.describe('A calendar date, YYYY-MM-DD.'));
const period = z.object({ start: calendarDate, end: calendarDate });

export const problem = z
  .object({
    code: z
      .string()
      .check(z.describe('What is wrong, for code: `schema.invalid_type`, `provider-rejected`, ...')),
    message: z.string(),
    field: z
      .optional(z.string())
      .check(z.describe('The field it concerns, as a path: `employees[3].niNumber`.')),
    uniqueId: z.optional(z.string()).check(z.describe("For an employee, payroll's uniqueId.")),
    employeeIndex: z.optional(z.int()),
    providedValue: z.optional(z.string()),
    expectedValue: z.optional(z.string()),
    category: z.optional(z.string()),
    about: z.optional(z.string()),
    source: z.enum(['gateway', 'provider']),
  })
  .check(z.meta({ id: 'Problem', description: 'One problem with a request, or reported by a provider.' }));

/** The body of every error answer (`application/problem+json`, RFC 9457), as `problemResponse` writes it. */
export const problemDetails = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z
      .optional(z.string())
      .check(z.describe('The request id, which identifies the call in the logs.')),
    errors: z.array(problem),
  })
  .check(z.meta({ id: 'ProblemDetails', description: 'An error answer, RFC 9457 problem details.' }));

// Response bodies.

const authorisation = z.object({
  status: z.enum(AUTHORISATION_STATUSES),
  url: z.optional(z.string()).check(z.describe('Where the employer authorises the gateway, while pending.')),
  changedAt: z.optional(instant),
});

const syncFailure = z.object({ at: instant, runId: id, error: z.string() });

export const scheme = z
  .object({
    schemeId: id,
    ...schemeLinkFields,
    createdAt: instant,
    authorisation,
    details: z
      .optional(z.record(z.string(), z.unknown()))
      .check(z.describe("Scheme details in TPP's field names.")),
    detailsReadAt: z.optional(instant),
    optOutSyncFailure: z.optional(syncFailure),
    schemeSyncFailure: z.optional(syncFailure),
    links: z.object({ submissions: z.string() }),
  })
  .check(z.meta({ id: 'Scheme' }));

export const schemeHistoryPage = z
  .object({
    items: z.array(
      z.discriminatedUnion('action', [
        z.object({
          at: instant,
          action: z.literal('details-changed'),
          changedFields: z.array(z.string()),
          before: z.record(z.string(), z.unknown()),
          after: z.record(z.string(), z.unknown()),
        }),
        z.object({
          at: instant,
          action: z.literal('authorisation-changed'),
          from: z.enum(AUTHORISATION_STATUSES),
          to: z.enum(AUTHORISATION_STATUSES),
        }),
        z.object({
          at: instant,
          action: z.literal('papdis-file-generated'),
          payReferencePeriod: period,
          employeeCount: z.int(),
        }),
        z.object({ at: instant, action: z.literal('unlinked'), reason: z.optional(z.string()) }),
      ]),
    ),
    nextCursor: z.optional(z.string()),
  })
  .check(
    z.meta({
      id: 'SchemeHistoryPage',
      description:
        "What happened to a scheme, newest first: its details changing (TPP's field names, before and after), its authorisation moving, a PAPDIS file made for it, its unlinking.",
    }),
  );

export const linkedScheme = z
  .object({
    schemeId: id,
    authorisation,
    details: z.optional(z.record(z.string(), z.unknown())),
    detailsReadAt: z.optional(instant),
  })
  .check(z.meta({ id: 'LinkedScheme' }));

const adjustment = z
  .object({
    uniqueId: z.string(),
    employeeIndex: z.int(),
    field: z.string(),
    value: z.string(),
    reason: z.string(),
  })
  .check(
    z.meta({ id: 'Adjustment', description: 'A change the gateway made to the document before sending it.' }),
  );

/** Spread rather than `z.extend`ed: extending copies the checks, and with them `SubmissionSummary`'s id. */
const summaryShape = {
  submissionId: id,
  schemeId: id,
  status: z.enum(SUBMISSION_STATUSES),
  createdAt: instant,
  updatedAt: instant,
  payReferencePeriod: z.optional(period),
  employeeCount: z.optional(z.int()),
  idempotencyKey: z.optional(z.string()),
  uploadId: z.optional(z.string()),
  receivedAs: z.optional(z.enum(['json', 'papdis-csv'])),
  format: z.optional(z.enum(['pass', 'papdis'])),
  dryRun: z.optional(z.boolean()),
  providerReference: z.optional(z.string()),
  providerStatus: z.optional(z.string()),
  errorCount: z.optional(z.int()),
  failureReason: z.optional(z.string()),
  waitingFor: z.optional(period),
  retryCount: z.optional(z.int()),
  replaces: z.optional(z.string()),
  links: z.object({ self: z.string(), scheme: z.string() }),
};

export const submissionSummary = z.object(summaryShape).check(z.meta({ id: 'SubmissionSummary' }));

export const acceptedSubmission = z
  .object({ ...summaryShape, adjustments: z.array(adjustment) })
  .check(z.meta({ id: 'AcceptedSubmission' }));

export const dryRunResult = z
  .object({
    valid: z.literal(true),
    employeeCount: z.int(),
    total: z.number().check(z.describe('Contributions in pounds.')),
    adjustments: z.array(adjustment),
  })
  .check(z.meta({ id: 'DryRunResult' }));

const historyEntry = z.union([
  z.object({ at: instant, status: z.enum(SUBMISSION_STATUSES), detail: z.optional(z.string()) }),
  z.object({
    at: instant,
    kind: z.literal('attempt'),
    operation: z.string(),
    outcome: z.string(),
    detail: z.optional(z.string()),
    retryAt: z.optional(instant),
  }),
]);

export const submission = z
  .object({ ...summaryShape, history: z.array(historyEntry), errors: z.array(problem) })
  .check(z.meta({ id: 'Submission' }));

export const submissionPage = z
  .object({ items: z.array(submissionSummary), nextCursor: z.optional(z.string()) })
  .check(z.meta({ id: 'SubmissionPage' }));

const worker = {
  uniqueId: z.string(),
  niNumber: z.optional(z.string()),
  forename: z.optional(z.string()),
  surname: z.optional(z.string()),
};

export const optOutList = z
  .object({
    items: z.array(
      z.object({
        ...worker,
        optOutDate: calendarDate,
        channel: z.optional(z.string()),
        refundStatus: z.optional(z.string()),
        entitledToRefund: z.optional(z.string()),
        employeeRefund: z.number(),
        employerRefund: z.number(),
        status: z.enum(['open', 'confirmed']),
        firstSeenAt: instant,
        lastChangedAt: instant,
        confirmedAt: z.optional(instant),
      }),
    ),
    cessations: z.array(
      z.object({
        ...worker,
        cessationDate: calendarDate,
        receivedDate: z.optional(calendarDate),
        status: z.literal('open'),
        firstSeenAt: instant,
      }),
    ),
  })
  .check(z.meta({ id: 'OptOutList' }));

export const optOutSync = z
  .object({
    schemeId: id,
    listed: z.int().check(z.describe('Opt-outs the provider lists now.')),
    received: z.int().check(z.describe('Opt-outs new to the gateway.')),
    updated: z.int(),
    confirmed: z.int().check(z.describe('Opt-outs that dropped off the list once payroll confirmed them.')),
    cessationsReceived: z.int(),
  })
  .check(z.meta({ id: 'OptOutSync', description: 'What the pull found and changed.' }));

const syncCounts = z.record(z.string(), z.number());

export const syncRun = z
  .object({
    runId: id,
    kind: z.enum(['opt-outs', 'scheme-details']),
    status: z.enum(['running', 'completed', 'abandoned']),
    startedAt: instant,
    updatedAt: z.optional(instant),
    endedAt: z.optional(instant),
    closedBy: z.optional(z.string()),
    pages: z.int(),
    groups: z.record(z.enum(ROUTES), syncCounts),
    failures: z.array(z.object({ schemeId: id, route: z.enum(ROUTES), error: z.string() })),
    failuresNotListed: z.int(),
  })
  .check(z.meta({ id: 'SyncRun' }));

export const intermediary = z
  .object({ intermediaryId: id, reference: z.string(), name: z.string(), createdAt: instant })
  .check(z.meta({ id: 'Intermediary' }));

export const dashboardLink = z
  .object({ url: z.string(), expiresAt: z.optional(instant) })
  .check(z.meta({ id: 'DashboardLink' }));

export const destinationList = z
  .object({
    destinations: z.array(
      z.object({ destinationId: id, name: z.optional(z.string()), activeMethods: z.array(z.string()) }),
    ),
  })
  .check(z.meta({ id: 'DestinationList' }));

export const startedConnection = z
  .object({
    connectionId: id,
    status: z.literal('pending'),
    authorizeUrl: z.string().check(z.describe('Where the customer consents at TPP.')),
  })
  .check(z.meta({ id: 'StartedConnection' }));

export const tppAccountList = z
  .object({
    items: z.array(
      z.object({
        accountId: z.string(),
        accountName: z.optional(z.string()),
        apiSupported: z.boolean(),
        reason: z.optional(z.string()),
      }),
    ),
  })
  .check(z.meta({ id: 'TppAccountList' }));

export const issuedUpload = z
  .object({
    uploadId: id,
    url: z.string(),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()).check(z.describe('Headers the PUT must carry.')),
    expiresAt: instant,
    maxBytes: z.int(),
  })
  .check(z.meta({ id: 'IssuedUpload' }));
