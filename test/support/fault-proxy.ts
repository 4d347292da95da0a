import { createHash } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A fault-injecting HTTP proxy for tests and benchmarks: it sits between the gateway and a provider sandbox
 * and, on a seeded schedule, fails requests the ways a provider's edge does. The sandboxes stay as they are;
 * what reached the provider is read from the sandbox's own records.
 *
 * The schedule is deterministic under concurrency: whether the n-th attempt of a given request (method,
 * path and body) is faulted, and how, follows from the seed and that request alone, not from which other
 * requests happened to arrive first.
 */
export type FaultKind =
  /** 429 with Retry-After; not forwarded. */
  | 'throttle'
  /** 500, 502, 503 or 504; not forwarded. */
  | 'server-error'
  /** Forwarded, and the provider's answer replaced by 502: the provider took a request the caller sees fail. */
  | 'server-error-after'
  /** Forwarded at once; the answer relayed only after `slowMs` (meant to be beyond the caller's timeout). */
  | 'slow'
  /** The connection reset before the request reaches the provider. */
  | 'reset-before'
  /** Forwarded, the provider's answer dropped and the connection reset: the provider took it, the caller never hears. */
  | 'reset-after'
  /** Not forwarded, and never answered: the socket is held until the caller gives up (or `hangMs`, or close). */
  | 'hang';

export const FAULT_KINDS: readonly FaultKind[] = [
  'throttle',
  'server-error',
  'server-error-after',
  'slow',
  'reset-before',
  'reset-after',
  'hang',
];

/** Faults that let the request reach the provider. */
const FORWARDED: ReadonlySet<FaultKind> = new Set(['server-error-after', 'slow', 'reset-after']);

export interface FaultRule {
  /** Matches the method; any when absent. */
  method?: string;
  /** Matches the path (without the query); a string matches as a prefix. */
  path: RegExp | string;
  /** Share of the matching requests that are faulted, 0..1. */
  rate: number;
  /** Relative weights of the kinds injected; every kind alike when absent. */
  kinds?: Partial<Record<FaultKind, number>>;
}

export interface FaultProxyOptions {
  /** The provider's origin, e.g. the sandbox's url. */
  target: string;
  seed: number;
  /** Per-route fault rates, the first matching rule deciding; none (the default) forwards everything. */
  rules?: FaultRule[];
  /** The Retry-After of a throttle, in seconds. */
  retryAfterSeconds?: number;
  /** How long a slow answer is held back. */
  slowMs?: number;
  /** How long a hang holds the socket before resetting it; held until the caller gives up when absent. */
  hangMs?: number;
  port?: number;
}

export interface InjectedFault {
  kind: FaultKind;
  method: string;
  path: string;
  /** Whether the provider received the request. */
  forwarded: boolean;
  /** Injected because an outage window was open, not by the rules. */
  outage: boolean;
  at: Date;
}

/** A request as the proxy received it, and the fault it met, if any. */
export interface ProxiedRequest {
  method: string;
  path: string;
  body: string;
  fault?: FaultKind;
}

export interface FaultProxy {
  url: string;
  /** Replaces the rules, e.g. to arm faults once a test's fixtures are set up through a healthy provider. */
  setRules(rules: FaultRule[]): void;
  /** Fails every request with `kind` for `durationMs` from now (until `endOutage`); resolves when it ends. */
  startOutage(durationMs: number, kind?: FaultKind): Promise<void>;
  endOutage(): void;
  /** Every fault injected, in order. */
  faults(): InjectedFault[];
  /** Faults injected, by kind (every kind present, zero when none). */
  counts(): Record<FaultKind, number>;
  /** Requests received and requests forwarded to the provider. */
  traffic(): { received: number; forwarded: number };
  /** Every request received, in order, with its body: what the caller tried, whatever reached the provider. */
  requests(): ProxiedRequest[];
  close(): Promise<void>;
}

/** mulberry32: a small, well-mixed 32-bit generator; one draw per request attempt is all that is needed. */
function draw(seed: number): number {
  let t = (seed + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}

/** Two independent numbers in [0, 1) for the attempt: whether to fault, and which kind. */
function drawsFor(seed: number, requestKey: string, attempt: number): [number, number] {
  const digest = createHash('sha256').update(`${seed}\n${attempt}\n${requestKey}`).digest();
  return [draw(digest.readUInt32BE(0)), draw(digest.readUInt32BE(4))];
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method) return false;
  return typeof rule.path === 'string' ? path.startsWith(rule.path) : rule.path.test(path);
}

