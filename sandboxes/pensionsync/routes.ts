import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { originOf, readBody } from '../common/http.ts';
import {
  createDashboardLink,
  createIntermediary,
  getScheme,
  getScopeAuthorization,
  getWorkerInstructions,
  listDestinations,
  postScope,
  unknownPath,
} from './admin-routes.ts';
import type { Exchange, Handler, SandboxState } from './exchange.ts';
import { sendMessage } from './http.ts';
import { decideAuthorisation, openDashboard, showAuthorisation } from './page-routes.ts';
import { getJob, getJobErrors, submitPapdis, submitPass } from './submission-routes.ts';

interface Route {
  pattern: RegExp;
  methods: Readonly<Record<string, Handler>>;
}

const ID = '([^/]+)';

// The wire doc's paths; every capture is one path segment.
const routes: readonly Route[] = [
  { pattern: /^\/api\/destination$/, methods: { GET: listDestinations } },
  { pattern: /^\/api\/admin\/intermediary$/, methods: { POST: createIntermediary } },
  {
    pattern: new RegExp(`^/api/admin/intermediary/${ID}/smtAuthorization$`),
    methods: { POST: createDashboardLink },
  },
  { pattern: new RegExp(`^/api/admin/intermediary/${ID}/scope$`), methods: { POST: postScope } },
  {
    pattern: new RegExp(
      `^/api/admin/intermediary/${ID}/employer/${ID}/destination/${ID}/scopeAuthorization$`,
    ),
    methods: { GET: getScopeAuthorization },
  },
  { pattern: new RegExp(`^/api/submission/intermediary/${ID}$`), methods: { POST: submitPapdis } },
  {
    pattern: new RegExp(`^/api/membermaintenance_and_contributions/${ID}$`),
    methods: { POST: submitPass },
  },
  { pattern: new RegExp(`^/api/job/error/${ID}$`), methods: { GET: getJobErrors } },
  { pattern: new RegExp(`^/api/job/${ID}$`), methods: { GET: getJob } },
  {
    pattern: new RegExp(`^/api/worker_instruction/v2/${ID}/destination/${ID}/employerId/${ID}$`),
    methods: { GET: getWorkerInstructions },
  },
  {
    pattern: new RegExp(`^/api/scheme/${ID}/destination/${ID}/employerId/${ID}$`),
    methods: { GET: getScheme },
  },
  { pattern: new RegExp(`^/dashboard/${ID}$`), methods: { GET: openDashboard } },
  {
    pattern: new RegExp(`^/authorise/${ID}$`),
    methods: { GET: showAuthorisation, POST: decideAuthorisation },
  },
];

function decodeAll(segments: string[]): string[] | undefined {
  try {
    return segments.map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

function route(exchange: Exchange): void {
  const { req, res, url } = exchange;
  for (const { pattern, methods } of routes) {
    const match = pattern.exec(url.pathname);
    if (!match) continue;
    const params = decodeAll(match.slice(1));
    if (!params) {
      sendMessage(res, 400, 'A path segment is not valid percent-encoding');
      return;
    }
    const handler = methods[req.method ?? ''];
    if (!handler) {
      sendMessage(res, 405, `${req.method} is not allowed here`, {
        Allow: Object.keys(methods).join(', '),
      });
      return;
    }
    handler({ ...exchange, params });
    return;
  }
  unknownPath(exchange);
}

async function handle(req: IncomingMessage, res: ServerResponse, state: SandboxState): Promise<void> {
  const body = await readBody(req);
  const origin = originOf(req, state.fallbackOrigin());
  const target = req.url ?? '/';
  const url = new URL(`http://sandbox${target.startsWith('/') ? target : `/${target}`}`);
  // Deliveries due by now happen before anything can observe them.
  state.jobs.settle();
  // Verification comes before routing, so unsigned callers learn nothing about paths.
  if (url.pathname.startsWith('/api/')) {
    const refusal = state.verifier.verify(req, `${origin}${target}`, body);
    if (refusal) {
      sendMessage(res, 401, refusal, { 'WWW-Authenticate': 'OAuth realm="PensionSync"' });
      return;
    }
  }
  route({ req, res, url, origin, body, params: [], state });
}

export function createRequestListener(state: SandboxState): RequestListener {
  return (req, res) => {
    handle(req, res, state).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      sendMessage(res, 500, error instanceof Error ? error.message : String(error));
    });
  };
}
