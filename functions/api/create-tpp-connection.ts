import type { OperationResult } from '#http/api-contract';
import { apiHandler, jsonBody, requestOrigin } from '#http/api-handler';
import { systemClock } from '#use-cases/clock';
import { startConnection } from '#use-cases/tpp-connections';

export const handler = apiHandler<OperationResult<'createTppConnection'>>(async (event) => {
  const body = event.body ? jsonBody(event) : undefined;
  const connection = await startConnection(body, `${requestOrigin(event)}/v1/tpp/callback`, systemClock);
  return { status: 201, body: connection };
});
