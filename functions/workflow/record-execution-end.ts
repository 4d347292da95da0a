import { systemClock } from '#use-cases/clock';
import { type ExecutionStatusChange, recordExecutionEnd } from '#use-cases/execution-end';

export const handler = (event: { detail: ExecutionStatusChange }) =>
  recordExecutionEnd(event.detail, systemClock);
