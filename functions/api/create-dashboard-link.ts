import type { OperationResult } from '#http/api-contract';
import { apiHandler, pathParameter } from '#http/api-handler';
import { dashboardLink } from '#use-cases/intermediaries';

export const handler = apiHandler<OperationResult<'createDashboardLink'>>(async (event) => ({
  status: 201,
  body: await dashboardLink(pathParameter(event, 'intermediaryId')),
}));
