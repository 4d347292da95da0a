import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { traceable } from '#observability/aws-clients';

const LOCAL = { region: 'eu-west-2', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };

/** A client whose requests are answered in-process, and the headers of every request it sent. */
function answeredClient(credentials = LOCAL.credentials as DynamoDBClient['config']['credentials'] | object) {
  const sent: Record<string, string>[] = [];
  const client = traceable(
    new DynamoDBClient({
      ...LOCAL,
      credentials: credentials as never,
      endpoint: 'http://127.0.0.1:1',
      requestHandler: {
        handle: async (request: { headers: Record<string, string> }) => {
          sent.push({ ...request.headers });
          return {
            response: {
              statusCode: 200,
              headers: { 'content-type': 'application/x-amz-json-1.0' },
              body: new Blob(['{"Item":{"pk":{"S":"k"}}}']).stream(),
            },
          };
        },
      },
    }),
  );
  return { client, sent };
}

const get = new GetItemCommand({ TableName: 't', Key: { pk: { S: 'k' } } });

describe('the gateway’s AWS SDK clients', () => {
  it('leave out the SDK’s logger and user-agent middleware and keep the rest of the stack', () => {
    const stock = new DynamoDBClient(LOCAL).middlewareStack.identify();
    const names = traceable(new DynamoDBClient(LOCAL)).middlewareStack.identify();
    for (const left of ['loggerMiddleware', 'getUserAgentMiddleware']) {
      expect(stock.some((name) => name.startsWith(left))).toBe(true);
      expect(names.some((name) => name.startsWith(left))).toBe(false);
    }
    expect(names).toHaveLength(stock.length - 2);
  });

  it('still send signed requests and read their answers', async () => {
    const { client, sent } = answeredClient();
    const answer = await client.send(get);
    expect(answer.Item).toEqual({ pk: { S: 'k' } });
    expect(sent[0]?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=a\/\d{8}\/eu-west-2\/dynamodb\/aws4_request/,
    );
    expect(sent[0]?.['x-amz-user-agent']).toBeUndefined();
  });

  it('build one signer per client, which still asks for credentials on every request', async () => {
    let asked = 0;
    const rotating = async () => {
      asked += 1;
      return { accessKeyId: `key-${asked}`, secretAccessKey: 'b', expiration: new Date(Date.now() - 1) };
    };
    const { client, sent } = answeredClient(rotating);
    const signer = client.config.signer as (scheme?: unknown) => Promise<unknown>;
    expect(await signer()).toBe(await signer());
    await client.send(get);
    await client.send(get);
    // Expired credentials are asked for again, and the one signer signs with the new ones.
    const keys = sent.map((headers) => headers.authorization?.match(/Credential=([^/]+)/)?.[1]);
    expect(keys[0]).not.toBe(keys[1]);
    expect(keys.every((key) => key?.startsWith('key-'))).toBe(true);
  });
});
