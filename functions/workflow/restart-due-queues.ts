import { stepHandler } from '#observability/handler';
import { systemClock } from '#use-cases/clock';
import { restartDueQueues } from '#use-cases/queue-watchdog';

export const handler = stepHandler(() => restartDueQueues(systemClock));
