import * as z from 'zod';
import { AUTHORISATION_STATUSES, ROUTES } from '#domain/event-values';
import { SUBMISSION_STATUSES } from '#domain/submission-status';
import { schemeLinkFields } from './scheme-fields.ts';

/**
 * The response bodies of the `/v1` API, and the problem+json body every error has. They describe what
 * handlers build (the catalogue types each handler's result against them) and list the fields a client may
 * rely on. Handlers import them as types only; what they parse with at run time is in api-parameters.ts and
 * the use cases.
 */

const id = z.string().min(1);
/** An instant as `Date#toISOString` writes it. */
const instant = z.string().describe('An instant, ISO 8601 in UTC.');
const calendarDate = z.string().describe('A calendar date, YYYY-MM-DD.');
const period = z.object({ start: calendarDate, end: calendarDate });

export const problem = z
  .object({
    code: z.string().describe('What is wrong, for code: `schema.invalid_type`, `provider-rejected`, ...'),
    message: z.string(),
    field: z.string().optional().describe('The field it concerns, as a path: `employees[3].niNumber`.'),
    uniqueId: z.string().optional().describe("For an employee, payroll's uniqueId."),
    employeeIndex: z.int().optional(),
    providedValue: z.string().optional(),
    expectedValue: z.string().optional(),
    category: z.string().optional(),
    about: z.string().optional(),
    source: z.enum(['gateway', 'provider']),
  })
  .meta({ id: 'Problem', description: 'One problem with a request, or reported by a provider.' });

/** The body of every error answer (`application/problem+json`, RFC 9457), as `problemResponse` writes it. */
export const problemDetails = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z.string().optional().describe('The request id, which identifies the call in the logs.'),
    errors: z.array(problem),
  })
  .meta({ id: 'ProblemDetails', description: 'An error answer, RFC 9457 problem details.' });

// Response bodies.

const authorisation = z.object({
  status: z.enum(AUTHORISATION_STATUSES),
  url: z.string().optional().describe('Where the employer authorises the gateway, while pending.'),
  changedAt: instant.optional(),
});

const syncFailure = z.object({ at: instant, runId: id, error: z.string() });

export const scheme = z
  .object({
    schemeId: id,
    ...schemeLinkFields,
    createdAt: instant,
    authorisation,
    details: z.record(z.string(), z.unknown()).optional().describe("Scheme details in TPP's field names."),
    detailsReadAt: instant.optional(),
    optOutSyncFailure: syncFailure.optional(),
    schemeSyncFailure: syncFailure.optional(),
    links: z.object({ submissions: z.string() }),
  })
  .meta({ id: 'Scheme' });

export const linkedScheme = z
  .object({
    schemeId: id,
    authorisation,
    details: z.record(z.string(), z.unknown()).optional(),
    detailsReadAt: instant.optional(),
  })
  .meta({ id: 'LinkedScheme' });

const adjustment = z
  .object({
    uniqueId: z.string(),
    employeeIndex: z.int(),
    field: z.string(),
    value: z.string(),
    reason: z.string(),
  })
  .meta({ id: 'Adjustment', description: 'A change the gateway made to the document before sending it.' });

export const submissionSummary = z
  .object({
    submissionId: id,
    schemeId: id,
    status: z.enum(SUBMISSION_STATUSES),
    createdAt: instant,
    updatedAt: instant,
    payReferencePeriod: period.optional(),
    employeeCount: z.int().optional(),
    idempotencyKey: z.string().optional(),
    uploadId: z.string().optional(),
    receivedAs: z.enum(['json', 'papdis-csv']).optional(),
    format: z.enum(['pass', 'papdis']).optional(),
    dryRun: z.boolean().optional(),
    providerReference: z.string().optional(),
    providerStatus: z.string().optional(),
    errorCount: z.int().optional(),
    failureReason: z.string().optional(),
    waitingFor: period.optional(),
    retryCount: z.int().optional(),
    replaces: z.string().optional(),
    links: z.object({ self: z.string(), scheme: z.string() }),
  })
  .meta({ id: 'SubmissionSummary' });

export const acceptedSubmission = submissionSummary
  .extend({ adjustments: z.array(adjustment) })
  .meta({ id: 'AcceptedSubmission' });

