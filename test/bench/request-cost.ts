import { Agent, request as httpRequest } from 'node:http';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS, REGION } from '../../infra/local/aws-json-protocol.ts';
import { startStandInsProcess } from '../../infra/local/stand-ins-process.ts';

/**
 * `npm exec -- tsx test/bench/request-cost.ts`: figures, never assertions. CPU of this process per
 * DynamoDB GetItem, UpdateItem and PutItem, one at a time, against dynalite in another process (the
 * month-end bench's stand-ins process), through the gateway's own table client (shared/store/table.ts),
 * beside the same client untrimmed (as it was before aws-clients.ts trimmed its requests), a bare
 * DynamoDBClient with hand-written attribute values, a bare DocumentClient, and plain
 * node:http posting the same bodies (the floor: no SDK). What is left between the gateway's client and
 * the floor is the SDK's JavaScript per request.
 */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 500);
const ROUNDS = Number(process.env.BENCH_REQUEST_ROUNDS ?? 6);
const OPERATIONS = ['get', 'update', 'put'] as const;
const TABLE = 'request-cost';

type Operations = {
  get(id: number): Promise<unknown>;
  update(id: number): Promise<unknown>;
  put(id: number): Promise<unknown>;
};

const item = (id: number) => ({
  pk: `SUBMISSION#${id}`,
  sk: 'SUBMISSION',
  status: 'submitted',
  schemeId: `scheme-${id % 50}`,
  period: { start: '2026-11-02', end: '2026-11-08' },
  history: [{ at: '2026-11-21T10:00:00.000Z', status: 'accepted' }],
  attempts: 1,
});

const attributeItem = (id: number) => ({
  pk: { S: `SUBMISSION#${id}` },
  sk: { S: 'SUBMISSION' },
  status: { S: 'submitted' },
  schemeId: { S: `scheme-${id % 50}` },
  period: { M: { start: { S: '2026-11-02' }, end: { S: '2026-11-08' } } },
  history: { L: [{ M: { at: { S: '2026-11-21T10:00:00.000Z' }, status: { S: 'accepted' } } }] },
  attempts: { N: '1' },
});

/** What every UpdateItem variant sends besides its key and values. */
const UPDATE = {
  TableName: TABLE,
  UpdateExpression: 'SET #status = :status, attempts = attempts + :one',
  ConditionExpression: 'attribute_exists(pk)',
  ExpressionAttributeNames: { '#status': 'status' },
};

