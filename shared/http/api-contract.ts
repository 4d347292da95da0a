import * as z from 'zod/mini';
import { canonicalEmployee, canonicalSubmission } from '#domain/canonical-submission';
import {
  listIntermediariesQuery,
  listIntermediariesResponse,
  listTppConnectionsQuery,
  listTppConnectionsResponse,
} from '#use-cases/account-lists';
import { intermediaryRequest } from '#use-cases/intermediaries';
import { linkSchemeRequest } from '#use-cases/link-scheme';
import { papdisFileRequest, papdisFileResponse } from '#use-cases/papdis-file';
import {
  listSchemesQuery,
  listSchemesResponse,
  unlinkSchemeQuery,
  unlinkSchemeResponse,
} from '#use-cases/scheme-links';
import { submissionDocumentsResponse } from '#use-cases/submission-documents';
import { submissionErrorsCsvResponse } from '#use-cases/submission-errors';
import { markSentRequest } from '#use-cases/submission-requests';
import { startConnectionRequest } from '#use-cases/tpp-connections';
import { uploadReference, uploadRequest } from '#use-cases/uploads';
import type { ApiResult } from './api-handler.ts';
import {
  createSubmissionHeaders,
  createSubmissionQuery,
  optOutsQuery,
  pageOnlyQuery,
  tppCallbackQuery,
} from './api-parameters.ts';
import {
  acceptedSubmission,
  dashboardLink,
  destinationList,
  dryRunResult,
  intermediary,
  issuedUpload,
  linkedScheme,
  optOutList,
  optOutSync,
  scheme,
  schemeHistoryPage,
  startedConnection,
  submission,
  submissionPage,
  submissionSummary,
  syncRun,
  tppAccountList,
} from './api-schemas.ts';

/**
 * The route catalogue: every `/v1` route with the schemas its handler parses with and answers in. It is the
 * one source docs/openapi.json is generated from (shared/http/openapi.ts); infra/stack.ts declares the same
 * routes (a test holds the two sets equal) and each handler's result is typed against its entry
 * (`OperationResult`). Registering a route is one entry here, keyed by its operationId.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Media type → the schema of that body (a `z.string()` for text: CSV, HTML). */
export type Content = Record<string, z.core.$ZodType>;

export interface ApiResponse {
  description: string;
  content?: Content;
  /** Response header name → what it says. */
  headers?: Record<string, string>;
}

/** Statuses a handler answers by throwing an HttpProblem: each is an `application/problem+json` body. */
export type ProblemStatus = 400 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 502 | 503;

export interface ApiOperation {
  method: HttpMethod;
  path: `/v1/${string}`;
  summary: string;
  description?: string;
  tag: string;
  /** Query string parameters: an object schema, one parameter per property. */
  query?: z.core.$ZodObject;
  /** Request headers the route reads, lower-case names. */
  headers?: z.core.$ZodObject;
  body?: { required: boolean; content: Content };
  /** What the handler returns (not throws), by status. */
  responses: Record<number, ApiResponse>;
  /** The errors it may answer besides 500 (and API Gateway's own 403 for a bad signature). */
  problems: readonly ProblemStatus[];
  /** No IAM (SigV4): a page a browser lands on, which guards itself. */
  public?: true;
}

export const json = <S extends z.core.$ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': schema },
});
export const html = (description: string) => ({
  description,
  content: { 'text/html': z.string() },
});
export const csv = (description: string, schema: z.core.$ZodType = z.string()) => ({
  description,
  content: { 'text/csv': schema },
});
export const jsonBody = (schema: z.core.$ZodType, required = true) => ({
  required,
  content: { 'application/json': schema },
});

/**
 * Gives a schema declared elsewhere (a use case's request, the canonical document) its component name in
 * the document, on the very schema object its code parses with.
 */
function named<S extends z.core.$ZodType>(schema: S, id: string): S {
  z.globalRegistry.add(schema, { ...z.globalRegistry.get(schema), id });
  return schema;
}

named(canonicalEmployee, 'CanonicalEmployee');

