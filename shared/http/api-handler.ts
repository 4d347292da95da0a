import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { functionInvocations, idsIn, logger } from '#observability/logger';
import {
  ProviderAuthorisationError,
  ProviderDocumentError,
  ProviderRejectedError,
  ProviderUnavailableError,
} from '#providers/errors';
import {
  gatewayProblem,
  HttpProblem,
  InvalidRequestError,
  parsedOr400,
  parseJsonText,
  UnsupportedMediaTypeError,
} from './problems.ts';

export interface ApiResult {
  status: number;
  /** Sent as JSON; or `html`, for the few pages a browser lands on; or `text` (CSV), typed by `headers`. */
  body?: unknown;
  html?: string;
  text?: string;
  headers?: Record<string, string>;
}

/** A CSV file to download: RFC 4180 with a header row, saved under `fileName`. */
export function csvFile(fileName: string, csv: string) {
  return {
    status: 200 as const,
    text: csv,
    headers: {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="${fileName}"`,
    },
  };
}

type ApiOperation<Result extends ApiResult> = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<Result>;

/**
 * Wraps an API operation: JSON out, every error as problem+json, and every line it logs carrying the
 * Lambda context and the ids its path names. `Result` is the route's `OperationResult` from the catalogue
 * (shared/http/api-contract.ts), so a body that strays from the documented schema does not compile.
 */
export function apiHandler<Result extends ApiResult = ApiResult>(operation: ApiOperation<Result>) {
  const handle = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .onError(async (request) => {
      request.response = problemResponse(request.error, request.event);
    })
    .handler(async (event, context) => {
      const result = await operation(event, context);
      const html = result.html !== undefined;
      const text = result.text !== undefined;
      return {
        statusCode: result.status,
        headers: {
          'content-type': html
            ? 'text/html; charset=utf-8'
            : text
              ? 'text/plain; charset=utf-8'
              : 'application/json',
          ...result.headers,
        },
        body: html ? result.html : text ? result.text : JSON.stringify(result.body),
      };
    });
  const invocation = functionInvocations();
  return (event: APIGatewayProxyEventV2, context: Context) => {
    const ids = { ...idsIn(event.pathParameters), apiRequestId: event.requestContext?.requestId };
    return invocation(context, ids, () => handle(event, context));
  };
}

/** A provider's failure, as the API's caller should see it. */
function providerProblem(error: unknown): HttpProblem | undefined {
  const problem = (status: number, title: string, code: string) =>
    new HttpProblem(status, title, (error as Error).message, [
      { code, message: (error as Error).message, source: 'provider' },
    ]);
  if (error instanceof ProviderAuthorisationError)
    return problem(403, 'Provider refused access', 'provider-authorisation');
  if (error instanceof ProviderUnavailableError)
    return problem(503, 'Provider unavailable', 'provider-unavailable');
  if (error instanceof ProviderRejectedError) {
    // The caller may read what the provider said about its own request; logs never get it (see http.ts).
    const said = `${error.message}: ${error.body.slice(0, 500)}`;
    return new HttpProblem(502, 'Provider refused the request', said, [
      { code: 'provider-rejected', message: said, source: 'provider' },
    ]);
  }
  if (error instanceof ProviderDocumentError) {
    // One problem per field the gateway could not read; the message names fields, never their values.
    return new HttpProblem(
      502,
      'Provider document not understood',
      error.message,
      error.fields.map((field) => ({
        code: 'provider-document-unreadable',
        message: error.message,
        field,
        source: 'provider' as const,
      })),
    );
  }
  return undefined;
}

function problemResponse(error: unknown, event: APIGatewayProxyEventV2): APIGatewayProxyStructuredResultV2 {
  const known = error instanceof HttpProblem ? error : providerProblem(error);
  if (!known) logger.error('unhandled error', { error: error as Error, route: event.routeKey });
  // Codes and the title only: a problem's detail may quote what the caller sent.
  else
    logger.info('request refused', {
      route: event.routeKey,
      status: known.status,
      title: known.title,
      codes: [...new Set(known.errors.map((problem) => problem.code))],
    });
  const status = known?.status ?? 500;
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify({
      type: 'about:blank',
      title: known?.title ?? 'Internal error',
      status,
      detail: known?.message ?? 'The gateway failed; the request id identifies it in the logs.',
      instance: event.requestContext?.requestId,
      errors: known?.errors ?? [],
    }),
  };
}

/** The body as text, decoded when API Gateway passed it base64-encoded. */
export function textBody(event: APIGatewayProxyEventV2): string {
  return event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString() : (event.body ?? '');
}

/** The body's media type, lower-cased, without parameters; undefined when the request names none. */
export function mediaType(event: APIGatewayProxyEventV2): string | undefined {
  const value = header(event, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  return value || undefined;
}

/** application/json and its structured-syntax relatives (application/vnd.api+json and the like). */
const JSON_MEDIA_TYPE = /^application\/([\w.+-]+\+)?json$/;

/**
 * The JSON body: a 415 naming what the route takes when it is sent as something else (a body without a
 * Content-Type is read as JSON), or a 400 naming the parse problem. `alsoAccepted` are the route's other
 * media types, which its handler reads itself.
 */
export function jsonBody(event: APIGatewayProxyEventV2, alsoAccepted: readonly string[] = []): unknown {
  const type = mediaType(event);
  if (type !== undefined && !JSON_MEDIA_TYPE.test(type))
    throw new UnsupportedMediaTypeError(type, ['application/json', ...alsoAccepted]);
  return parseJsonText(textBody(event));
}

export function pathParameter(event: APIGatewayProxyEventV2, name: string): string {
  const value = event.pathParameters?.[name];
  if (!value)
    throw new InvalidRequestError([gatewayProblem('missing-parameter', `${name} is required`, name)]);
  return value;
}

/** Header lookup regardless of case (API Gateway lower-cases HTTP API headers; other callers may not). */
export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {}))
    if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** The public origin the request came in on, as API Gateway forwards it. */
export function requestOrigin(event: APIGatewayProxyEventV2): string {
  const protocol = header(event, 'x-forwarded-proto') ?? 'https';
  return `${protocol}://${header(event, 'host') ?? event.requestContext.domainName}`;
}

/** The query string parsed with the route's schema (from the catalogue), or a 400 naming each problem. */
export function queryParameters<S extends z.core.$ZodType>(
  event: APIGatewayProxyEventV2,
  schema: S,
): z.output<S> {
  return parsedOr400(schema, event.queryStringParameters ?? {});
}

/** The request headers the route reads, names lower-cased, parsed with its schema, or a 400. */
export function headerParameters<S extends z.core.$ZodType>(
  event: APIGatewayProxyEventV2,
  schema: S,
): z.output<S> {
  const headers = Object.fromEntries(
    Object.entries(event.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return parsedOr400(schema, headers);
}
