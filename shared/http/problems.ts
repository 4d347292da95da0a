import * as z from 'zod/mini';
import type { Problem } from '#domain/problems';
import { englishIssues, schemaProblems } from '#domain/schema-problems';

/**
 * Errors an API handler may throw; the error middleware turns each into an RFC 9457 problem+json
 * response. Anything else is a 500 that shows no internals.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly errors: Problem[] = [],
  ) {
    super(detail);
  }
}

export class InvalidRequestError extends HttpProblem {
  override name = 'InvalidRequestError';
  constructor(
    errors: Problem[],
    detail = `The request has ${errors.length} problem(s); nothing was stored or sent.`,
  ) {
    super(400, 'Invalid request', detail, errors);
  }
}

export class RuleViolationError extends HttpProblem {
  override name = 'RuleViolationError';
  constructor(
    errors: Problem[],
    detail = `The request breaks ${errors.length} rule(s); nothing was stored or sent.`,
  ) {
    super(422, 'Rules not met', detail, errors);
  }
}

export class NotFoundError extends HttpProblem {
  override name = 'NotFoundError';
  constructor(detail: string) {
    super(404, 'Not found', detail);
  }
}

export class ConflictError extends HttpProblem {
  override name = 'ConflictError';
  constructor(detail: string, errors: Problem[] = []) {
    super(409, 'Conflict', detail, errors);
  }
}

export class UnsupportedMediaTypeError extends HttpProblem {
  override name = 'UnsupportedMediaTypeError';
  constructor(provided: string, accepted: readonly string[]) {
    super(
      415,
      'Unsupported media type',
      `The body is sent as ${provided}; this route takes ${accepted.join(' or ')}. Nothing was stored or sent.`,
      [
        {
          code: 'unsupported-media-type',
          message: `send the body as ${accepted.join(' or ')}`,
          field: 'Content-Type',
          providedValue: provided,
          expectedValue: accepted.join(', '),
          source: 'gateway',
        },
      ],
    );
  }
}

export function gatewayProblem(code: string, message: string, field?: string): Problem {
  return { code, message, source: 'gateway', ...(field ? { field } : {}) };
}

/** JSON text parsed, or a 400 naming the parse problem. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidRequestError([
      gatewayProblem('malformed-json', `The body is not JSON: ${(error as Error).message}`),
    ]);
  }
}

/**
 * A request's body, query or headers parsed with its schema (zod/mini or classic), or a 400 naming each
 * problem: the field, the value given, and zod's English message.
 */
export function parsedOr400<S extends z.core.$ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = z.safeParse(schema, value, { error: englishIssues });
  if (!parsed.success) throw new InvalidRequestError(schemaProblems(parsed.error, value));
  return parsed.data;
}
