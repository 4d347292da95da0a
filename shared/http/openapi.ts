import * as z from 'zod';
import {
  API_OPERATIONS,
  type ApiOperation,
  type ApiResponse,
  type Content,
  type ProblemStatus,
} from './api-contract.ts';
import { problemDetails } from './api-schemas.ts';

/**
 * docs/openapi.json, generated from the route catalogue: each zod schema converted with `z.toJSONSchema`
 * (JSON Schema 2020-12, the dialect of OpenAPI 3.1) as the client sends it (`io: 'input'`). Schemas with a
 * `.meta({ id })` become components, referenced wherever they occur.
 */

type JsonObject = Record<string, unknown>;

const COMPONENT_REF = '#/components/schemas/';

const PROBLEM_TITLES: Record<ProblemStatus | 500, string> = {
  400: 'Invalid request: each problem names its field; nothing was stored or sent',
  403: 'The provider refused access (the connection or scheme is not authorised for this)',
  404: 'Not found',
  409: 'Conflict with where the resource stands',
  410: 'Gone: expired',
  413: 'Too large',
  415: 'Unsupported media type: the problem names what the route takes',
  422: 'The request breaks a rule: each problem names it',
  502: 'The provider refused the request or answered something the gateway could not read',
  503: 'The provider is unavailable; try again later',
  500: 'The gateway failed; `instance` (the request id) identifies it in the logs',
};

export function openApiDocument(operations: Record<string, ApiOperation> = API_OPERATIONS): JsonObject {
  const components: Record<string, unknown> = {};
  const schemaOf = (schema: z.core.$ZodType) => jsonSchema(schema, components);
  const paths: Record<string, Record<string, unknown>> = {};
  const entries = Object.entries(operations).sort(
    ([, a], [, b]) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method),
  );
  for (const [operationId, operation] of entries) {
    paths[operation.path] ??= {};
    (paths[operation.path] as JsonObject)[operation.method.toLowerCase()] = {
      operationId,
      summary: operation.summary,
      ...(operation.description ? { description: operation.description } : {}),
      tags: [operation.tag],
      ...(operation.public ? { security: [] } : {}),
      ...parametersOf(operation, schemaOf),
      ...(operation.body
        ? {
            requestBody: {
              required: operation.body.required,
              content: contentOf(operation.body.content, schemaOf),
            },
          }
        : {}),
      responses: responsesOf(operation, schemaOf),
    };
  }
  return {
    openapi: '3.1.1',
    info: {
      title: 'Pension Gateway',
      version: '1',
      description:
        "One API for UK payroll to deliver auto-enrolment pension data to The People's Pension (direct) and, through PensionSync, five more providers. Every route but the TPP callback needs an IAM-signed (AWS Signature Version 4, service `execute-api`) request.",
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
        description: 'A deployed gateway (the `ApiUrl` stack output)',
        variables: { apiId: { default: 'apiId' }, region: { default: 'eu-west-2' } },
      },
    ],
    security: [{ sigv4: [] }],
    tags: [...new Set(entries.map(([, operation]) => operation.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        sigv4: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description:
            'AWS Signature Version 4 for service `execute-api`, by an IAM principal allowed `execute-api:Invoke`. A missing or bad signature is answered 403 by API Gateway itself.',
        },
      },
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
    },
  };
}

function parametersOf(operation: ApiOperation, schemaOf: (schema: z.core.$ZodType) => JsonObject) {
  const inPath = [...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const fromObject = (where: 'query' | 'header', shape?: z.ZodObject) => {
    if (!shape) return [];
    const { properties = {}, required = [] } = schemaOf(shape) as {
      properties?: Record<string, JsonObject>;
      required?: string[];
    };
    return Object.entries(properties).map(([name, { description, ...schema }]) => ({
      name,
      in: where,
      required: required.includes(name),
      ...(description ? { description } : {}),
      schema,
    }));
  };
  const parameters = [
    ...inPath,
    ...fromObject('query', operation.query),
    ...fromObject('header', operation.headers),
  ];
  return parameters.length ? { parameters } : {};
}

function contentOf(content: Content, schemaOf: (schema: z.core.$ZodType) => JsonObject) {
  return Object.fromEntries(
    Object.entries(content).map(([mediaType, schema]) => [mediaType, { schema: schemaOf(schema) }]),
  );
}

function responsesOf(operation: ApiOperation, schemaOf: (schema: z.core.$ZodType) => JsonObject) {
  const responses: Record<string, unknown> = {};
  const answered = Object.entries(operation.responses) as [string, ApiResponse][];
  for (const [status, response] of answered) {
    responses[status] = {
      description: response.description,
      ...(response.headers
        ? {
            headers: Object.fromEntries(
              Object.entries(response.headers).map(([name, description]) => [
                name,
                { description, schema: { type: 'string' } },
              ]),
            ),
          }
        : {}),
      ...(response.content ? { content: contentOf(response.content, schemaOf) } : {}),
    };
  }
  for (const status of [...operation.problems, 500 as const]) {
    responses[status] = {
      description: PROBLEM_TITLES[status],
      content: { 'application/problem+json': { schema: schemaOf(problemDetails) } },
    };
  }
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * A schema in JSON Schema 2020-12. zod puts every schema with an id (its own root included) under `$defs`
 * and refers to it there; those become components, and the references point at them.
 */
function jsonSchema(schema: z.core.$ZodType, components: Record<string, unknown>): JsonObject {
  const converted = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonObject;
  const { $schema: _dialect, $defs = {}, ...root } = converted as JsonObject & { $defs?: JsonObject };
  for (const [name, definition] of Object.entries($defs)) {
    const component = toComponentRefs(definition);
    const known = components[name];
    if (known !== undefined && JSON.stringify(known) !== JSON.stringify(component)) {
      throw new Error(`Two different schemas have the id ${name}`);
    }
    components[name] = component;
  }
  return toComponentRefs(root) as JsonObject;
}

/** `#/$defs/X` (relative to one converted schema) → `#/components/schemas/X` (relative to the document). */
function toComponentRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toComponentRefs);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === '$ref' && typeof inner === 'string'
        ? inner.replace('#/$defs/', COMPONENT_REF)
        : toComponentRefs(inner),
    ]),
  );
}
