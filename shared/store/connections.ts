import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { stripKeys, table, tableName } from './table.ts';

/** A TPP OAuth 2 grant: one consenting user, every admin account they can reach. Tokens live in Secrets Manager. */
export interface Connection {
  connectionId: string;
  status: 'pending' | 'active' | 'reauthorisation-needed';
  createdAt: string;
}

const key = (connectionId: string) => ({ pk: `CONNECTION#${connectionId}`, sk: 'CONNECTION' });

export async function putConnection(connection: Connection): Promise<void> {
  await table.send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...key(connection.connectionId), type: 'connection', ...connection },
    }),
  );
}

export async function getConnection(connectionId: string): Promise<Connection | undefined> {
  const { Item } = await table.send(new GetCommand({ TableName: tableName(), Key: key(connectionId) }));
  return Item ? stripKeys<Connection>(Item) : undefined;
}
