import type { OperationResult } from '#http/api-contract';
import { apiHandler } from '#http/api-handler';
import { systemClock } from '#use-cases/clock';
import { pensionSyncDestinations } from '#use-cases/pensionsync-destinations';

/** PensionSync's Destination Information: which providers it reaches and what each one offers. */
export const handler = apiHandler<OperationResult<'listPensionSyncDestinations'>>(async () => ({
  status: 200,
  body: { destinations: await pensionSyncDestinations(systemClock) },
}));
