import { stepHandler } from '#observability/handler';
import { systemClock } from '#use-cases/clock';
import { type ExecutionStatusChange, recordExecutionEnd } from '#use-cases/execution-end';

export const handler = stepHandler((event: { detail: ExecutionStatusChange }) =>
  recordExecutionEnd(event.detail, systemClock),
);
