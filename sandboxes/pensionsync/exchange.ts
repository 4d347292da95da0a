import type { IncomingMessage, ServerResponse } from 'node:http';
import { mediaTypeOf } from '../common/http.ts';
import { type DestinationMethod, offers, type PensionSyncDestination } from './destinations.ts';
import { sendMessage } from './http.ts';
import type { Intermediary, IntermediaryBook } from './intermediaries.ts';
import type { JobBook } from './jobs.ts';
import type { Scope, ScopeBook } from './scopes.ts';
import type { RequestVerifier } from './signing.ts';
import type { WorkerInstructionBook } from './worker-instructions.ts';

export interface SandboxState {
  destinations: ReadonlyMap<string, PensionSyncDestination>;
  intermediaries: IntermediaryBook;
  scopes: ScopeBook;
  jobs: JobBook;
  instructions: WorkerInstructionBook;
  verifier: RequestVerifier;
  fallbackOrigin: () => string;
}

/** One request: its body already read (the signature may cover it), its path parameters decoded. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  origin: string;
  body: string;
  params: string[];
  state: SandboxState;
}

export type Handler = (exchange: Exchange) => void;

// Each helper below answers the error itself and returns undefined, so handlers read as a chain of guards.

export function knownIntermediary(
  { res, state }: Exchange,
  intermediaryId: string,
): Intermediary | undefined {
  const intermediary = state.intermediaries.get(intermediaryId);
  if (!intermediary) sendMessage(res, 404, `Intermediary ${intermediaryId} was not found`);
  return intermediary;
}

/** The destination, if it exists (else 404) and offers the method (else 400). */
export function destinationOffering(
  { res, state }: Exchange,
  destinationId: string,
  method: DestinationMethod,
): PensionSyncDestination | undefined {
  const destination = state.destinations.get(destinationId);
  if (!destination) {
    sendMessage(res, 404, `Destination ${destinationId} was not found`);
    return undefined;
  }
  if (!offers(destination, method)) {
    sendMessage(res, 400, `Destination ${destinationId} does not offer the ${method} method`);
    return undefined;
  }
  return destination;
}

/** The scope behind a `.../{intermediaryId}/.../{destinationId}/.../{employerId}` style route. */
export function linkedScope(
  exchange: Exchange,
  ids: { intermediaryId: string; employerId: string; destinationId: string },
  method: DestinationMethod,
): Scope | undefined {
  if (!knownIntermediary(exchange, ids.intermediaryId)) return undefined;
  if (!destinationOffering(exchange, ids.destinationId, method)) return undefined;
  const scope = exchange.state.scopes.get(ids.intermediaryId, ids.employerId, ids.destinationId);
  if (!scope) {
    sendMessage(
      exchange.res,
      404,
      `Employer ${ids.employerId} is not linked to destination ${ids.destinationId} for this intermediary`,
    );
  }
  return scope;
}

/** Scheme data and worker instructions come from the provider only with the employer's authorisation. */
export function authorisedScope(
  exchange: Exchange,
  ids: { intermediaryId: string; employerId: string; destinationId: string },
  method: DestinationMethod,
): Scope | undefined {
  const scope = linkedScope(exchange, ids, method);
  if (scope && scope.status !== 'Authorised') {
    sendMessage(
      exchange.res,
      403,
      `The scope for employer ${scope.employerId} at ${scope.destinationId} is ${scope.status}, not Authorised`,
    );
    return undefined;
  }
  return scope;
}

export function jsonBody(exchange: Exchange): { value: unknown } | undefined {
  const { req, res, body } = exchange;
  if (mediaTypeOf(req) !== 'application/json') {
    sendMessage(res, 415, 'Content-Type must be application/json');
    return undefined;
  }
  try {
    return { value: JSON.parse(body) };
  } catch {
    sendMessage(res, 400, 'The body is not valid JSON');
    return undefined;
  }
}
