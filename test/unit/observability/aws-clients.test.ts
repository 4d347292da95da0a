import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { traceable } from '#observability/aws-clients';

const LOCAL = { region: 'eu-west-2', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };

describe('the gateway’s AWS SDK clients', () => {
  it('leave out the SDK’s logger middleware and keep the rest of the stack', () => {
    const stock = new DynamoDBClient(LOCAL).middlewareStack.identify();
    const names = traceable(new DynamoDBClient(LOCAL)).middlewareStack.identify();
    expect(stock.some((name) => name.startsWith('loggerMiddleware'))).toBe(true);
    expect(names.some((name) => name.startsWith('loggerMiddleware'))).toBe(false);
    expect(names).toHaveLength(stock.length - 1);
  });

  it('still send requests and read their answers', async () => {
    const client = traceable(
      new DynamoDBClient({
        ...LOCAL,
        endpoint: 'http://127.0.0.1:1',
        requestHandler: {
          handle: async () => ({
            response: {
              statusCode: 200,
              headers: { 'content-type': 'application/x-amz-json-1.0' },
              body: new Blob(['{"Item":{"pk":{"S":"k"}}}']).stream(),
            },
          }),
        },
      }),
    );
    const answer = await client.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'k' } } }));
    expect(answer.Item).toEqual({ pk: { S: 'k' } });
  });
});
