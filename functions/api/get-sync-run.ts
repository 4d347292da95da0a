import type { OperationResult } from '#http/api-contract';
import { apiHandler, pathParameter } from '#http/api-handler';
import { viewSyncRun } from '#use-cases/sync-runs';

export const handler = apiHandler<OperationResult<'getSyncRun'>>(async (event) => ({
  status: 200,
  body: await viewSyncRun(pathParameter(event, 'runId')),
}));