function documentOperations(client: DynamoDBDocumentClient): Operations {
  return {
    get: (id) =>
      client.send(new GetCommand({ TableName: TABLE, Key: { pk: `SUBMISSION#${id}`, sk: 'SUBMISSION' } })),
    update: (id) =>
      client.send(
        new UpdateCommand({
          ...UPDATE,
          Key: { pk: `SUBMISSION#${id}`, sk: 'SUBMISSION' },
          ExpressionAttributeValues: { ':status': 'processed', ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    put: (id) => client.send(new PutCommand({ TableName: TABLE, Item: item(id) })),
  };
}

function attributeOperations(client: DynamoDBClient): Operations {
  return {
    get: (id) =>
      client.send(
        new GetItemCommand({
          TableName: TABLE,
          Key: { pk: { S: `SUBMISSION#${id}` }, sk: { S: 'SUBMISSION' } },
        }),
      ),
    update: (id) =>
      client.send(
        new UpdateItemCommand({
          ...UPDATE,
          Key: { pk: { S: `SUBMISSION#${id}` }, sk: { S: 'SUBMISSION' } },
          ExpressionAttributeValues: { ':status': { S: 'processed' }, ':one': { N: '1' } },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    put: (id) => client.send(new PutItemCommand({ TableName: TABLE, Item: attributeItem(id) })),
  };
}

/** The floor: the same JSON bodies over a keep-alive node:http agent, no SDK, no signing (dynalite checks none). */
function plainHttpOperations(endpoint: string): Operations {
  const url = new URL(endpoint);
  const agent = new Agent({ keepAlive: true });
  const post = (target: string, body: object) =>
    new Promise<unknown>((resolve, reject) => {
      const payload = JSON.stringify(body);
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/',
          agent,
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': `DynamoDB_20120810.${target}`,
            authorization: `AWS4-HMAC-SHA256 Credential=local/20261121/${REGION}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
            'x-amz-date': '20261121T100000Z',
            'content-length': Buffer.byteLength(payload),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const answer = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            if ((response.statusCode ?? 500) >= 400) reject(new Error(JSON.stringify(answer)));
            else resolve(answer);
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  return {
    get: (id) =>
      post('GetItem', { TableName: TABLE, Key: { pk: { S: `SUBMISSION#${id}` }, sk: { S: 'SUBMISSION' } } }),
    update: (id) =>
      post('UpdateItem', {
        ...UPDATE,
        Key: { pk: { S: `SUBMISSION#${id}` }, sk: { S: 'SUBMISSION' } },
        ExpressionAttributeValues: { ':status': { S: 'processed' }, ':one': { N: '1' } },
        ReturnValues: 'UPDATED_NEW',
      }),
    put: (id) => post('PutItem', { TableName: TABLE, Item: attributeItem(id) }),
  };
}

/** CPU microseconds of this process per request, over `count` requests made one after another. */
async function cpuPerRequest(run: (id: number) => Promise<unknown>, count: number): Promise<number> {
  const before = process.cpuUsage();
  for (let id = 0; id < count; id++) await run(id % 100);
  const after = process.cpuUsage();
  return (after.user - before.user + after.system - before.system) / count;
}

export async function runRequestCostBench() {
  const standIns = await startStandInsProcess();
  try {
    const { dynamodb } = await standIns.awsServices({
      tables: [
        {
          TableName: TABLE,
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
        },
      ],
      buckets: [],
      writeOnce: [],
    });
    Object.assign(process.env, {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb,
      TABLE_NAME: TABLE,
    });
    // The gateway's own client, built as a function builds it (from the environment).
    const { table } = await import('#store/table');
    const bare = new DynamoDBClient({});
    // The table client as it was before its requests were trimmed (aws-clients.ts): the logger middleware out.
    const untrimmed = new DynamoDBClient({});
    untrimmed.middlewareStack.remove('loggerMiddleware');
    const variants: [string, Operations][] = [
      ['gateway table client (shared/store/table.ts)', documentOperations(table)],
      [
        'the same, untrimmed (logger middleware out only)',
        documentOperations(
          DynamoDBDocumentClient.from(untrimmed, { marshallOptions: { removeUndefinedValues: true } }),
        ),
      ],
      ['bare DocumentClient', documentOperations(DynamoDBDocumentClient.from(new DynamoDBClient({})))],
      ['bare DynamoDBClient, attribute values', attributeOperations(bare)],
      ['node:http, same bodies (no SDK)', plainHttpOperations(dynamodb)],
    ];
    const only = process.env.BENCH_REQUEST_VARIANT;
    const measured = variants.filter(([label]) => !only || label.includes(only));
    const seed = attributeOperations(bare);
    for (let id = 0; id < 100; id++) await seed.put(id);
    // Warm every variant, then take each figure's lowest of several rounds, the variants taking turns: the
    // machine is shared, and another process's burst only ever adds to a round.
    for (const [, operations] of measured) {
      for (const operation of OPERATIONS) await cpuPerRequest(operations[operation], 200);
    }
    const lowest = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [label, operations] of measured) {
        for (const operation of OPERATIONS) {
          const cost = await cpuPerRequest(operations[operation], REQUESTS);
          const key = `${label}/${operation}`;
          lowest.set(key, Math.min(lowest.get(key) ?? Number.POSITIVE_INFINITY, cost));
        }
      }
    }
    console.log(
      `CPU of this process per DynamoDB request (µs), one at a time; lowest of ${ROUNDS} rounds of ${REQUESTS}`,
    );
    console.log(
      `${'client'.padEnd(48)}${'GetItem'.padStart(9)}${'UpdateItem'.padStart(12)}${'PutItem'.padStart(9)}`,
    );
    for (const [label] of measured) {
      const [get, update, put] = OPERATIONS.map((operation) =>
        (lowest.get(`${label}/${operation}`) ?? 0).toFixed(0),
      ) as [string, string, string];
      console.log(`${label.padEnd(48)}${get.padStart(9)}${update.padStart(12)}${put.padStart(9)}`);
    }
  } finally {
    await standIns.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runRequestCostBench();
