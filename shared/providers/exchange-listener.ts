import { AsyncLocalStorage } from 'node:async_hooks';
import type { ProviderRequest } from './http.ts';

/** What came back, as far as it came: the status and body when the provider answered, or why it did not. */
export interface ExchangeAnswer {
  status?: number;
  body?: string;
  failure?: string;
}

/** One HTTP exchange with a provider as it went, whatever its outcome. Headers (credentials) are not in it. */
export interface HeardExchange extends ExchangeAnswer {
  provider: string;
  request: ProviderRequest;
  startedAt: Date;
}

/** May be async: the request's caller gets its answer only once the listener is done with the exchange. */
type Listener = (exchange: HeardExchange) => unknown;

const listeners = new AsyncLocalStorage<Listener>();

/**
 * Runs `work`, telling `listener` of every provider exchange made within it (and only within it: a
 * concurrent invocation has its own listener).
 */
export function listenToExchanges<T>(listener: Listener, work: () => Promise<T>): Promise<T> {
  return listeners.run(listener, work);
}

export async function heardExchange(exchange: HeardExchange): Promise<void> {
  await listeners.getStore()?.(exchange);
}
