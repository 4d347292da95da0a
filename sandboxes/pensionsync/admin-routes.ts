import {
  authorisedScope,
  destinationOffering,
  type Exchange,
  jsonBody,
  knownIntermediary,
  linkedScope,
} from './exchange.ts';
import { sendJson, sendMessage, sendXml } from './http.ts';
import { readIntermediaryName } from './intermediaries.ts';
import { renderSass } from './sass.ts';
import type { Scope } from './scopes.ts';

/** Destinations, intermediaries, dashboard links, scopes, worker instructions and scheme data. */

export function listDestinations({ res, state }: Exchange): void {
  sendJson(res, 200, { destinations: [...state.destinations.values()] });
}

export function createIntermediary(exchange: Exchange): void {
  const body = jsonBody(exchange);
  if (!body) return;
  const read = readIntermediaryName(body.value);
  if ('problem' in read) {
    sendMessage(exchange.res, 400, read.problem);
    return;
  }
  sendJson(exchange.res, 201, exchange.state.intermediaries.create(read.name));
}

export function createDashboardLink(exchange: Exchange): void {
  const [intermediaryId = ''] = exchange.params;
  if (!knownIntermediary(exchange, intermediaryId)) return;
  const { token, expiresAt } = exchange.state.intermediaries.issueDashboardLink(intermediaryId);
  sendJson(exchange.res, 200, {
    url: `${exchange.origin}/dashboard/${token}`,
    expiresAt: expiresAt.toISOString(),
  });
}

function scopeDocument(scope: Scope, origin?: string): Record<string, string> {
  const document: Record<string, string> = {
    employerId: scope.employerId,
    destinationId: scope.destinationId,
    status: scope.status,
  };
  if (origin !== undefined) document.authorisationUrl = `${origin}/authorise/${scope.token}`;
  return document;
}

function nonBlankString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

export function postScope(exchange: Exchange): void {
  const [intermediaryId = ''] = exchange.params;
  if (!knownIntermediary(exchange, intermediaryId)) return;
  const body = jsonBody(exchange);
  if (!body) return;
  const { employerId, destinationId } = (body.value ?? {}) as {
    employerId?: unknown;
    destinationId?: unknown;
  };
  if (!nonBlankString(employerId)) {
    sendMessage(exchange.res, 400, 'employerId is required');
    return;
  }
  if (!nonBlankString(destinationId)) {
    sendMessage(exchange.res, 400, 'destinationId is required');
    return;
  }
  const destination = destinationOffering(exchange, destinationId, 'Scope');
  if (!destination) return;
  const scope = exchange.state.scopes.link(intermediaryId, employerId, destinationId, destination.name);
  sendJson(exchange.res, 200, scopeDocument(scope, exchange.origin));
}

// Path order differs by route: scopeAuthorization names employer then destination, the others the reverse.
export function getScopeAuthorization(exchange: Exchange): void {
  const [intermediaryId = '', employerId = '', destinationId = ''] = exchange.params;
  const scope = linkedScope(exchange, { intermediaryId, employerId, destinationId }, 'ScopeAuthorization');
  if (scope) sendJson(exchange.res, 200, scopeDocument(scope));
}

export function getWorkerInstructions(exchange: Exchange): void {
  const [intermediaryId = '', destinationId = '', employerId = ''] = exchange.params;
  const ids = { intermediaryId, employerId, destinationId };
  if (!authorisedScope(exchange, ids, 'WorkerInstruction')) return;
  sendJson(exchange.res, 200, {
    workerInstructions: exchange.state.instructions.list(intermediaryId, employerId, destinationId),
  });
}

export function getScheme(exchange: Exchange): void {
  const [intermediaryId = '', destinationId = '', employerId = ''] = exchange.params;
  const scope = authorisedScope(exchange, { intermediaryId, employerId, destinationId }, 'Scheme');
  if (scope) sendXml(exchange.res, 200, renderSass(scope.employerId, scope.destinationId, scope.scheme));
}

export function unknownPath({ res, url }: Exchange): void {
  sendMessage(res, 404, `No resource at ${url.pathname}`);
}
