import { randomUUID } from 'node:crypto';
import { AwsServiceError, type LocalServer, startAwsJsonServer } from './aws-json-protocol.ts';

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

export interface LocalEventBridge extends LocalServer {
  events(): RecordedEvent[];
  clear(): void;
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

export async function startEventBridge(
  options: { port?: number; onEvent?: (event: RecordedEvent) => void } = {},
): Promise<LocalEventBridge> {
  const recorded: RecordedEvent[] = [];
  const server = await startAwsJsonServer({
    port: options.port,
    targetPrefix: 'AWSEvents',
    operations: {
      PutEvents: async (input) => {
        if (!Array.isArray(input.Entries) || input.Entries.length === 0 || input.Entries.length > 10) {
          throw new AwsServiceError('ValidationException', 'Entries must hold 1 to 10 entries.');
        }
        const results = input.Entries.map(parseEntry).map((parsed): EntryResult => {
          if (!('id' in parsed)) return parsed;
          recorded.push(parsed);
          options.onEvent?.(parsed);
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
    events: () => [...recorded],
    clear: () => {
      recorded.length = 0;
    },
  };
}
