import type { OperationResult } from '#http/api-contract';
import { apiHandler, queryParameters } from '#http/api-handler';
import { tppCallbackQuery } from '#http/api-parameters';
import { systemClock } from '#use-cases/clock';
import { completeConnection, InvalidCallbackError } from '#use-cases/tpp-connections';

/** Where the customer's browser lands after consenting at TPP: the one route without IAM, guarded by `state`. */
export const handler = apiHandler<OperationResult<'tppCallback'>>(async (event) => {
  const query = queryParameters(event, tppCallbackQuery);
  try {
    const outcome = await completeConnection(query, systemClock);
    if (outcome.returnUrl) {
      const back = new URL(outcome.returnUrl);
      back.searchParams.set('connectionId', outcome.connectionId);
      back.searchParams.set('status', outcome.status);
      return { status: 302, headers: { location: back.toString() }, html: '' };
    }
    const message =
      outcome.status === 'active'
        ? 'Your People’s Pension account is connected. You can close this window.'
        : 'The connection was not authorised. Start again from your payroll software.';
    return { status: outcome.status === 'active' ? 200 : 403, html: page(message) };
  } catch (error) {
    if (error instanceof InvalidCallbackError) return { status: 400, html: page(error.message) };
    throw error;
  }
});

function page(message: string): string {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Pension Gateway</title><p>${message}</p></html>`;
}
