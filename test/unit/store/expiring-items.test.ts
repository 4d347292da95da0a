import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../../infra/local/aws-json-protocol.ts';
import { startGatewayTable } from '../../support/gateway-table.ts';

/**
 * OAuth states, leases and idempotency claims expire. DynamoDB's TTL deletes them some time after; the
 * embedded DynamoDB never does, so the reads and conditional writes that must ignore an expired item
 * check the time themselves. Run against the template's own table in dynalite.
 */

type Stores = {
  idempotency: typeof import('#store/idempotency');
  leases: typeof import('#store/leases');
  oauthStates: typeof import('#store/oauth-states');
  table: typeof import('#store/table');
};

let stores: Stores;
let raw: DynamoDBDocumentClient;
let ttlAttribute: unknown;
let stop: () => Promise<void>;

beforeAll(async () => {
  const { dynamodb, properties } = await startGatewayTable();
  ttlAttribute = properties.TimeToLiveSpecification;
  stores = {
    idempotency: await import('#store/idempotency'),
    leases: await import('#store/leases'),
    oauthStates: await import('#store/oauth-states'),
    table: await import('#store/table'),
  };
  const client = new DynamoDBClient(localClientConfig(dynamodb.url));
  raw = DynamoDBDocumentClient.from(client);
  stop = async () => {
    client.destroy();
    await dynamodb.close();
  };
}, 60_000);

afterAll(() => stop?.());

const itemAt = async (pk: string, sk: string) =>
  (await raw.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk, sk } }))).Item;
const DAY_MS = 24 * 60 * 60 * 1000;

describe('the state table', () => {
  it('has DynamoDB TTL on the attribute the stores write', () => {
    expect(ttlAttribute).toEqual({ AttributeName: stores.table.TTL_ATTRIBUTE, Enabled: true });
  });
});

describe('idempotency claims', () => {
  const at = new Date('2026-11-01T10:00:00Z');
  const lifetimeMs = () => stores.idempotency.IDEMPOTENCY_KEY_LIFETIME_DAYS * DAY_MS;

  it('expire after their lifetime: found until then, ignored and claimable again after, though still stored', async () => {
    const { claimIdempotencyKey, findIdempotencyClaim } = stores.idempotency;
    const first = { submissionId: 'sub-1', requestHash: 'h1' };
    expect(await claimIdempotencyKey('scheme-1', 'key-1', first, at)).toBe(true);
    const stored = await itemAt('IDEMPOTENCY#scheme-1#key-1', 'IDEMPOTENCY');
    expect(stored?.[stores.table.TTL_ATTRIBUTE]).toBe((at.getTime() + lifetimeMs()) / 1000);

    const justBefore = new Date(at.getTime() + lifetimeMs() - 1000);
    expect(await findIdempotencyClaim('scheme-1', 'key-1', justBefore)).toEqual(first);
    const second = { submissionId: 'sub-2', requestHash: 'h2' };
    expect(await claimIdempotencyKey('scheme-1', 'key-1', second, justBefore)).toBe(false);

    const expiry = new Date(at.getTime() + lifetimeMs());
    expect(await findIdempotencyClaim('scheme-1', 'key-1', expiry)).toBeUndefined();
    // dynalite keeps the item (no TTL); the claim is ignored all the same, and taken over.
    expect(await itemAt('IDEMPOTENCY#scheme-1#key-1', 'IDEMPOTENCY')).toBeDefined();
    expect(await claimIdempotencyKey('scheme-1', 'key-1', second, expiry)).toBe(true);
    expect(await findIdempotencyClaim('scheme-1', 'key-1', expiry)).toEqual(second);
  });
});

describe('leases', () => {
  it('carry their end as the TTL, and a lapsed lease lets the next holder in though still stored', async () => {
    const { acquireLease } = stores.leases;
    const now = new Date('2026-11-01T10:00:00Z');
    expect(await acquireLease('refresh#c1', 'holder-a', now, 30_000)).toBe(true);
    const stored = await itemAt('LEASE#refresh#c1', 'LEASE');
    expect(stored?.[stores.table.TTL_ATTRIBUTE]).toBe(now.getTime() / 1000 + 30);
    expect(await acquireLease('refresh#c1', 'holder-b', new Date(now.getTime() + 29_000), 30_000)).toBe(
      false,
    );
    expect(await acquireLease('refresh#c1', 'holder-b', new Date(now.getTime() + 31_000), 30_000)).toBe(true);
    expect((await itemAt('LEASE#refresh#c1', 'LEASE'))?.holder).toBe('holder-b');
  });
});

describe('OAuth states', () => {
  it('carry their expiry as the TTL, rounded up to the second, and are taken once', async () => {
    const { putOAuthState, consumeOAuthState } = stores.oauthStates;
    const state = {
      state: 'st-1',
      connectionId: 'conn-1',
      redirectUri: 'https://gateway.example.test/v1/tpp/callback',
      expiresAt: '2026-11-01T10:15:00.250Z',
    };
    await putOAuthState(state);
    const stored = await itemAt('OAUTH_STATE#st-1', 'OAUTH_STATE');
    expect(stored?.[stores.table.TTL_ATTRIBUTE]).toBe(Date.parse('2026-11-01T10:15:01Z') / 1000);
    expect(await consumeOAuthState('st-1')).toEqual(state);
    expect(await consumeOAuthState('st-1')).toBeUndefined();
  });
});
