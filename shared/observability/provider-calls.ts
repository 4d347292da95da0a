import { logger } from './logger.ts';
import { type ProviderOutcome, recordProviderCall } from './metrics.ts';

export interface ProviderCall {
  provider: string;
  operation: string;
  method: string;
  outcome: ProviderOutcome;
  /** The provider's HTTP status; none when no answer came (network failure, timeout). */
  httpStatus?: number;
  latencyMs: number;
  /** The error's name only: provider errors quote the answer, which may be personal. */
  error?: string;
}

/** One provider exchange, as on call needs it: a metric, and a log line (WARN unless it went through). */
export function observeProviderCall(call: ProviderCall): void {
  recordProviderCall(call.provider, call.operation, call.outcome, call.latencyMs);
  const line = { ...call, latencyMs: Math.round(call.latencyMs) };
  if (call.outcome === 'ok') logger.info('provider call', line);
  else logger.warn('provider call failed', line);
}
