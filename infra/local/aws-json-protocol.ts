import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalServer {
  url: string;
  close(): Promise<void>;
}

/** The region and account of every local ARN: the stand-ins' own and the template's. */
export const REGION = 'eu-west-2';
export const ACCOUNT = '000000000000';

/** The stand-ins check no signatures; these are what local SDK clients sign with. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Configuration for an AWS SDK v3 client talking to a local stand-in. */
export function localClientConfig(url: string) {
  return { endpoint: url, region: REGION, credentials: LOCAL_CREDENTIALS };
}

export type JsonObject = Record<string, unknown>;

/** The JSON protocols carry timestamps as epoch seconds. */
export const epochSeconds = (time: Date | number) => Number(time) / 1000;

export type Operation = (input: JsonObject) => Promise<unknown>;

/** Requests a stand-in received, by operation name (the part of `x-amz-target` after the dot). */
export interface OperationCounts {
  /** Requests of the named operation, or of every operation. */
  calls(operation?: string): number;
}

/** Counts requests by the operation their `x-amz-target` header names, as they arrive. */
export function countOperations(server: Server): OperationCounts {
  const counts = new Map<string, number>();
  server.on('request', (request: IncomingMessage) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.slice(target.indexOf('.') + 1);
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
  });
  return {
    calls: (operation) =>
      operation === undefined
        ? [...counts.values()].reduce((sum, count) => sum + count, 0)
        : (counts.get(operation) ?? 0),
  };
}

/**
 * An error the service answers with, as `{__type, message}` and `x-amzn-errortype`,
 * which SDK v3 clients turn into their exception classes.
 */
export class AwsServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

export function requiredString(input: JsonObject, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '') {
    throw new AwsServiceError('ValidationException', `${field} is required and must be a string`);
  }
  return value;
}

export function optionalString(input: JsonObject, field: string): string | undefined {
  return input[field] === undefined ? undefined : requiredString(input, field);
}

/** Listens on 127.0.0.1 only, so nothing local is exposed beyond the machine. */
export async function listenLocal(server: Server, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** SDK clients keep connections alive, so a plain close() would wait for them to idle out. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

const JSON_CONTENT_TYPE = /^application\/x-amz-json-1\.[01]$/;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function dispatch(
  request: IncomingMessage,
  targetPrefix: string,
  operations: Record<string, Operation>,
): Promise<unknown> {
  const target = String(request.headers['x-amz-target'] ?? '');
  const [prefix, name = ''] = target.split('.');
  const operation = prefix === targetPrefix && Object.hasOwn(operations, name) ? operations[name] : undefined;
  if (!operation) throw new AwsServiceError('UnknownOperationException', `Unknown operation ${target}`);
  const body = await readBody(request);
  let input: unknown;
  try {
    input = body === '' ? {} : JSON.parse(body);
  } catch {
    throw new AwsServiceError('SerializationException', 'Request body is not valid JSON');
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new AwsServiceError('SerializationException', 'Request body must be a JSON object');
  }
  return operation(input as JsonObject);
}

export async function startAwsJsonServer(options: {
  port?: number;
  targetPrefix: string;
  operations: Record<string, Operation>;
}): Promise<LocalServer & OperationCounts> {
  const server = createServer((request, response) => {
    const requested = request.headers['content-type'] ?? '';
    const contentType = JSON_CONTENT_TYPE.test(requested) ? requested : 'application/x-amz-json-1.0';
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': contentType, ...headers });
      response.end(JSON.stringify(body ?? {}));
    };
    dispatch(request, options.targetPrefix, options.operations).then(
      (result) => answer(200, result),
      (error: unknown) => {
        const failure =
          error instanceof AwsServiceError
            ? error
            : new AwsServiceError(
                'InternalFailure',
                error instanceof Error ? error.message : String(error),
                500,
              );
        answer(
          failure.status,
          { __type: failure.type, message: failure.message },
          { 'x-amzn-errortype': failure.type },
        );
      },
    );
  });
  const counts = countOperations(server);
  const url = await listenLocal(server, options.port ?? 0);
  return { url, close: () => closeServer(server), calls: counts.calls };
}
