import type { OperationResult } from '#http/api-contract';
import { apiHandler, pathParameter } from '#http/api-handler';
import { systemClock } from '#use-cases/clock';
import { syncOptOuts } from '#use-cases/opt-outs';

export const handler = apiHandler<OperationResult<'syncOptOuts'>>(async (event) => ({
  status: 200,
  body: await syncOptOuts(pathParameter(event, 'schemeId'), systemClock),
}));
