import { stepHandler } from '#observability/handler';
import { systemClock } from '#use-cases/clock';
import { type RouteOutcomes, recordSyncPage, type SweepListing, type SweepState } from '#use-cases/sync-runs';

export const handler = stepHandler(
  (input: SweepState & { listing: SweepListing; results: RouteOutcomes[] }) =>
    recordSyncPage(input, systemClock),
);
