import { stepHandler } from '#observability/handler';
import { systemClock } from '#use-cases/clock';
import { syncSchemeOptOuts } from '#use-cases/scheme-syncs';

export const handler = stepHandler((event: { schemeId: string; runId: string }) =>
  syncSchemeOptOuts(event.schemeId, event.runId, systemClock),
);
