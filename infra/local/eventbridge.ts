import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { EVENT_SOURCE } from '#domain/event-values';
import { EVENT_CATALOG } from '#domain/events';
import { englishIssues } from '#domain/schema-problems';
import {
  ACCOUNT,
  AwsServiceError,
  type LocalServer,
  REGION,
  startAwsJsonServer,
} from './aws-json-protocol.ts';
import { type CfnTemplate, physicalName, resolve, resourcesOfType } from './template.ts';

export interface RecordedEvent {
  id: string;
  EventBusName: string;
  Source: string;
  DetailType: string;
  Detail: unknown;
  /** ISO-8601, as in the `time` of a delivered event. */
  Time: string;
  Resources: string[];
}

/** One of the template's EventBridge rules: an event pattern on a bus, and the functions it invokes. */
export interface LocalRule {
  name: string;
  eventBusName: string;
  pattern: Record<string, unknown>;
  targetArns: string[];
  enabled: boolean;
}

/** An event as a rule's target receives it (the EventBridge envelope). */
export interface DeliveredEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

export interface LocalEventBridge extends LocalServer {
  events(): RecordedEvent[];
  clear(): void;
  /** Puts an event as an AWS service would (e.g. Step Functions' status changes on the default bus). */
  putServiceEvent(event: Omit<RecordedEvent, 'id' | 'Time'>): void;
  /**
   * A fault for tests: the bus refuses the next `count` PutEvents entries (InternalFailure), as AWS may;
   * only those `which` picks, when given.
   */
  refuseNext(count: number, which?: (event: RecordedEvent) => boolean): void;
  /** Resolves once every rule delivery started so far has ended. */
  waitForDeliveries(): Promise<void>;
  /** Deliveries that failed every attempt: what the rule's dead-letter queue would hold. */
  deadLetters(): Array<{ rule: string; targetArn: string; event: DeliveredEvent; error: string }>;
}

type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

function parseEntry(entry: unknown): RecordedEvent | EntryResult {
  const { EventBusName, Source, DetailType, Detail, Time, Resources } = (entry ?? {}) as Record<
    string,
    unknown
  >;
  if (typeof Source !== 'string' || typeof DetailType !== 'string' || typeof Detail !== 'string') {
    return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Source, DetailType and Detail are required.' };
  }
  let detail: unknown;
  try {
    detail = JSON.parse(Detail);
  } catch {
    return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  }
  return {
    id: randomUUID(),
    EventBusName: typeof EventBusName === 'string' ? EventBusName : 'default',
    Source,
    DetailType,
    Detail: detail,
    // The SDK sends Time as epoch seconds.
    Time: new Date(typeof Time === 'number' ? Time * 1000 : Date.now()).toISOString(),
    Resources: Array.isArray(Resources) ? Resources.map(String) : [],
  };
}

/**
 * The gateway sends its events unchecked at run time (shared/store/events.ts), so the embedded bus holds each
 * one to its catalog schema, as payroll will read it: every event any test or local run publishes is checked,
 * and one outside the catalog fails the PutEvents call that sent it, naming the event and the field.
 */
export function catalogProblem(
  event: Pick<RecordedEvent, 'Source' | 'DetailType' | 'Detail'>,
): string | undefined {
  if (event.Source !== EVENT_SOURCE) return undefined;
  const entry = EVENT_CATALOG[event.DetailType as keyof typeof EVENT_CATALOG];
  if (!entry) return `${event.DetailType} is not an event of the catalog (shared/domain/events.ts)`;
  const checked = entry.schema.safeParse(event.Detail, { error: englishIssues });
  return checked.success
    ? undefined
    : `${event.DetailType} event does not match its catalog schema:\n${z.prettifyError(checked.error)}`;
}

interface RuleProperties {
  EventBusName?: string;
  EventPattern?: Record<string, unknown>;
  State?: string;
  Targets?: Array<{ Arn: string }>;
}

export function rulesOf(template: CfnTemplate): LocalRule[] {
  return resourcesOfType(template, 'AWS::Events::Rule').map(([id, resource]) => {
    const properties = resolve(resource.Properties ?? {}, template) as RuleProperties;
    return {
      name: physicalName(id, resource),
      eventBusName: properties.EventBusName ?? 'default',
      pattern: properties.EventPattern ?? {},
      targetArns: (properties.Targets ?? []).map((target) => target.Arn),
      enabled: properties.State !== 'DISABLED',
    };
  });
}

/**
 * EventBridge's pattern matching, for the parts of the pattern language the gateway's rules use: fields
 * nest as in the event, a list allows any of its values (strings, numbers, null), and `{prefix}` and
 * `{exists}` filters. A field of the event that is a list matches when any element does.
 */
