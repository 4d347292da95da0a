/**
 * AWS SDK clients the tracer should wrap. The stores register their clients here rather than importing
 * the tracer: only functions that call a provider load the tracer (tracer.ts says why), and when they do
 * it wraps every client registered before or after. Registering also trims what each request costs in
 * the SDK without doing anything for the gateway (docs/request-cost.md has the figures).
 */
const clients: object[] = [];
let instrument: ((client: object) => void) | undefined;

interface SdkClient {
  config: object;
  middlewareStack: { remove(name: string): boolean };
}

/** The part of a client's resolved configuration that builds a request signer (@aws-sdk/core). */
interface SignerConfig {
  signer?: (authScheme?: unknown) => Promise<unknown>;
}

/**
 * The gateway gives the SDK no logger, yet the SDK's logger middleware copies every request's input and
 * response's output, field by field through their schemas to mask sensitive ones, for the no-op logger it
 * then calls: about 1.5 % of the gateway's CPU in the month-end bench (docs/month-end.md). Removed, as
 * the SDK's middleware stack allows; nothing else reads what it built.
 */
function withoutSdkLogging(client: SdkClient): void {
  client.middlewareStack.remove('loggerMiddleware');
}

/**
 * The user-agent middleware rebuilds and escapes the SDK's user-agent string (SDK, runtime and the
 * features each request used) for every request; the string is AWS's usage telemetry and nothing of the
 * gateway's reads it. Without it requests go without `x-amz-user-agent`, which no AWS API requires.
 */
function withoutUserAgent(client: SdkClient): void {
  client.middlewareStack.remove('getUserAgentMiddleware');
}

/**
 * The SDK's default signer factory builds a new SigV4 signer for every request, copying the whole client
 * configuration into it, although after the first request every one it builds is the same: its region and
 * service come from the configuration, where the first call fixes them, and it asks the client's
 * credential provider for credentials each time it signs (so refreshed credentials are still used). One
 * signer per client, built on first use like the SDK's; a failure to build one is not kept.
 */
function oneSigner(client: SdkClient): void {
  const config = client.config as SignerConfig;
  const build = config.signer;
  if (typeof build !== 'function') return;
  let signer: Promise<unknown> | undefined;
  config.signer = (authScheme) => {
    signer ??= build(authScheme).catch((error: unknown) => {
      signer = undefined;
      throw error;
    });
    return signer;
  };
}

/**
 * The SDK copies the client's configuration (50-odd properties) into a new object several times per
 * request (`{ ...config }` when resolving the endpoint, serializing, deserializing). Its resolvers add
 * those properties one by one, so V8 keeps the object in dictionary mode, where each copy costs about 20
 * times what it costs for a fast object: a third of the SDK's own CPU per DynamoDB request. V8 turns an
 * object back into a fast one once it serves as a prototype; reading through an object made from it
 * does that. Nothing about the configuration changes; if V8 stops doing it, only the saving goes.
 */
function withFastConfig(client: SdkClient): void {
  const view = Object.create(client.config) as Record<string, unknown>;
  for (let read = 0; read < 20; read++) void view.region;
}

export function traceable<T extends SdkClient>(client: T): T {
  withoutSdkLogging(client);
  withoutUserAgent(client);
  oneSigner(client);
  withFastConfig(client);
  clients.push(client);
  instrument?.(client);
  return client;
}

export function instrumentAwsClients(wrap: (client: object) => void): void {
  instrument = wrap;
  for (const client of clients) wrap(client);
}
