/**
 * AWS SDK clients the tracer should wrap. The stores register their clients here rather than importing
 * the tracer: only functions that call a provider load the tracer (tracer.ts says why), and when they do
 * it wraps every client registered before or after.
 */
const clients: object[] = [];
let instrument: ((client: object) => void) | undefined;

export function traceable<T extends object>(client: T): T {
  clients.push(client);
  instrument?.(client);
  return client;
}

export function instrumentAwsClients(wrap: (client: object) => void): void {
  instrument = wrap;
  for (const client of clients) wrap(client);
}
