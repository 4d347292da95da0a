import type {
  NewWorkerInstruction,
  PensionSyncSandbox,
  WorkerInstruction,
} from '../../sandboxes/pensionsync/server.ts';
import type { TppOptOut, TppSandbox } from '../../sandboxes/tpp/server.ts';
import type { LocalEventBridge } from './eventbridge.ts';
import { type LocalScheduler, UnknownScheduleError } from './scheduler.ts';

/** Routes only the embedded runtime has, for tests and demos; `/v1` can never reach them. */
const LOCAL_PREFIX = '/_local/';

export interface LocalAnswer {
  status: number;
  body: unknown;
}

/** Answers a request under LOCAL_PREFIX; anything else is left alone (undefined). */
export type LocalRoutes = (
  method: string,
  url: URL,
  body: () => Promise<string>,
) => Promise<LocalAnswer> | undefined;

export interface LocalParts {
  scheduler: LocalScheduler;
  eventBridge: LocalEventBridge;
  tppSandbox?: TppSandbox;
  pensionSyncSandbox?: PensionSyncSandbox;
}

/** The runtime talks to a real provider, so there is no sandbox to change. */
class NoSandboxError extends Error {
  override name = 'NoSandboxError';
}

const tpp = ({ tppSandbox }: LocalParts) => {
  if (!tppSandbox) throw new NoSandboxError('TPP is not the local sandbox in this runtime');
  return tppSandbox;
};
const pensionSync = ({ pensionSyncSandbox }: LocalParts) => {
  if (!pensionSyncSandbox) throw new NoSandboxError('PensionSync is not the local sandbox in this runtime');
  return pensionSyncSandbox;
};

interface Route {
  method: string;
  pattern: RegExp;
  /** The body is handed to the sandbox as given, as its in-process hooks take what a test passes. */
  handler: (parts: LocalParts, params: string[], body: Record<string, unknown>) => LocalAnswer;
}

/** The schedules, the events the bus received, and the sandboxes' hooks for making things happen at a provider. */
const ROUTES: Route[] = [
  {
    method: 'GET',
    pattern: /^\/_local\/schedules$/,
    handler: ({ scheduler }) => ({ status: 200, body: { items: scheduler.list() } }),
  },
  {
    method: 'POST',
    pattern: /^\/_local\/schedules\/([^/]+)\/fire$/,
    handler: ({ scheduler }, [name = '']) => ({ status: 202, body: { executionArn: scheduler.fire(name) } }),
  },
  {
    method: 'GET',
    pattern: /^\/_local\/events$/,
    handler: ({ eventBridge }) => ({ status: 200, body: { items: eventBridge.events() } }),
  },
  {
    method: 'POST',
    pattern: /^\/_local\/tpp\/accounts\/([^/]+)\/opt-outs$/,
    handler: (parts, [accountId = ''], optOut) => {
      tpp(parts).addOptOut(accountId, optOut as unknown as TppOptOut);
      return { status: 201, body: optOut };
    },
  },
  {
    method: 'PATCH',
    pattern: /^\/_local\/tpp\/accounts\/([^/]+)\/opt-outs\/([^/]+)$/,
    handler: (parts, [accountId = '', uniqueId = ''], changes) => {
      tpp(parts).updateOptOut(accountId, uniqueId, changes as Partial<TppOptOut>);
      return { status: 200, body: changes };
    },
  },
  {
    method: 'POST',
    pattern: /^\/_local\/pensionsync\/worker-instructions$/,
    handler: (parts, _, { intermediaryId, destinationId, employerId, ...instruction }) => {
      const sandbox = pensionSync(parts);
      const instructionId = sandbox.addWorkerInstruction(
        String(intermediaryId),
        String(destinationId),
        String(employerId),
        instruction as unknown as NewWorkerInstruction,
      );
      return { status: 201, body: { instructionId } };
    },
  },
  {
    method: 'PATCH',
    pattern: /^\/_local\/pensionsync\/worker-instructions\/([^/]+)$/,
    handler: (parts, [instructionId = ''], changes) => {
      pensionSync(parts).updateWorkerInstruction(instructionId, changes as Partial<WorkerInstruction>);
      return { status: 200, body: changes };
    },
  },
];

export function localRoutes(parts: LocalParts): LocalRoutes {
  return (method, url, body) =>
    url.pathname.startsWith(LOCAL_PREFIX) ? answer(parts, method, url, body) : undefined;
}

async function answer(
  parts: LocalParts,
  method: string,
  url: URL,
  body: () => Promise<string>,
): Promise<LocalAnswer> {
  for (const route of ROUTES) {
    const match = route.method === method ? route.pattern.exec(url.pathname) : null;
    if (!match) continue;
    try {
      const text = method === 'GET' ? '' : await body();
      return route.handler(parts, match.slice(1).map(decodeURIComponent), text ? JSON.parse(text) : {});
    } catch (error) {
      const missing = error instanceof UnknownScheduleError || error instanceof NoSandboxError;
      // Otherwise the sandbox refused the hook (no such account, scope or instruction) or the body was not JSON.
      return { status: missing ? 404 : 400, body: { message: (error as Error).message } };
    }
  }
  return { status: 404, body: { message: `No local route ${method} ${url.pathname}` } };
}
