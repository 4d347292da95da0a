import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/**
 * One HTTP request with its whole answer, over Node's own HTTP client and connections kept alive, as the
 * AWS SDK's request handler sends. For the requests the gateway signs itself (document-requests.ts):
 * `fetch` (undici) spent about four times the CPU of `node:http` on each (docs/request-cost.md).
 */
export interface HttpAnswer {
  status: number;
  ok: boolean;
  text: string;
}

export interface HttpExchange {
  method: 'GET' | 'PUT';
  headers: Record<string, string>;
  body?: string;
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

export function exchangeHttp(url: URL, { method, headers, body }: HttpExchange): Promise<HttpAnswer> {
  const secure = url.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  const { http, https } = agentsOnce();
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        method,
        agent: secure ? https : http,
        headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        timeout: IDLE_TIMEOUT_MS,
      },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          resolve({
            status,
            ok: status >= 200 && status < 300,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${IDLE_TIMEOUT_MS} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}