export const dryRunResult = z
  .object({
    valid: z.literal(true),
    employeeCount: z.int(),
    total: z.number().describe('Contributions in pounds.'),
    adjustments: z.array(adjustment),
  })
  .meta({ id: 'DryRunResult' });

const historyEntry = z.union([
  z.object({ at: instant, status: z.enum(SUBMISSION_STATUSES), detail: z.string().optional() }),
  z.object({
    at: instant,
    kind: z.literal('attempt'),
    operation: z.string(),
    outcome: z.string(),
    detail: z.string().optional(),
    retryAt: instant.optional(),
  }),
]);

export const submission = submissionSummary
  .extend({ history: z.array(historyEntry), errors: z.array(problem) })
  .meta({ id: 'Submission' });

export const submissionPage = z
  .object({ items: z.array(submissionSummary), nextCursor: z.string().optional() })
  .meta({ id: 'SubmissionPage' });

const worker = {
  uniqueId: z.string(),
  niNumber: z.string().optional(),
  forename: z.string().optional(),
  surname: z.string().optional(),
};

export const optOutList = z
  .object({
    items: z.array(
      z.object({
        ...worker,
        optOutDate: calendarDate,
        channel: z.string().optional(),
        refundStatus: z.string().optional(),
        entitledToRefund: z.string().optional(),
        employeeRefund: z.number(),
        employerRefund: z.number(),
        status: z.enum(['open', 'confirmed']),
        firstSeenAt: instant,
        lastChangedAt: instant,
        confirmedAt: instant.optional(),
      }),
    ),
    cessations: z.array(
      z.object({
        ...worker,
        cessationDate: calendarDate,
        receivedDate: calendarDate.optional(),
        status: z.literal('open'),
        firstSeenAt: instant,
      }),
    ),
  })
  .meta({ id: 'OptOutList' });

export const optOutSync = z
  .object({
    schemeId: id,
    listed: z.int().describe('Opt-outs the provider lists now.'),
    received: z.int().describe('Opt-outs new to the gateway.'),
    updated: z.int(),
    confirmed: z.int().describe('Opt-outs that dropped off the list once payroll confirmed them.'),
    cessationsReceived: z.int(),
  })
  .meta({ id: 'OptOutSync', description: 'What the pull found and changed.' });

const syncCounts = z.record(z.string(), z.number());

export const syncRun = z
  .object({
    runId: id,
    kind: z.enum(['opt-outs', 'scheme-details']),
    status: z.enum(['running', 'completed', 'abandoned']),
    startedAt: instant,
    updatedAt: instant.optional(),
    endedAt: instant.optional(),
    closedBy: z.string().optional(),
    pages: z.int(),
    groups: z.record(z.enum(ROUTES), syncCounts),
    failures: z.array(z.object({ schemeId: id, route: z.enum(ROUTES), error: z.string() })),
    failuresNotListed: z.int(),
  })
  .meta({ id: 'SyncRun' });

export const intermediary = z
  .object({ intermediaryId: id, reference: z.string(), name: z.string(), createdAt: instant })
  .meta({ id: 'Intermediary' });

export const dashboardLink = z
  .object({ url: z.string(), expiresAt: instant.optional() })
  .meta({ id: 'DashboardLink' });

export const destinationList = z
  .object({
    destinations: z.array(
      z.object({ destinationId: id, name: z.string().optional(), activeMethods: z.array(z.string()) }),
    ),
  })
  .meta({ id: 'DestinationList' });

export const startedConnection = z
  .object({
    connectionId: id,
    status: z.literal('pending'),
    authorizeUrl: z.string().describe('Where the customer consents at TPP.'),
  })
  .meta({ id: 'StartedConnection' });

export const tppAccountList = z
  .object({
    items: z.array(
      z.object({
        accountId: z.string(),
        accountName: z.string().optional(),
        apiSupported: z.boolean(),
        reason: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'TppAccountList' });

export const issuedUpload = z
  .object({
    uploadId: id,
    url: z.string(),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()).describe('Headers the PUT must carry.'),
    expiresAt: instant,
    maxBytes: z.int(),
  })
  .meta({ id: 'IssuedUpload' });
