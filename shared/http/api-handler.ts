import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { gatewayProblem, HttpProblem, InvalidRequestError } from './problems.ts';

export const logger = new Logger({ serviceName: 'pension-gateway' });

export interface ApiResult {
  status: number;
  /** Sent as JSON; or `html`, for the few pages a browser lands on. */
  body?: unknown;
  html?: string;
  headers?: Record<string, string>;
}

type ApiOperation = (event: APIGatewayProxyEventV2, context: Context) => Promise<ApiResult>;

/** Wraps an API operation: JSON out, and every error as problem+json. */
export function apiHandler(operation: ApiOperation) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .onError(async (request) => {
      request.response = problemResponse(request.error, request.event);
    })
    .handler(async (event, context) => {
      const result = await operation(event, context);
      const html = result.html !== undefined;
      return {
        statusCode: result.status,
        headers: {
          'content-type': html ? 'text/html; charset=utf-8' : 'application/json',
          ...result.headers,
        },
        body: html ? result.html : JSON.stringify(result.body),
      };
    });
}

function problemResponse(error: unknown, event: APIGatewayProxyEventV2): APIGatewayProxyStructuredResultV2 {
  const known = error instanceof HttpProblem;
  if (!known) logger.error('unhandled error', { error: error as Error, path: event.rawPath });
  const status = known ? error.status : 500;
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify({
      type: 'about:blank',
      title: known ? error.title : 'Internal error',
      status,
      detail: known ? error.message : 'The gateway failed; the request id identifies it in the logs.',
      instance: event.requestContext?.requestId,
      errors: known ? error.errors : [],
    }),
  };
}

/** The JSON body, or a 400 naming the parse problem. */
export function jsonBody(event: APIGatewayProxyEventV2): unknown {
  const text = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString()
    : (event.body ?? '');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidRequestError([
      gatewayProblem('malformed-json', `The body is not JSON: ${(error as Error).message}`),
    ]);
  }
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
