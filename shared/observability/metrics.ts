import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SubmissionStatus } from '#domain/submission-status';
import type { SyncKind } from '#domain/sync-runs';
import { SERVICE_NAME } from './service.ts';

/**
 * The gateway's CloudWatch metrics, written as EMF log lines by Powertools. The names below are also
 * what infra/constructs/monitoring.ts alarms on, so both sides read them from here. Dimensions are
 * routes, statuses, providers, operations and outcomes only: never an id, a name or anything personal.
 *
 * Each event is published at once, as one EMF line with its own dimensions: a buffer shared by the
 * invocation would give every metric the dimensions of the last event, and a metric published before
 * the handler returns survives a timeout or a crash that a flush at the end would not.
 */
export const METRICS_NAMESPACE = 'PensionGateway';
/** Powertools adds `service` to every dimension set; alarms name it too. */
export const METRICS_SERVICE = SERVICE_NAME;

export const METRIC = {
  /** 1 per status a submission enters, `received` (its creation) included; [Status], [Route, Status]. */
  submissionStatusChanged: 'SubmissionStatusChanged',
  /** 1 per HTTP exchange with a provider; [Provider], [Provider, Operation, Outcome]. */
  providerCalls: 'ProviderCalls',
  /** 1 when the provider was unavailable (network, 429, 5xx) or refused our credentials, else 0. */
  providerErrors: 'ProviderErrors',
  /** Milliseconds from request to the whole body read (or to the failure). */
  providerLatency: 'ProviderLatency',
  /** Per recorded page of a scheduled sync: schemes synced and schemes failed; [Kind]. */
  syncSchemes: 'SyncSchemes',
  syncSchemesFailed: 'SyncSchemesFailed',
  /** Per finished sync run: 1, and 1 (else 0) when any of its schemes failed; [Kind]. */
  syncRunsCompleted: 'SyncRunsCompleted',
  syncRunsWithFailures: 'SyncRunsWithFailures',
  /**
   * Submissions still `queued` after their pay period's due date, as counted by the queue watchdog
   * (issue 8), which emits it with `publishMetrics` and no dimension but `service`.
   */
  submissionsQueuedPastDue: 'SubmissionsQueuedPastDue',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** How a provider exchange ended, as the error classes of shared/providers/errors.ts sort it. */
export type ProviderOutcome = 'ok' | 'rejected' | 'unauthorised' | 'unavailable';

/**
 * Publishes one event's metrics now, by the `shared` dimensions and, for each of `finer`, by those and
 * its own. `POWERTOOLS_METRICS_DISABLED` turns it off (the embedded runtime does unless asked, since a
 * developer's terminal is not a log group).
 */
export function publishMetrics(
  values: Partial<Record<MetricName, { value: number; unit: 'Count' | 'Milliseconds' }>>,
  shared: Record<string, string> = {},
  finer: Record<string, string>[] = [],
): void {
  // Switched off, as Powertools would be, without building a Metrics object per event first.
  if (process.env.POWERTOOLS_METRICS_DISABLED?.toLowerCase() === 'true') return;
  // Powertools puts its default dimensions in every set; an empty set is the shared dimensions alone.
  const metrics = new Metrics({
    namespace: METRICS_NAMESPACE,
    serviceName: METRICS_SERVICE,
    defaultDimensions: shared,
  });
  for (const dimensions of finer.length > 0 ? [{}, ...finer] : []) metrics.addDimensions(dimensions);
  for (const [name, { value, unit }] of Object.entries(values)) {
    metrics.addMetric(name, unit === 'Count' ? MetricUnit.Count : MetricUnit.Milliseconds, value);
  }
  metrics.publishStoredMetrics();
}

const count = (value: number) => ({ value, unit: 'Count' as const });

export function countStatusChange(route: string, status: SubmissionStatus): void {
  publishMetrics({ [METRIC.submissionStatusChanged]: count(1) }, { Status: status }, [{ Route: route }]);
}

export function recordProviderCall(
  provider: string,
  operation: string,
  outcome: ProviderOutcome,
  latencyMs: number,
): void {
  const failed = outcome === 'unavailable' || outcome === 'unauthorised';
  publishMetrics(
    {
      [METRIC.providerCalls]: count(1),
      [METRIC.providerErrors]: count(failed ? 1 : 0),
      [METRIC.providerLatency]: { value: latencyMs, unit: 'Milliseconds' },
    },
    { Provider: provider },
    [{ Operation: operation, Outcome: outcome }],
  );
}

export function countSyncPage(kind: SyncKind, schemes: number, failed: number): void {
  publishMetrics(
    { [METRIC.syncSchemes]: count(schemes), [METRIC.syncSchemesFailed]: count(failed) },
    { Kind: kind },
  );
}

export function countSyncRun(kind: SyncKind, failedSchemes: number): void {
  publishMetrics(
    { [METRIC.syncRunsCompleted]: count(1), [METRIC.syncRunsWithFailures]: count(failedSchemes > 0 ? 1 : 0) },
    { Kind: kind },
  );
}
