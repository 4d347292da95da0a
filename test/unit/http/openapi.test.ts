import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { API_OPERATIONS } from '#http/api-contract';
import { openApiDocument } from '#http/openapi';
import { clientTypes } from '../../../scripts/openapi-client-types.ts';

/** docs/openapi.json: generated from the route catalogue, valid OpenAPI 3.1, and checked in as generated. */

const docs = new URL('../../../docs/', import.meta.url);
const generated = openApiDocument();

// One validator: building one compiles the OpenAPI schemas, a second or so on a loaded machine.
const validator = new Validator();

async function validate(document: unknown) {
  const result = await validator.validate(structuredClone(document) as Record<string, unknown>);
  return result;
}

describe('docs/openapi.json', () => {
  it('is what the route catalogue generates now', () => {
    const checkedIn = JSON.parse(readFileSync(new URL('openapi.json', docs), 'utf8'));
    expect(checkedIn, 'docs/openapi.json is stale: run `npm run docs:openapi`').toEqual(generated);
  });

  it('is a valid OpenAPI 3.1 document whose every $ref resolves', async () => {
    const { valid, errors } = await validate(generated);
    expect(errors).toBeUndefined();
    expect(valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(() => validator.resolveRefs()).not.toThrow();
  });

  it('the validator refuses a document that breaks the specification', async () => {
    const broken = structuredClone(generated) as any;
    delete broken.paths['/v1/schemes/{schemeId}'].get.responses['200'].description;
    expect((await validate(broken)).valid).toBe(false);
  });

  it('describes every catalogued operation once, by its operationId', () => {
    const paths = generated.paths as Record<string, Record<string, { operationId: string }>>;
    const described = Object.entries(paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(
        ([method, operation]) => `${operation.operationId} ${method.toUpperCase()} ${path}`,
      ),
    );
    expect(described.sort()).toEqual(
      Object.entries(API_OPERATIONS)
        .map(([id, operation]) => `${id} ${operation.method} ${operation.path}`)
        .sort(),
    );
  });

  it('answers every error as the problem+json the error middleware writes', () => {
    const operation = (generated.paths as any)['/v1/schemes/{schemeId}/submissions'].post;
    for (const status of ['400', '404', '415', '422', '500']) {
      expect(operation.responses[status].content).toEqual({
        'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } },
      });
    }
    const problem = (generated.components as any).schemas.ProblemDetails;
    expect(problem.required).toEqual(['type', 'title', 'status', 'detail', 'errors']);
  });

  it('takes the request bodies from the schemas the use cases parse with', () => {
    const schemas = (generated.components as any).schemas;
    // linkSchemeRequest is strict: a misspelt field is a 400, so the document says no other properties.
    expect(schemas.LinkSchemeRequest.additionalProperties).toBe(false);
    expect(schemas.LinkSchemeRequest.properties.provider.enum).toEqual([
      'TPP',
      'NST',
      'SMP',
      'NOW',
      'AVC',
      'LGS',
    ]);
    expect(schemas.CanonicalSubmission.properties.employees.items).toEqual({
      $ref: '#/components/schemas/CanonicalEmployee',
    });
    const submit = (generated.paths as any)['/v1/schemes/{schemeId}/submissions'].post;
    expect(Object.keys(submit.requestBody.content)).toEqual(['application/json', 'text/csv']);
    expect(submit.parameters.map((p: any) => `${p.in}:${p.name}`)).toEqual([
      'path:schemeId',
      'query:dryRun',
      'query:replaces',
      'header:idempotency-key',
    ]);
  });

  it('describes the TPP callback as HTML for a browser, without IAM', () => {
    const callback = (generated.paths as any)['/v1/tpp/callback'].get;
    expect(callback.security).toEqual([]);
    expect(Object.keys(callback.responses['200'].content)).toEqual(['text/html']);
    expect((generated.paths as any)['/v1/schemes'].post.security).toBeUndefined();
  });

  it('docs/examples/gateway-api.d.ts holds the client types openapi-typescript generates from it', async () => {
    const checkedIn = readFileSync(new URL('examples/gateway-api.d.ts', docs), 'utf8');
    expect(checkedIn, 'the client types are stale: run `npm run docs:openapi`').toBe(
      await clientTypes(generated),
    );
  });
});