export function matchesPattern(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([field, wanted]) => {
    const value = event[field];
    if (Array.isArray(wanted)) {
      const values = Array.isArray(value) ? value : [value];
      return wanted.some((allowed) => values.some((candidate) => matchesValue(allowed, candidate)));
    }
    if (typeof wanted === 'object' && wanted !== null) {
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? matchesPattern(wanted as Record<string, unknown>, value as Record<string, unknown>)
        : false;
    }
    throw new Error(`event pattern field ${field} must be a list or an object`);
  });
}

function matchesValue(allowed: unknown, value: unknown): boolean {
  if (typeof allowed === 'object' && allowed !== null) {
    const filter = allowed as { prefix?: string; exists?: boolean };
    if (filter.prefix !== undefined) return typeof value === 'string' && value.startsWith(filter.prefix);
    if (filter.exists !== undefined) return (value !== undefined) === filter.exists;
    throw new Error(`event pattern filter ${JSON.stringify(allowed)} is not supported locally`);
  }
  return allowed === value && value !== undefined;
}

/** Attempts per delivery before it counts as dead-lettered (AWS retries for longer; locally a few suffice). */
const DELIVERY_ATTEMPTS = 3;

export async function startEventBridge(
  options: {
    port?: number;
    onEvent?: (event: RecordedEvent) => void;
    rules?: LocalRule[];
    /** Invokes a rule's target; the runtime passes its function host. */
    invokeTarget?: (targetArn: string, event: DeliveredEvent) => Promise<unknown>;
    log?: (line: string) => void;
  } = {},
): Promise<LocalEventBridge> {
  const recorded: RecordedEvent[] = [];
  const deadLetters: ReturnType<LocalEventBridge['deadLetters']> = [];
  const deliveries = new Set<Promise<void>>();
  let refusals = { count: 0, which: (_event: RecordedEvent) => true };

  const deliver = (rule: LocalRule, targetArn: string, event: DeliveredEvent) => {
    const delivery = (async () => {
      let lastError = '';
      for (let attempt = 1; attempt <= DELIVERY_ATTEMPTS; attempt++) {
        try {
          await options.invokeTarget?.(targetArn, event);
          return;
        } catch (error) {
          lastError = String(error);
        }
      }
      deadLetters.push({ rule: rule.name, targetArn, event, error: lastError });
      options.log?.(`eventbridge      ${rule.name} could not deliver ${event.id}: ${lastError}`);
    })();
    deliveries.add(delivery);
    void delivery.finally(() => deliveries.delete(delivery));
  };

  const accept = (event: RecordedEvent) => {
    recorded.push(event);
    options.onEvent?.(event);
    const delivered: DeliveredEvent = {
      version: '0',
      id: event.id,
      'detail-type': event.DetailType,
      source: event.Source,
      account: ACCOUNT,
      time: event.Time,
      region: REGION,
      resources: event.Resources,
      detail: event.Detail,
    };
    for (const rule of options.rules ?? []) {
      if (!rule.enabled || rule.eventBusName !== event.EventBusName) continue;
      if (!matchesPattern(rule.pattern, delivered as unknown as Record<string, unknown>)) continue;
      for (const targetArn of rule.targetArns) deliver(rule, targetArn, delivered);
    }
  };

  const server = await startAwsJsonServer({
    port: options.port,
    targetPrefix: 'AWSEvents',
    operations: {
      PutEvents: async (input) => {
        if (!Array.isArray(input.Entries) || input.Entries.length === 0 || input.Entries.length > 10) {
          throw new AwsServiceError('ValidationException', 'Entries must hold 1 to 10 entries.');
        }
        const entries = input.Entries.map(parseEntry);
        for (const parsed of entries) {
          const problem = 'id' in parsed ? catalogProblem(parsed) : undefined;
          if (problem) {
            options.log?.(`eventbridge      refused: ${problem}`);
            throw new AwsServiceError('ValidationException', problem);
          }
        }
        const results = entries.map((parsed): EntryResult => {
          if (!('id' in parsed)) return parsed;
          if (refusals.count > 0 && refusals.which(parsed)) {
            refusals.count -= 1;
            return { ErrorCode: 'InternalFailure', ErrorMessage: 'The bus refused the entry (local fault).' };
          }
          accept(parsed);
          return { EventId: parsed.id };
        });
        return {
          FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length,
          Entries: results,
        };
      },
    },
  });
  return {
    ...server,
    async close() {
      while (deliveries.size > 0) await Promise.all(deliveries);
      await server.close();
    },
    events: () => [...recorded],
    clear: () => {
      recorded.length = 0;
    },
    putServiceEvent: (event) => accept({ ...event, id: randomUUID(), Time: new Date().toISOString() }),
    refuseNext: (count, which = () => true) => {
      refusals = { count, which };
    },
    waitForDeliveries: async () => {
      while (deliveries.size > 0) await Promise.all(deliveries);
    },
    deadLetters: () => [...deadLetters],
  };
}