const SUBMISSIONS = 'Submissions';
const SCHEMES = 'Schemes';
const TPP = 'TPP connections';
const PENSIONSYNC = 'PensionSync';

export const API_OPERATIONS = {
  createIntermediary: {
    method: 'POST',
    path: '/v1/intermediaries',
    tag: PENSIONSYNC,
    summary: 'Create a PensionSync intermediary (once per payroll reference)',
    body: jsonBody(named(intermediaryRequest, 'IntermediaryRequest')),
    responses: {
      201: { ...json(intermediary, 'Created'), headers: { location: 'The intermediary' } },
      200: { ...json(intermediary, 'Created before with this reference and name') },
    },
    problems: [400, 409, 415, 502, 503],
  },
  createDashboardLink: {
    method: 'POST',
    path: '/v1/intermediaries/{intermediaryId}/dashboard-link',
    tag: PENSIONSYNC,
    summary: "A one-time link to the intermediary's PensionSync dashboard",
    responses: { 201: json(dashboardLink, 'The link') },
    problems: [404, 502, 503],
  },
  listPensionSyncDestinations: {
    method: 'GET',
    path: '/v1/pensionsync/destinations',
    tag: PENSIONSYNC,
    summary: 'The providers PensionSync reaches and what each offers',
    responses: { 200: json(destinationList, 'The destinations') },
    problems: [502, 503],
  },
  createTppConnection: {
    method: 'POST',
    path: '/v1/tpp/connections',
    tag: TPP,
    summary: 'Start a TPP OAuth 2 connection: the customer opens authorizeUrl and consents at TPP',
    body: jsonBody(named(startConnectionRequest, 'StartConnectionRequest'), false),
    responses: { 201: json(startedConnection, 'Started, pending consent') },
    problems: [400, 415],
  },
  tppCallback: {
    method: 'GET',
    path: '/v1/tpp/callback',
    tag: TPP,
    summary: "TPP's OAuth 2 redirect: where the customer's browser lands after consenting",
    query: tppCallbackQuery,
    responses: {
      200: html('Connected'),
      302: {
        ...html('Back to the returnUrl the connection was started with'),
        headers: { location: 'returnUrl' },
      },
      400: html('The state is missing, spent or expired'),
      403: html('The customer did not authorise the connection'),
    },
    problems: [],
    public: true,
  },
  listTppAccounts: {
    method: 'GET',
    path: '/v1/tpp/connections/{connectionId}/accounts',
    tag: TPP,
    summary: "The admin accounts a connection's grant reaches, and whether TPP's API supports each",
    responses: { 200: json(tppAccountList, 'The accounts') },
    problems: [403, 404, 502, 503],
  },
  createScheme: {
    method: 'POST',
    path: '/v1/schemes',
    tag: SCHEMES,
    summary:
      "Link an employer's scheme: TPP direct through a connection, or any provider through PensionSync",
    body: jsonBody(named(linkSchemeRequest, 'LinkSchemeRequest')),
    responses: { 201: { ...json(linkedScheme, 'Linked'), headers: { location: 'The scheme' } } },
    problems: [400, 403, 415, 422, 502, 503],
  },
  getScheme: {
    method: 'GET',
    path: '/v1/schemes/{schemeId}',
    tag: SCHEMES,
    summary: 'One scheme, its authorisation and details',
    responses: { 200: json(scheme, 'The scheme') },
    problems: [404],
  },
  refreshScheme: {
    method: 'POST',
    path: '/v1/schemes/{schemeId}/refresh',
    tag: SCHEMES,
    summary: "Read the scheme's details and authorisation from the provider again",
    responses: { 200: json(linkedScheme, 'As read now') },
    problems: [403, 404, 410, 502, 503],
  },
  listSchemeHistory: {
    method: 'GET',
    path: '/v1/schemes/{schemeId}/history',
    tag: SCHEMES,
    summary: "A scheme's history, newest first, a page at a time",
    description:
      'Every change of its details and of its authorisation, each PAPDIS file made for it and its unlinking. An unlinked scheme keeps its history.',
    query: pageOnlyQuery,
    responses: { 200: json(schemeHistoryPage, 'A page') },
    problems: [400, 404],
  },
  listOptOuts: {
    method: 'GET',
    path: '/v1/schemes/{schemeId}/opt-outs',
    tag: SCHEMES,
    summary: "A scheme's opt-outs and cessations, newest first",
    query: optOutsQuery,
    responses: { 200: json(optOutList, 'The opt-outs and cessations') },
    problems: [400, 404],
  },
  syncOptOuts: {
    method: 'POST',
    path: '/v1/schemes/{schemeId}/opt-outs/sync',
    tag: SCHEMES,
    summary: "Pull a scheme's opt-outs (and cessations) from the provider now",
    responses: { 200: json(optOutSync, 'What the pull found') },
    problems: [403, 404, 410, 502, 503],
  },
  createSubmission: {
    method: 'POST',
    path: '/v1/schemes/{schemeId}/submissions',
    tag: SUBMISSIONS,
    summary: 'Submit a payroll: canonical JSON, a PAPDIS file, or the uploadId of a presigned upload',
    query: createSubmissionQuery,
    headers: createSubmissionHeaders,
    body: {
      required: true,
      content: {
        'application/json': z.union([
          named(canonicalSubmission, 'CanonicalSubmission'),
          named(uploadReference, 'UploadReference'),
        ]),
        'text/csv': z.string().check(z.describe('A PAPDIS file, as payroll writes it.')),
      },
    },
    responses: {
      202: {
        ...json(acceptedSubmission, 'Accepted: checked, stored, and on its way'),
        headers: {
          location: 'The submission',
          'idempotent-replayed': '`true` when this answers an earlier request with the same Idempotency-Key',
        },
      },
      200: json(dryRunResult, 'A dry run direct to TPP: the checks passed, nothing was stored or sent'),
    },
    problems: [400, 404, 409, 410, 413, 415, 422, 502, 503],
  },
  createUpload: {
    method: 'POST',
    path: '/v1/schemes/{schemeId}/uploads',
    tag: SUBMISSIONS,
    summary: 'A presigned PUT for a payroll too large for a request body',
    body: jsonBody(named(uploadRequest, 'UploadRequest')),
    responses: { 201: json(issuedUpload, 'PUT the document here, then submit its uploadId') },
    problems: [400, 404, 410, 415],
  },
  listSubmissions: {
    method: 'GET',
    path: '/v1/schemes/{schemeId}/submissions',
    tag: SUBMISSIONS,
    summary: "A scheme's submissions, newest first, a page at a time",
    query: pageOnlyQuery,
    responses: { 200: json(submissionPage, 'A page') },
    problems: [400, 404],
  },
  getSubmission: {
    method: 'GET',
    path: '/v1/submissions/{submissionId}',
    tag: SUBMISSIONS,
    summary: 'One submission: where it stands, its history and its errors',
    responses: { 200: json(submission, 'The submission') },
    problems: [404],
  },
  retrySubmission: {
    method: 'POST',
    path: '/v1/submissions/{submissionId}/retry',
    tag: SUBMISSIONS,
    summary: 'Send a submission in error again',
    responses: {
      202: { ...json(submissionSummary, 'On its way again'), headers: { location: 'The submission' } },
    },
    problems: [404, 409],
  },
  cancelSubmission: {
    method: 'POST',
    path: '/v1/submissions/{submissionId}/cancel',
    tag: SUBMISSIONS,
    summary: 'Withdraw a submission still queued',
    responses: { 200: json(submissionSummary, 'Cancelled') },
    problems: [404, 409],
  },
  listSubmissionDocuments: {
    method: 'GET',
    path: '/v1/submissions/{submissionId}/documents',
    tag: SUBMISSIONS,
    summary:
      'The audit trail: what was received, the canonical document, what was sent and every provider exchange',
    description: 'Each entry downloads through a presigned GET that lasts five minutes (`linksExpireAt`).',
    responses: { 200: json(named(submissionDocumentsResponse, 'SubmissionDocuments'), 'The audit trail') },
    problems: [404],
  },
  getSyncRun: {
    method: 'GET',
    path: '/v1/sync-runs/{runId}',
    tag: SCHEMES,
    summary: "A scheduled sync run's summary",
    responses: { 200: json(syncRun, 'The run') },
    problems: [404],
  },
  listSchemes: {
    method: 'GET',
    path: '/v1/schemes',
    tag: SCHEMES,
    summary: 'Linked schemes by route, provider and authorisation, a page at a time',
    query: listSchemesQuery,
    responses: { 200: json(named(listSchemesResponse, 'SchemePage'), 'A page') },
    problems: [400],
  },
  unlinkScheme: {
    method: 'DELETE',
    path: '/v1/schemes/{schemeId}',
    tag: SCHEMES,
    summary: 'Unlink a scheme: no new submissions or syncs; history kept; accepted submissions still finish',
    query: unlinkSchemeQuery,
    responses: { 200: json(named(unlinkSchemeResponse, 'UnlinkedScheme'), 'Unlinked (or already unlinked)') },
    problems: [400, 404],
  },
  listTppConnections: {
    method: 'GET',
    path: '/v1/tpp/connections',
    tag: TPP,
    summary: 'TPP connections, a page at a time',
    query: listTppConnectionsQuery,
    responses: { 200: json(named(listTppConnectionsResponse, 'TppConnectionPage'), 'A page') },
    problems: [400],
  },
  listIntermediaries: {
    method: 'GET',
    path: '/v1/intermediaries',
    tag: PENSIONSYNC,
    summary: 'PensionSync intermediaries, a page at a time',
    query: listIntermediariesQuery,
    responses: { 200: json(named(listIntermediariesResponse, 'IntermediaryPage'), 'A page') },
    problems: [400],
  },
  markSubmissionSent: {
    method: 'POST',
    path: '/v1/submissions/{submissionId}/mark-sent',
    tag: SUBMISSIONS,
    summary: 'Record a submission in error or queued as delivered by hand, outside the gateway',
    body: jsonBody(named(markSentRequest, 'MarkSentRequest')),
    responses: { 200: json(submissionSummary, 'Marked sent') },
    problems: [400, 404, 409, 415],
  },
  getSubmissionErrorsCsv: {
    method: 'GET',
    path: '/v1/submissions/{submissionId}/errors.csv',
    tag: SUBMISSIONS,
    summary: "A submission's errors as CSV, for payroll to hand to its customer",
    responses: { 200: csv('The errors, a header row first', submissionErrorsCsvResponse) },
    problems: [404],
  },
  createPapdisFile: {
    method: 'POST',
    path: '/v1/schemes/{schemeId}/papdis',
    tag: PENSIONSYNC,
    summary:
      "A checked payroll as a PAPDIS file to upload through PensionSync's dashboard (nothing stored or sent)",
    body: jsonBody(papdisFileRequest),
    responses: { 200: csv('The PAPDIS file', papdisFileResponse) },
    problems: [400, 404, 410, 415, 422],
  },
  getOpenApi: {
    method: 'GET',
    path: '/v1/openapi.json',
    tag: 'API',
    summary: 'This API described in OpenAPI 3.1',
    responses: { 200: json(z.record(z.string(), z.unknown()), 'The OpenAPI document') },
    problems: [],
  },
} as const satisfies Record<string, ApiOperation>;

export type OperationId = keyof typeof API_OPERATIONS;

type Responses<Id extends OperationId> = (typeof API_OPERATIONS)[Id]['responses'];

type ResultOf<Status, Response> = Response extends {
  content: { 'application/json': infer S extends z.core.$ZodType };
}
  ? { status: Status; body: z.input<S>; headers?: Record<string, string> }
  : Response extends { content: { 'text/html': z.core.$ZodType } }
    ? { status: Status; html: string; headers?: Record<string, string> }
    : Omit<ApiResult, 'status'> & { status: Status };

/** What a route's handler may return: one of its catalogued statuses, with a body of that status's schema. */
export type OperationResult<Id extends OperationId> = {
  [Status in keyof Responses<Id>]: ResultOf<Status, Responses<Id>[Status]>;
}[keyof Responses<Id>];
