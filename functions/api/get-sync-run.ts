import { apiHandler, pathParameter } from '#http/api-handler';
import { viewSyncRun } from '#use-cases/sync-runs';

export const handler = apiHandler(async (event) => ({
  status: 200,
  body: await viewSyncRun(pathParameter(event, 'runId')),
}));
