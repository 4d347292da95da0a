import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { UPLOAD_ROUTE_PATH } from '../stack.ts';
import { ACCOUNT, closeServer, type LocalServer, listenLocal } from './aws-json-protocol.ts';
import type { FunctionHost } from './functions.ts';
import type { LocalRoutes } from './local-routes.ts';
import { type CfnTemplate, resolve, resourcesOfType } from './template.ts';

export interface LocalRoute {
  method: string;
  path: string;
  functionArn: string;
}

/** The template's HTTP API routes and the function behind each. */
export function routesOf(template: CfnTemplate): LocalRoute[] {
  const integrations = new Map(
    resourcesOfType(template, 'AWS::ApiGatewayV2::Integration').map(([id, resource]) => [
      id,
      String(resolve(resource.Properties?.IntegrationUri, template)),
    ]),
  );
  return resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([id, resource]) => {
    const [method = '', path = ''] = String(resource.Properties?.RouteKey).split(' ');
    const target = String(resolve(resource.Properties?.Target, template)).replace(/^integrations\//, '');
    const functionArn = integrations.get(target);
    if (!functionArn) throw new Error(`route ${id} targets unknown integration ${target}`);
    return { method, path, functionArn };
  });
}

/**
 * A synchronous Lambda invocation carries at most 6 MB, so a larger body never reaches a function behind
 * API Gateway (whose own limit, 10 MB, is the looser). Refused here as there, before any function sees it.
 */
export const MAX_BODY_BYTES = 6 * 1024 * 1024;

interface CompiledRoute extends LocalRoute {
  pattern: RegExp;
  parameters: string[];
}

function compile(route: LocalRoute): CompiledRoute {
  const parameters: string[] = [];
  const source = route.path.replace(/\{(\w+)(\+?)\}/g, (_, name: string, greedy: string) => {
    parameters.push(name);
    return greedy ? '(.+)' : '([^/]+)';
  });
  return { ...route, pattern: new RegExp(`^${source}$`), parameters };
}

/**
 * The API front door: turns HTTP requests into the payload-format-2.0 events HTTP API integrations send,
 * and Lambda's answers back into HTTP. Requests are not SigV4-checked here; on AWS, IAM does that.
 */
export async function startApiGateway(options: {
  port?: number;
  routes: LocalRoute[];
  functions: FunctionHost;
  /** The runtime's own routes, answered before the template's. */
  localRoutes?: LocalRoutes;
}): Promise<LocalServer> {
  const routes = options.routes.map(compile);
  const server = createServer((request, response) => {
    handle(request, response, routes, options.functions, options.localRoutes).catch((error: unknown) => {
      send(response, { statusCode: 500, body: JSON.stringify({ message: String(error) }) });
    });
  });
  const url = await listenLocal(server, options.port ?? 0);
  return { url, close: () => closeServer(server) };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  routes: CompiledRoute[],
  host: FunctionHost,
  localRoutes?: LocalRoutes,
) {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const method = request.method ?? 'GET';
  const local = await localRoutes?.(
    method,
    url,
    async () => (await readBody(request))?.toString('utf8') ?? '',
  );
  if (local) {
    send(response, {
      statusCode: local.status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(local.body),
    });
    return;
  }
  let matched: { route: CompiledRoute; values: string[] } | undefined;
  for (const route of routes) {
    const match = route.method === method ? route.pattern.exec(url.pathname) : null;
    if (match) {
      matched = { route, values: match.slice(1) };
      break;
    }
  }
  if (!matched) {
    send(response, { statusCode: 404, body: JSON.stringify({ message: 'Not Found' }) });
    return;
  }
  const body = await readBody(request);
  if (body === undefined) {
    send(response, tooLarge(url.pathname));
    return;
  }
  const { route, values } = matched;
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers: {
      ...Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [
          name,
          Array.isArray(value) ? value.join(',') : (value ?? ''),
        ]),
      ),
      // API Gateway tells the function how the caller reached it.
      'x-forwarded-proto': 'http',
    },
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
    pathParameters: Object.fromEntries(
      route.parameters.map((name, i) => [name, decodeURIComponent(values[i] ?? '')]),
    ),
    body: body.length ? body.toString('utf8') : undefined,
    isBase64Encoded: false,
    requestContext: {
      accountId: ACCOUNT,
      apiId: 'local',
      domainName: request.headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: request.headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  };
  send(response, (await host.invoke(route.functionArn, event)) as APIGatewayProxyStructuredResultV2);
}

/**
 * The body, or undefined when it is over the limit. An oversized body is still read to its end (and
 * dropped), so the connection stays usable for the client's next request instead of being reset.
 */
async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = Number(request.headers['content-length'] ?? 0);
  const declaredTooLarge = size > MAX_BODY_BYTES;
  if (!declaredTooLarge) size = 0;
  for await (const chunk of request) {
    if (declaredTooLarge) continue;
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
    else chunks.length = 0;
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks);
}

/** The 413 for a body over the limit, pointing to the route that takes a payroll of any size. */
function tooLarge(path: string): APIGatewayProxyStructuredResultV2 {
  const message = `Request bodies are limited to ${MAX_BODY_BYTES} bytes (Lambda's 6 MB); send a larger payroll by upload: POST ${UPLOAD_ROUTE_PATH}, PUT the document to the URL it returns, then POST {"uploadId": …} to the submissions route`;
  return {
    statusCode: 413,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify({
      type: 'about:blank',
      title: 'Request body too large',
      status: 413,
      detail: message,
      instance: path,
      errors: [{ code: 'body-too-large', message, source: 'gateway' }],
    }),
  };
}

function send(response: ServerResponse, result: APIGatewayProxyStructuredResultV2) {
  const body = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? '');
  response.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
  response.end(body);
}
