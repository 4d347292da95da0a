import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';

/**
 * One HTTP request over Node's own HTTP client and connections kept alive, as the AWS SDK's request handler
 * sends, for the requests the gateway signs itself (document-requests.ts): `fetch` (undici) spent about four
 * times the CPU of `node:http` on each (docs/request-cost.md). The answer offers what those requests read
 * of a fetch `Response`: status, headers, the whole text, or the body as a web stream.
 */
export interface HttpAnswer {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  /** The body as a stream, for an answer read piece by piece; read either this or text(), once. */
  readonly body: ReadableStream<Uint8Array>;
}

export interface HttpExchange {
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** A request that has sent or received nothing for this long fails (and is tried again by its caller). */
export const IDLE_TIMEOUT_MS = 30_000;

let agents: { http: HttpAgent; https: HttpsAgent } | undefined;

/** The process's connections, made on first use: kept alive, at most 50 to a host, as the SDK keeps them. */
function agentsOnce() {
  agents ??= {
    http: new HttpAgent({ keepAlive: true, maxSockets: 50 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: 50 }),
  };
  return agents;
}

function answerOf(response: IncomingMessage): HttpAnswer {
  const status = response.statusCode ?? 0;
  return {
    status,
    ok: status >= 200 && status < 300,
    headers: {
      get: (name) => {
        const value = response.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    async text() {
      const chunks: Buffer[] = [];
      for await (const chunk of response) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    get body() {
      return Readable.toWeb(response) as ReadableStream<Uint8Array>;
    },
  };
}

/** Sends the request and answers once the status and headers are in; the body is read from the answer. */
export function exchangeHttp(url: URL, { method, headers, body }: HttpExchange): Promise<HttpAnswer> {
  const secure = url.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  const { http, https } = agentsOnce();
  const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      { method, agent: secure ? https : http, headers: { ...headers, ...length }, timeout: IDLE_TIMEOUT_MS },
      (response) => resolve(answerOf(response)),
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${IDLE_TIMEOUT_MS} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}