function pickKind(weights: Partial<Record<FaultKind, number>> | undefined, x: number): FaultKind {
  const entries = FAULT_KINDS.map((kind) => [kind, weights ? (weights[kind] ?? 0) : 1] as const).filter(
    ([, weight]) => weight > 0,
  );
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let point = x * total;
  for (const [kind, weight] of entries) {
    if (point < weight) return kind;
    point -= weight;
  }
  return entries.at(-1)?.[0] ?? 'server-error';
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

interface UpstreamAnswer {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  let rules = options.rules ?? [];
  let outage: { kind: FaultKind; until: number; ended: () => void; timer: NodeJS.Timeout } | undefined;
  const attempts = new Map<string, number>();
  const injected: InjectedFault[] = [];
  const log: ProxiedRequest[] = [];
  const held = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let received = 0;
  let forwarded = 0;

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  /** The provider's answer to the request, as the provider gave it (the Host header kept, for its links and signatures). */
  const forward = (req: IncomingMessage, body: Buffer): Promise<UpstreamAnswer> => {
    forwarded += 1;
    return new Promise((resolve, reject) => {
      const upstream = httpRequest(
        {
          hostname: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, 'content-length': String(body.length) },
          agent: false,
        },
        (answer) => {
          readAll(answer).then(
            (answerBody) =>
              resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: answerBody }),
            reject,
          );
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  };

  const relay = (res: ServerResponse, answer: UpstreamAnswer) => {
    if (res.destroyed) return;
    const headers = { ...answer.headers };
    delete headers['transfer-encoding'];
    delete headers.connection;
    headers['content-length'] = String(answer.body.length);
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  };

  const sendJson = (
    res: ServerResponse,
    status: number,
    document: unknown,
    headers: Record<string, string> = {},
  ) => {
    const body = JSON.stringify(document);
    res.writeHead(status, {
      ...headers,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    });
    res.end(body);
  };

  const hold = (socket: Socket) => {
    held.add(socket);
    socket.once('close', () => held.delete(socket));
    if (options.hangMs !== undefined) later(options.hangMs, () => socket.destroy());
  };

  /** The fault for this attempt, if any: an open outage first, then the first matching rule. */
  const decide = (
    method: string,
    path: string,
    body: Buffer,
  ): { kind: FaultKind; outage: boolean; x: number } | undefined => {
    const requestKey = `${method} ${path}\n${createHash('sha256').update(body).digest('hex')}`;
    const attempt = attempts.get(requestKey) ?? 0;
    attempts.set(requestKey, attempt + 1);
    const [whether, which] = drawsFor(options.seed, requestKey, attempt);
    if (outage && Date.now() < outage.until) return { kind: outage.kind, outage: true, x: which };
    const rule = rules.find((candidate) => matches(candidate, method, path));
    if (!rule || whether >= rule.rate) return undefined;
    return { kind: pickKind(rule.kinds, which), outage: false, x: which };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    received += 1;
    const body = await readAll(req);
    const method = (req.method ?? 'GET').toUpperCase();
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    const fault = decide(method, path, body);
    log.push({ method, path, body: body.toString('utf8'), ...(fault ? { fault: fault.kind } : {}) });
    if (!fault) return relay(res, await forward(req, body));
    const { kind } = fault;
    injected.push({
      kind,
      method,
      path,
      forwarded: FORWARDED.has(kind),
      outage: fault.outage,
      at: new Date(),
    });
    switch (kind) {
      case 'throttle':
        return sendJson(
          res,
          429,
          { errors: [{ status: '429', title: 'Too Many Requests (injected)' }] },
          { 'retry-after': String(options.retryAfterSeconds ?? 1) },
        );
      case 'server-error': {
        const status = [500, 502, 503, 504][Math.floor(fault.x * 4)] ?? 503;
        return sendJson(res, status, {
          errors: [{ status: String(status), title: 'Injected server error' }],
        });
      }
      case 'server-error-after':
        await forward(req, body);
        return sendJson(res, 502, {
          errors: [{ status: '502', title: 'Bad Gateway (injected after forwarding)' }],
        });
      case 'slow': {
        const answer = await forward(req, body);
        return later(options.slowMs ?? 1000, () => relay(res, answer));
      }
      case 'reset-before':
        return req.socket.destroy();
      case 'reset-after':
        await forward(req, body);
        return req.socket.destroy();
      case 'hang':
        return hold(req.socket);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // The provider itself could not be reached: say so as a gateway would, rather than hang.
      if (!res.headersSent && !res.destroyed)
        sendJson(res, 502, { errors: [{ status: '502', title: `proxy: ${String(error)}` }] });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });

  const endOutage = () => {
    if (!outage) return;
    clearTimeout(outage.timer);
    const { ended } = outage;
    outage = undefined;
    ended();
  };

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setRules: (next) => {
      rules = next;
    },
    startOutage: (durationMs, kind = 'server-error') => {
      endOutage();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(endOutage, durationMs);
        outage = { kind, until: Date.now() + durationMs, ended: resolve, timer };
      });
    },
    endOutage,
    faults: () => injected.map((fault) => ({ ...fault })),
    counts: () => {
      const counts = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
      for (const { kind } of injected) counts[kind] += 1;
      return counts;
    },
    traffic: () => ({ received, forwarded }),
    requests: () => log.map((entry) => ({ ...entry })),
    close: () => {
      endOutage();
      for (const timer of timers) clearTimeout(timer);
      for (const socket of held) socket.destroy();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
