/**
 * AWS SDK clients the tracer should wrap. The stores register their clients here rather than importing
 * the tracer: only functions that call a provider load the tracer (tracer.ts says why), and when they do
 * it wraps every client registered before or after. Each also loses the SDK's logger middleware.
 */
const clients: object[] = [];
let instrument: ((client: object) => void) | undefined;

interface SdkClient {
  middlewareStack: { remove(name: string): boolean };
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

export function traceable<T extends SdkClient>(client: T): T {
  withoutSdkLogging(client);
  clients.push(client);
  instrument?.(client);
  return client;
}

export function instrumentAwsClients(wrap: (client: object) => void): void {
  instrument = wrap;
  for (const client of clients) wrap(client);
}
