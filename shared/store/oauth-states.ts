import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, TTL_ATTRIBUTE, table, tableName, ttlOf } from './table.ts';

/** The `state` of an OAuth authorisation request: single-use and expiring, it protects the callback. */
export interface OAuthState {
  state: string;
  connectionId: string;
  redirectUri: string;
  expiresAt: string;
}

const key = (state: string) => ({ pk: `OAUTH_STATE#${state}`, sk: 'OAUTH_STATE' });

export async function putOAuthState(oauthState: OAuthState): Promise<void> {
  await table.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...key(oauthState.state),
        type: 'oauth-state',
        ...oauthState,
        [TTL_ATTRIBUTE]: ttlOf(Date.parse(oauthState.expiresAt)),
      },
    }),
  );
}

/**
 * Takes a state once: a second use (a replayed callback) finds nothing. An expired state may still be
 * here until DynamoDB's TTL removes it; the caller refuses it by its `expiresAt`.
 */
export async function consumeOAuthState(state: string): Promise<OAuthState | undefined> {
  try {
    const { Attributes } = await table.send(
      new DeleteCommand({
        TableName: tableName(),
        Key: key(state),
        ConditionExpression: 'attribute_exists(pk)',
        ReturnValues: 'ALL_OLD',
      }),
    );
    if (!Attributes) return undefined;
    const { state: taken, connectionId, redirectUri, expiresAt } = Attributes as OAuthState;
    return { state: taken, connectionId, redirectUri, expiresAt };
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}
