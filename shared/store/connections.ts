import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { listPartitionPage, stripKeys, table, tableName } from './table.ts';

export type ConnectionStatus = 'pending' | 'active' | 'refused' | 'reauthorisation-needed';

/** A TPP OAuth 2 grant: one consenting user, every admin account they can reach. Tokens live in Secrets Manager. */
export interface Connection {
  connectionId: string;
  status: ConnectionStatus;
  createdAt: string;
  updatedAt?: string;
  /** Where the customer's browser goes once the grant is made. */
  returnUrl?: string;
}

const key = (connectionId: string) => ({ pk: `CONNECTION#${connectionId}`, sk: 'CONNECTION' });

/** Every connection is also listed in one partition of the byScheme index, oldest first. */
const LISTED = 'CONNECTIONS';
const listing = (connection: Connection) => ({
  gsi1pk: LISTED,
  gsi1sk: `${connection.createdAt}#${connection.connectionId}`,
});

export function listConnections(limit: number, cursor?: string) {
  return listPartitionPage<Connection>(LISTED, limit, cursor);
}

export async function putConnection(connection: Connection): Promise<void> {
  await table.send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...key(connection.connectionId), ...listing(connection), type: 'connection', ...connection },
    }),
  );
}

export async function getConnection(connectionId: string): Promise<Connection | undefined> {
  const { Item } = await table.send(
    new GetCommand({ TableName: tableName(), Key: key(connectionId), ConsistentRead: true }),
  );
  return Item ? stripKeys<Connection>(Item) : undefined;
}

export async function setConnectionStatus(
  connectionId: string,
  status: ConnectionStatus,
  at: Date,
): Promise<void> {
  await table.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key(connectionId),
      UpdateExpression: 'SET #status = :status, updatedAt = :at',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': status, ':at': at.toISOString() },
    }),
  );
}
