import { describe, expect, it } from 'vitest';
import {
  decodeSchemeCursor,
  encodeSchemeCursor,
  schemeFilterExpression,
  schemePartitions,
} from '#store/schemes';
import { InvalidPageTokenError } from '#store/table';
import { listSchemesQuery } from '#use-cases/scheme-links';

describe('scheme listing', () => {
  it('reads the route asked for, or every route in turn; unlinked schemes from their own partitions', () => {
    expect(schemePartitions({ linked: true })).toEqual(['SWEEP#direct', 'SWEEP#pensionsync']);
    expect(schemePartitions({ linked: true, route: 'pensionsync' })).toEqual(['SWEEP#pensionsync']);
    expect(schemePartitions({ linked: false, route: 'direct' })).toEqual(['UNLINKED#direct']);
  });

  it('filters provider and authorisation on the server, and nothing without them', () => {
    expect(schemeFilterExpression({ linked: true })).toEqual({ filterValues: {} });
    expect(schemeFilterExpression({ linked: true, provider: 'NST', authorisation: 'pending' })).toEqual({
      FilterExpression: '#provider = :provider AND authorisation.#status = :authorisation',
      ExpressionAttributeNames: { '#provider': 'provider', '#status': 'status' },
      filterValues: { ':provider': 'NST', ':authorisation': 'pending' },
    });
  });

  it('gives a cursor back as it was for the same filters, and refuses one it did not give or gave for others', () => {
    const filters = { linked: true, route: 'pensionsync' } as const;
    const cursor = {
      partition: 1,
      after: { pk: 'SCHEME#a', sk: 'SCHEME', gsi1pk: 'SWEEP#pensionsync', gsi1sk: 'a' },
    };
    expect(decodeSchemeCursor(encodeSchemeCursor(cursor, filters), filters)).toEqual(cursor);
    expect(decodeSchemeCursor(encodeSchemeCursor({ partition: 0 }, filters), filters)).toEqual({
      partition: 0,
    });
    const forged = encodeSchemeCursor({ partition: -1 }, filters);
    const forOthers = [
      encodeSchemeCursor(cursor, { linked: true }),
      encodeSchemeCursor(cursor, { ...filters, provider: 'NST' }),
      encodeSchemeCursor(cursor, { ...filters, linked: false }),
    ];
    for (const token of ['not-ours', forged, Buffer.from('[1]').toString('base64url'), ...forOthers])
      expect(() => decodeSchemeCursor(token, filters)).toThrow(InvalidPageTokenError);
  });

  it('takes route, provider, authorisation, linked, limit and cursor, and nothing else', () => {
    expect(listSchemesQuery.parse({})).toEqual({ linked: 'true', limit: 50 });
    expect(listSchemesQuery.parse({ route: 'direct', limit: '5' })).toMatchObject({
      route: 'direct',
      limit: 5,
    });
    expect(listSchemesQuery.safeParse({ limit: '101' }).success).toBe(false);
    expect(listSchemesQuery.safeParse({ provider: 'XYZ' }).success).toBe(false);
    expect(listSchemesQuery.safeParse({ sort: 'name' }).success).toBe(false);
  });
});
