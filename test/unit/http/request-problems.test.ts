import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { headerParameters, queryParameters } from '#http/api-handler';
import {
  createSubmissionHeaders,
  createSubmissionQuery,
  optOutsQuery,
  pageOnlyQuery,
} from '#http/api-parameters';
import { InvalidRequestError } from '#http/problems';
import { listTppConnectionsQuery } from '#use-cases/account-lists';
import { createIntermediary } from '#use-cases/intermediaries';
import { linkScheme } from '#use-cases/link-scheme';
import { listSchemesQuery, unlinkSchemeQuery } from '#use-cases/scheme-links';
import { markSubmissionSent } from '#use-cases/submission-requests';
import { startConnection } from '#use-cases/tpp-connections';

/**
 * What a caller reads when a request's query, headers or body is wrong: the problem texts pinned as they were
 * under classic zod, now that the request schemas are zod/mini. zod/mini sets no locale, and nothing this file
 * loads imports classic zod (the last test holds that), so the English messages come from the parse itself.
 */

const clock = { now: () => new Date('2026-11-30T00:00:00Z'), newId: () => 'id-1' };

async function problemsOf(request: () => unknown) {
  try {
    await request();
  } catch (error) {
    if (error instanceof InvalidRequestError) return error.errors;
    throw error;
  }
  throw new Error('the request was taken');
}

const query = (parameters: Record<string, string>) =>
  ({ queryStringParameters: parameters }) as unknown as APIGatewayProxyEventV2;

const gateway = (code: string, message: string, field: string, providedValue?: string) => ({
  code: `schema.${code}`,
  message,
  field,
  source: 'gateway',
  ...(providedValue === undefined ? {} : { providedValue }),
});

describe('query parameters', () => {
  it('a page: limit as a whole number from 1 to 100, a cursor of 1 to 2,000 characters, nothing else', async () => {
    const problems = (parameters: Record<string, string>) =>
      problemsOf(() => queryParameters(query(parameters), pageOnlyQuery));
    expect(await problems({ limit: '0', cursor: '' })).toEqual([
      gateway('too_small', 'Too small: expected number to be >=1', 'limit', '0'),
      gateway('too_small', 'Too small: expected string to have >=1 characters', 'cursor', ''),
    ]);
    expect(await problems({ limit: 'abc' })).toEqual([
      gateway('invalid_type', 'Invalid input: expected number, received NaN', 'limit', 'abc'),
    ]);
    expect(await problems({ limit: '1.5' })).toEqual([
      gateway('invalid_type', 'Invalid input: expected int, received number', 'limit', '1.5'),
    ]);
    expect(await problems({ limit: '101', cursor: 'x'.repeat(2001), foo: 'bar' })).toEqual([
      gateway('too_big', 'Too big: expected number to be <=100', 'limit', '101'),
      gateway('too_big', 'Too big: expected string to have <=2000 characters', 'cursor', 'x'.repeat(2001)),
      gateway('unrecognized_keys', 'unknown field "foo"', 'foo', 'bar'),
    ]);
    expect(queryParameters(query({}), listTppConnectionsQuery)).toEqual({ limit: 50 });
  });

  it('filters: each value outside its options named with the options', async () => {
    expect(
      await problemsOf(() =>
        queryParameters(query({ route: 'x', authorisation: 'z', linked: 'maybe' }), listSchemesQuery),
      ),
    ).toEqual([
      gateway('invalid_value', 'Invalid option: expected one of "direct"|"pensionsync"', 'route', 'x'),
      gateway(
        'invalid_value',
        'Invalid option: expected one of "authorised"|"pending"|"refused"|"reauthorisation-needed"',
        'authorisation',
        'z',
      ),
      gateway('invalid_value', 'Invalid option: expected one of "true"|"false"', 'linked', 'maybe'),
    ]);
    expect(
      await problemsOf(() =>
        queryParameters(query({ dryRun: 'maybe', replaces: '' }), createSubmissionQuery),
      ),
    ).toEqual([
      gateway('invalid_value', 'Invalid option: expected one of "true"|"false"', 'dryRun', 'maybe'),
      gateway('too_small', 'Too small: expected string to have >=1 characters', 'replaces', ''),
    ]);
    expect(await problemsOf(() => queryParameters(query({ since: 'bad' }), optOutsQuery))).toEqual([
      gateway('custom', 'since must be an ISO date or instant', 'since', 'bad'),
    ]);
    expect(await problemsOf(() => queryParameters(query({ reason: '  ' }), unlinkSchemeQuery))).toEqual([
      gateway('too_small', 'Too small: expected string to have >=1 characters', 'reason', '  '),
    ]);
  });

  it('headers are read by lower-case name', () => {
    const event = { headers: { 'Idempotency-Key': 'k-1' } } as unknown as APIGatewayProxyEventV2;
    expect(headerParameters(event, createSubmissionHeaders)).toEqual({ 'idempotency-key': 'k-1' });
  });
});

