import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConditionalCheckFailedException,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../../infra/local/aws-json-protocol.ts';
import { type LocalTable, startDynamoDb } from '../../../infra/local/dynamodb.ts';

// Shaped as in a synthesized template, which may hold properties CreateTable does not know.
const cloudFormationOnly = { ContributorInsightsSpecification: { Enabled: false } };
const table: LocalTable = {
  TableName: 'state',
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
    { AttributeName: 'gsi1pk', AttributeType: 'S' },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: 'gsi1',
      KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }],
      Projection: { ProjectionType: 'ALL' },
      ...cloudFormationOnly,
    },
  ],
};

describe('local DynamoDB', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function start(path?: string): Promise<DynamoDBClient> {
    const server = await startDynamoDb({ tables: [table], path });
    const client = new DynamoDBClient(localClientConfig(server.url));
    cleanups.push(async () => {
      client.destroy();
      await server.close();
    });
    return client;
  }

  it('creates ACTIVE tables that take puts, conditional puts, gets and GSI queries', async () => {
    const client = await start();
    const described = await client.send(new DescribeTableCommand({ TableName: 'state' }));
    expect(described.Table?.TableStatus).toBe('ACTIVE');
    expect(described.Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');

    const item = { pk: { S: 'employer#1' }, sk: { S: 'submission#1' }, gsi1pk: { S: 'pending' } };
    await client.send(new PutItemCommand({ TableName: 'state', Item: item }));
    await expect(
      client.send(
        new PutItemCommand({
          TableName: 'state',
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    ).rejects.toBeInstanceOf(ConditionalCheckFailedException);

    const got = await client.send(
      new GetItemCommand({ TableName: 'state', Key: { pk: item.pk, sk: item.sk }, ConsistentRead: true }),
    );
    expect(got.Item).toEqual(item);

    const queried = await client.send(
      new QueryCommand({
        TableName: 'state',
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :status',
        ExpressionAttributeValues: { ':status': { S: 'pending' } },
      }),
    );
    expect(queried.Items).toEqual([item]);
  });

  it('keeps data on disk across restarts when given a path', async () => {
    const path = await mkdtemp(join(tmpdir(), 'dynalite-'));
    cleanups.push(() => rm(path, { recursive: true, force: true }));
    const key = { pk: { S: 'a' }, sk: { S: 'b' } };

    const first = await startDynamoDb({ tables: [table], path });
    const firstClient = new DynamoDBClient(localClientConfig(first.url));
    try {
      await firstClient.send(new PutItemCommand({ TableName: 'state', Item: key }));
    } finally {
      firstClient.destroy();
      await first.close();
    }

    const second = await start(path);
    const got = await second.send(new GetItemCommand({ TableName: 'state', Key: key }));
    expect(got.Item).toEqual(key);
  });
});
