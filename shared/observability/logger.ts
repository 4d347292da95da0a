import { AsyncLocalStorage } from 'node:async_hooks';
import { LogFormatter, Logger, LogItem, LogLevel } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import type { Context } from 'aws-lambda';
import { SERVICE_NAME } from './service.ts';

/**
 * The ids a log line may concern: the submission, its scheme, the sync run, the Step Functions
 * execution, the provider's reference for a delivery (TPP contributions id, PensionSync job id), a TPP
 * connection, an intermediary. Ids only: never a name or anything else from a payroll.
 */
export interface LogIds {
  submissionId?: string;
  schemeId?: string;
  runId?: string;
  executionArn?: string;
  providerReference?: string;
  connectionId?: string;
  intermediaryId?: string;
  /** API Gateway's id for the request, as its access log and a problem's `instance` show it. */
  apiRequestId?: string;
}

/** Where each id is found in a workflow state or a path: mostly its own name; the references by provider. */
const ID_SOURCES: Record<string, keyof LogIds> = {
  submissionId: 'submissionId',
  schemeId: 'schemeId',
  runId: 'runId',
  executionArn: 'executionArn',
  providerReference: 'providerReference',
  contributionsId: 'providerReference',
  jobId: 'providerReference',
  connectionId: 'connectionId',
  intermediaryId: 'intermediaryId',
};

interface Invocation {
  context: Context;
  coldStart: boolean;
  ids: LogIds;
}

/**
 * The invocation a line is written in. Lambda runs one invocation at a time per process, but the
 * embedded runtime runs every function in one process at once; keeping the context and ids per
 * asynchronous call chain (rather than in the logger, as `addContext`/`appendKeys` do) gives each line
 * its own invocation's in both.
 */
const invocations = new AsyncLocalStorage<Invocation>();

/** Powertools' standard JSON line, with the Lambda context and ids of the invocation writing it. */
class InvocationLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const invocation = invocations.getStore();
    const context = invocation?.context ?? attributes.lambdaContext;
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: invocation?.coldStart ?? attributes.lambdaContext?.coldStart,
        function_arn: context?.invokedFunctionArn,
        function_memory_size: context?.memoryLimitInMB,
        function_name: context?.functionName,
        function_request_id: context?.awsRequestId,
        xray_trace_id: attributes.xRayTraceId,
        ...invocation?.ids,
      },
    }).addAttributes(additional);
  }
}

/**
 * The one logger every function writes through: JSON lines, level from `POWERTOOLS_LOG_LEVEL` (INFO by
 * default). Log ids and outcomes, never payroll content: the no-personal-data test reads every line.
 */
export const logger = new Logger({ serviceName: SERVICE_NAME, logFormatter: new InvocationLogFormatter() });

/**
 * Sets the logger's level from `POWERTOOLS_LOG_LEVEL` as it is now, for a host that sets the variable after
 * this module loaded (the embedded runtime). Unset or not a level, the level stays, as at construction.
 */
export function useLogLevelFromEnvironment(): void {
  const level = process.env.POWERTOOLS_LOG_LEVEL?.toUpperCase();
  if (level && level in LogLevel) logger.setLogLevel(level as keyof typeof LogLevel);
}

/** The ids found at the top level of `value` (a workflow state, a path's parameters). */
export function idsIn(value: unknown): LogIds {
  const ids: LogIds = {};
  if (typeof value !== 'object' || value === null) return ids;
  for (const [source, key] of Object.entries(ID_SOURCES)) {
    const id = (value as Record<string, unknown>)[source];
    if (typeof id === 'string' && id !== '') ids[key] = id;
  }
  return ids;
}

/**
 * One function's invocations, each run with its context and ids on every line written in it; the first
 * is the function's cold start.
 */
export function functionInvocations() {
  let coldStart = true;
  return <T>(context: Context, ids: LogIds, run: () => T): T => {
    const invocation = { context, coldStart, ids: { ...ids } };
    coldStart = false;
    return invocations.run(invocation, run);
  };
}

/** The ids of the invocation running now (none outside one). */
export function currentLogIds(): LogIds {
  return { ...invocations.getStore()?.ids };
}

/** Ids learned during the invocation (a submission just created, a provider's reference just given). */
export function addLogIds(ids: LogIds): void {
  const invocation = invocations.getStore();
  if (invocation) Object.assign(invocation.ids, ids);
}
