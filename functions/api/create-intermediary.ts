import type { OperationResult } from '#http/api-contract';
import { apiHandler, jsonBody } from '#http/api-handler';
import { systemClock } from '#use-cases/clock';
import { createIntermediary } from '#use-cases/intermediaries';

export const handler = apiHandler<OperationResult<'createIntermediary'>>(async (event) => {
  const { intermediary, created } = await createIntermediary(jsonBody(event), systemClock);
  return {
    status: created ? 201 : 200,
    headers: { location: `/v1/intermediaries/${intermediary.intermediaryId}` },
    body: intermediary,
  };
});