describe('request bodies', () => {
  it('intermediary: missing, wrong type, too long, its own pattern message, unknown fields', async () => {
    expect(await problemsOf(() => createIntermediary({}, clock))).toEqual([
      gateway('invalid_type', 'Invalid input: expected string, received undefined', 'name'),
      gateway('invalid_type', 'Invalid input: expected string, received undefined', 'reference'),
    ]);
    expect(
      await problemsOf(() => createIntermediary({ name: 'x'.repeat(61), reference: 'a b' }, clock)),
    ).toEqual([
      gateway('too_big', 'Too big: expected string to have <=60 characters', 'name', 'x'.repeat(61)),
      gateway('invalid_format', 'letters, digits, dot, underscore and hyphen only', 'reference', 'a b'),
    ]);
    expect(
      await problemsOf(() => createIntermediary({ name: 1, reference: 'r', extra: true }, clock)),
    ).toEqual([
      gateway('invalid_type', 'Invalid input: expected string, received number', 'name', '1'),
      gateway('unrecognized_keys', 'unknown field "extra"', 'extra', 'true'),
    ]);
    expect(await problemsOf(() => createIntermediary(null, clock))).toEqual([
      gateway('invalid_type', 'Invalid input: expected object, received null', '', 'null'),
    ]);
  });

  it('scheme link: options, a blank reference after trimming, the account number pattern', async () => {
    const body = { provider: 'XXX', route: 'x', employerReference: '  ', accountId: 'abc', foo: 1 };
    expect(await problemsOf(() => linkScheme(body, clock))).toEqual([
      gateway(
        'invalid_value',
        'Invalid option: expected one of "TPP"|"NST"|"SMP"|"NOW"|"AVC"|"LGS"',
        'provider',
        'XXX',
      ),
      gateway('invalid_value', 'Invalid option: expected one of "direct"|"pensionsync"', 'route', 'x'),
      gateway('too_small', 'Too small: expected string to have >=1 characters', 'employerReference', '  '),
      gateway('invalid_format', 'must be the TPP admin account number', 'accountId', 'abc'),
      gateway('unrecognized_keys', 'unknown field "foo"', 'foo', '1'),
    ]);
  });

  it('TPP connection and mark-sent', async () => {
    expect(await problemsOf(() => startConnection({ returnUrl: 'not a url' }, 'https://cb', clock))).toEqual([
      gateway('invalid_format', 'Invalid URL', 'returnUrl', 'not a url'),
    ]);
    expect(
      await problemsOf(() => markSubmissionSent('s-1', { reason: 'x'.repeat(501), y: 2 }, clock)),
    ).toEqual([
      gateway('too_big', 'Too big: expected string to have <=500 characters', 'reason', 'x'.repeat(501)),
      gateway('unrecognized_keys', 'unknown field "y"', 'y', '2'),
    ]);
  });

  it('the messages above came with the parse: no locale was set for the process (classic zod was not loaded)', () => {
    expect(z.config().localeError).toBeUndefined();
  });
});
