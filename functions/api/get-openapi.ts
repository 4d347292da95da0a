import type { OperationResult } from '#http/api-contract';
import { apiHandler } from '#http/api-handler';
// The checked-in document, generated from the route catalogue (`npm run docs:openapi`; a test holds them equal).
import document from '../../docs/openapi.json' with { type: 'json' };

export const handler = apiHandler<OperationResult<'getOpenApi'>>(async () => ({
  status: 200,
  body: document,
}));
