import { syncRateMinutes } from '../constructs/syncs.ts';
import { type PensionSyncEndpoint, startEmbeddedRuntime, type TppEndpoint } from './runtime.ts';

/**
 * `npm start`: the gateway on this machine. TPP_API_URL and PENSIONSYNC_API_URL (with their credentials)
 * point it at real provider servers; without them it starts the local sandboxes. OPT_OUT_SYNC_RATE and
 * SCHEME_SYNC_RATE (minutes) change how often the scheduled syncs run.
 */
function tppFromEnvironment(): TppEndpoint | undefined {
  const { TPP_API_URL, TPP_AUTH_URL, TPP_CLIENT_ID, TPP_CLIENT_SECRET, TPP_ACCESS_TOKEN } = process.env;
  if (!TPP_API_URL) return undefined;
  if (!TPP_AUTH_URL || !TPP_CLIENT_ID || !TPP_CLIENT_SECRET) {
    throw new Error('TPP_API_URL needs TPP_AUTH_URL, TPP_CLIENT_ID and TPP_CLIENT_SECRET too');
  }
  return {
    apiUrl: TPP_API_URL,
    authUrl: TPP_AUTH_URL,
    clientId: TPP_CLIENT_ID,
    clientSecret: TPP_CLIENT_SECRET,
    accessToken: TPP_ACCESS_TOKEN,
  };
}

function pensionSyncFromEnvironment(): PensionSyncEndpoint | undefined {
  const { PENSIONSYNC_API_URL, PENSIONSYNC_CONSUMER_KEY, PENSIONSYNC_CONSUMER_SECRET } = process.env;
  if (!PENSIONSYNC_API_URL) return undefined;
  if (!PENSIONSYNC_CONSUMER_KEY || !PENSIONSYNC_CONSUMER_SECRET) {
    throw new Error('PENSIONSYNC_API_URL needs PENSIONSYNC_CONSUMER_KEY and PENSIONSYNC_CONSUMER_SECRET too');
  }
  return {
    apiUrl: PENSIONSYNC_API_URL,
    consumerKey: PENSIONSYNC_CONSUMER_KEY,
    consumerSecret: PENSIONSYNC_CONSUMER_SECRET,
  };
}

const minutes = (name: string) => syncRateMinutes(name, process.env[name]);

const runtime = await startEmbeddedRuntime({
  port: Number(process.env.PORT ?? 3000),
  tpp: tppFromEnvironment(),
  tppSandbox: { pollDelayMs: Number(process.env.TPP_SANDBOX_POLL_DELAY_MS ?? 3000) },
  pensionSync: pensionSyncFromEnvironment(),
  pensionSyncSandbox: { jobStepMs: Number(process.env.PENSIONSYNC_SANDBOX_JOB_STEP_MS ?? 2000) },
  dataDirectory: process.env.DATA_DIRECTORY,
  syncRates: { optOutSyncRate: minutes('OPT_OUT_SYNC_RATE'), schemeSyncRate: minutes('SCHEME_SYNC_RATE') },
  log: (line) => console.log(line),
  onEvent: (event) => console.log(`event            ${event.DetailType} ${JSON.stringify(event.Detail)}`),
});
console.log(
  'local routes     GET /_local/schedules, POST /_local/schedules/{name}/fire, GET /_local/events;',
);
console.log('                 sandbox hooks POST /_local/tpp/accounts/{accountId}/opt-outs,');
console.log('                 POST /_local/pensionsync/worker-instructions (and PATCH either to change one)');
console.log(`ready ${runtime.url}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping');
    runtime.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
