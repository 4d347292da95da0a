import { hasFormBody } from '../common/http.ts';
import type { Exchange } from './exchange.ts';
import { sendHtml } from './http.ts';
import { authorisationPage, dashboardPage, decisionPage, messagePage } from './pages.ts';
import type { Scope } from './scopes.ts';

/** Browser pages: not signed, answered in HTML. */

export function openDashboard({ res, params, state }: Exchange): void {
  const [token = ''] = params;
  const opening = state.intermediaries.openDashboard(token);
  if (opening.outcome === 'opened') sendHtml(res, 200, dashboardPage(opening.intermediary));
  else if (opening.outcome === 'gone')
    sendHtml(res, 410, messagePage('Link no longer valid', opening.reason));
  else sendHtml(res, 404, messagePage('Not found', 'There is no such dashboard link.'));
}

function scopeOfPage({ res, params, state }: Exchange): Scope | undefined {
  const scope = state.scopes.byAuthorisationToken(params[0] ?? '');
  if (!scope) sendHtml(res, 404, messagePage('Not found', 'There is no such authorisation request.'));
  return scope;
}

function destinationName({ state }: Exchange, scope: Scope): string {
  return state.destinations.get(scope.destinationId)?.name ?? scope.destinationId;
}

export function showAuthorisation(exchange: Exchange): void {
  const scope = scopeOfPage(exchange);
  if (scope) sendHtml(exchange.res, 200, authorisationPage(scope, destinationName(exchange, scope)));
}

// The page stays usable, so an employer can approve again after refusing or revoking.
export function decideAuthorisation(exchange: Exchange): void {
  const scope = scopeOfPage(exchange);
  if (!scope) return;
  const decision = hasFormBody(exchange.req) ? new URLSearchParams(exchange.body).get('decision') : null;
  if (decision === 'approve') scope.status = 'Authorised';
  else if (decision === 'refuse') scope.status = 'Refused';
  else {
    const hint = 'Post the form with decision=approve or decision=refuse.';
    sendHtml(exchange.res, 400, messagePage('Bad request', hint));
    return;
  }
  sendHtml(exchange.res, 200, decisionPage(scope));
}
