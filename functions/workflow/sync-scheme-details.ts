import { stepHandler } from '#observability/handler';
import { systemClock } from '#use-cases/clock';
import { syncSchemeDetails } from '#use-cases/scheme-syncs';

export const handler = stepHandler((event: { schemeId: string; runId: string }) =>
  syncSchemeDetails(event.schemeId, event.runId, systemClock),
);
