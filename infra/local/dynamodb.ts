import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type KeySchemaElement,
  type Projection,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import {
  closeServer,
  countOperations,
  type LocalServer,
  listenLocal,
  localClientConfig,
  type OperationCounts,
} from './aws-json-protocol.ts';

/** Index as declared in the template; CloudFormation-only properties are ignored. */
export interface LocalIndex {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: Projection;
}

export interface LocalTable {
  TableName: string;
  KeySchema: KeySchemaElement[];
  AttributeDefinitions: AttributeDefinition[];
  GlobalSecondaryIndexes?: LocalIndex[];
  LocalSecondaryIndexes?: LocalIndex[];
}

// Dynalite validates strictly, so pass only what the CreateTable API knows.
const apiIndexes = (indexes: LocalIndex[] | undefined) =>
  indexes?.map(({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection }));

async function createTable(client: DynamoDBClient, table: LocalTable): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: table.TableName,
        KeySchema: table.KeySchema,
        AttributeDefinitions: table.AttributeDefinitions,
        GlobalSecondaryIndexes: apiIndexes(table.GlobalSecondaryIndexes),
        LocalSecondaryIndexes: apiIndexes(table.LocalSecondaryIndexes),
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  } catch (error) {
    // An on-disk store keeps its tables from the previous run.
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  // With createTableMs 0 the table turns ACTIVE on the next tick, but only after CreateTable has answered.
  for (let attempt = 0; attempt < 500; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table.TableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await sleep(10);
  }
  throw new Error(`Table ${table.TableName} did not become ACTIVE`);
}

export async function startDynamoDb(options: {
  port?: number;
  tables: LocalTable[];
  /** LevelDB directory, so data survives restarts; in memory when absent. */
  path?: string;
}): Promise<LocalServer & OperationCounts> {
  const server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const counts = countOperations(server);
  const url = await listenLocal(server, options.port ?? 0);
  const close = () => closeServer(server);
  const client = new DynamoDBClient(localClientConfig(url));
  try {
    await Promise.all(options.tables.map((table) => createTable(client, table)));
  } catch (error) {
    await close();
    throw error;
  } finally {
    client.destroy();
  }
  return { url, close, calls: counts.calls };
}
