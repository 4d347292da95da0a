import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { EVENT_SOURCE, EVENT_VERSIONS } from '#domain/event-values';
import { EVENT_CATALOG, type EventType, eventJsonSchema, eventSchemaFile } from '#domain/events';
import { SUBMISSION_STATUSES } from '#domain/submission-status';
import { catalogEvent, EventsRefusedError, publishEvent } from '#store/events';
import { LOCAL_CREDENTIALS, REGION } from '../../../infra/local/aws-json-protocol.ts';
import { catalogProblem } from '../../../infra/local/eventbridge.ts';
import { inTurn, type RecordedRequest, startRecorder } from '../../support/s3-recorder.ts';

const TYPES = Object.keys(EVENT_CATALOG) as EventType[];
const docs = new URL('../../../docs/', import.meta.url);
const guide = readFileSync(new URL('events.md', docs), 'utf8');

/** The sample under the event's own heading in docs/events.md: a whole event as EventBridge delivers it. */
function sampleOf(type: EventType): {
  source: string;
  'detail-type': string;
  detail: Record<string, unknown>;
} {
  const section = guide.split(/^### /m).find((part) => part.startsWith(`\`${type}\`\n`));
  const json = section && /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
  if (!json) throw new Error(`docs/events.md has no json sample under "### \`${type}\`"`);
  return JSON.parse(json);
}

/** The detail's JSON Schema, inside the envelope. */
const detailSchema = (type: EventType): any => (eventJsonSchema(type).properties as any).detail;

describe('docs/events', () => {
  it('holds exactly the schema files the catalog generates', () => {
    const files = readdirSync(new URL('events/', docs)).filter((name) => name.endsWith('.schema.json'));
    expect(files.sort(), 'run `npm run docs:events`').toEqual(TYPES.map(eventSchemaFile).sort());
  });

  it.each(TYPES)('%s: the checked-in schema is what the catalog generates now', (type) => {
    const file = eventSchemaFile(type);
    const checkedIn = JSON.parse(readFileSync(new URL(`events/${file}`, docs), 'utf8'));
    expect(checkedIn, `docs/events/${file} is stale: run \`npm run docs:events\``).toEqual(
      eventJsonSchema(type),
    );
  });

  it.each(TYPES)('%s: docs/events.md links its schema', (type) => {
    expect(guide).toContain(`(events/${eventSchemaFile(type)})`);
  });
});

describe.each(TYPES)('%s sample', (type) => {
  const sample = sampleOf(type);

  it('is the envelope the gateway sends', () => {
    expect(sample).toMatchObject({ source: EVENT_SOURCE, 'detail-type': type });
    expect(sample.detail.version).toBe(EVENT_CATALOG[type].version);
  });

  it('matches the zod schema', () => {
    expect(EVENT_CATALOG[type].schema.safeParse(sample.detail).error).toBeUndefined();
  });

  it('matches the generated JSON Schema, which refuses an unknown field and a missing one', () => {
    // No JSON Schema validator is installed: zod reads the JSON Schema back and validates with it.
    const fromJson = z.fromJSONSchema(eventJsonSchema(type) as z.core.JSONSchema.JSONSchema);
    expect(fromJson.safeParse(sample).error).toBeUndefined();
    const accepts = (event: object) => fromJson.safeParse(event).success;
    expect(accepts({ ...sample, detail: { ...sample.detail, surprise: true } })).toBe(false);
    const { version: _, ...unversioned } = sample.detail;
    expect(accepts({ ...sample, detail: unversioned })).toBe(false);
    expect(accepts({ ...sample, source: 'someone-else' })).toBe(false);
  });
});

describe('generated JSON Schemas', () => {
  it.each<[EventType, string[]]>([
    ['Submission Status Changed', ['version', 'eventId', 'submissionId', 'schemeId', 'status', 'at']],
    ['Opt-out Received', ['version', 'eventId', 'schemeId', 'optOut']],
    ['Opt-out Updated', ['version', 'eventId', 'schemeId', 'changedFields', 'optOut']],
    ['Cessation Received', ['version', 'eventId', 'schemeId', 'cessation']],
    ['Scheme Changed', ['version', 'eventId', 'schemeId', 'changedFields', 'at', 'details']],
    [
      'Scheme Authorisation Changed',
      ['version', 'eventId', 'schemeId', 'provider', 'route', 'from', 'to', 'at'],
    ],
    ['Connection Status Changed', ['version', 'eventId', 'connectionId', 'status', 'at']],
    ['Connection Reauthorisation Needed', ['version', 'eventId', 'connectionId', 'at']],
  ])('%s requires %j and nothing else is allowed', (type, required) => {
    const detail = detailSchema(type);
    expect(detail.required).toEqual(required);
    expect(detail.additionalProperties).toBe(false);
    expect(detail.properties.version).toEqual({ type: 'string', const: '1' });
  });

  it('requires what an opt-out and a cessation always have', () => {
    expect(detailSchema('Opt-out Received').properties.optOut.required).toEqual([
      'schemeId',
      'uniqueId',
      'optOutDate',
      'employeeRefund',
      'employerRefund',
      'status',
      'firstSeenAt',
      'lastChangedAt',
    ]);
    expect(detailSchema('Opt-out Updated').properties.optOut).toEqual(
      detailSchema('Opt-out Received').properties.optOut,
    );
    const cessation = detailSchema('Cessation Received').properties.cessation;
    expect(cessation.required).toEqual(['uniqueId', 'cessationDate', 'status', 'firstSeenAt']);
    expect(cessation.additionalProperties).toBe(false);
  });

  it('lists the values of every enumerated field', () => {
    const authorisation = ['authorised', 'pending', 'refused', 'reauthorisation-needed'];
    const scheme = detailSchema('Scheme Authorisation Changed').properties;
    expect(scheme.provider.enum).toEqual(['TPP', 'NST', 'SMP', 'NOW', 'AVC', 'LGS']);
    expect(scheme.route.enum).toEqual(['direct', 'pensionsync']);
    expect(scheme.from.enum).toEqual(authorisation);
    expect(scheme.to.enum).toEqual(authorisation);
    expect(detailSchema('Submission Status Changed').properties.status.enum).toEqual([
      ...SUBMISSION_STATUSES,
    ]);
    expect(detailSchema('Opt-out Received').properties.optOut.properties.status.enum).toEqual([
      'open',
      'confirmed',
    ]);
    expect(detailSchema('Opt-out Updated').properties.changedFields.items.enum).toEqual([
      'refundStatus',
      'entitledToRefund',
      'employeeRefund',
      'employerRefund',
    ]);
    expect(detailSchema('Cessation Received').properties.cessation.properties.status.const).toBe('open');
    expect(detailSchema('Connection Status Changed').properties.status.enum).toEqual(['active', 'refused']);
  });

  it('gives times and dates their ISO formats', () => {
    expect(detailSchema('Submission Status Changed').properties.at.format).toBe('date-time');
    const optOut = detailSchema('Opt-out Received').properties.optOut.properties;
    expect(optOut.optOutDate.format).toBe('date');
    expect(optOut.firstSeenAt.format).toBe('date-time');
    const cessation = detailSchema('Cessation Received').properties.cessation.properties;
    expect([cessation.cessationDate.format, cessation.receivedDate.format]).toEqual(['date', 'date']);
  });
});

describe('publishEvent', () => {
  const cleanups: Array<() => Promise<void>> = [];
  let received: RecordedRequest[] = [];
  const at = '2026-11-08T09:30:12.345Z';

  beforeEach(async () => {
    vi.stubEnv('AWS_REGION', REGION);
    vi.stubEnv('AWS_ACCESS_KEY_ID', LOCAL_CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', LOCAL_CREDENTIALS.secretAccessKey);
    vi.stubEnv('EVENT_BUS_NAME', 'gateway-bus');
    const bus = await startRecorder(
      cleanups,
      inTurn([
        (response) => response.writeHead(200).end('{"FailedEntryCount":0,"Entries":[{"EventId":"e-1"}]}'),
      ]),
    );
    received = bus.received;
    vi.stubEnv('AWS_ENDPOINT_URL_EVENTBRIDGE', bus.url);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  /** The entries of each PutEvents the bus received. */
  const sentEntries = () => received.map((request) => JSON.parse(request.body).Entries);

  it('sends a detail the catalog accepts, with its version and the eventId given', async () => {
    await publishEvent('Connection Reauthorisation Needed', { connectionId: 'c-1', at }, 'ev-1');
    expect(sentEntries()).toEqual([
      [
        {
          EventBusName: 'gateway-bus',
          Source: 'pension-gateway',
          DetailType: 'Connection Reauthorisation Needed',
          Detail: JSON.stringify({ version: '1', eventId: 'ev-1', connectionId: 'c-1', at }),
        },
      ],
    ]);
  });

  it('gives each event a fresh eventId when none is given', async () => {
    await publishEvent('Connection Reauthorisation Needed', { connectionId: 'c-1', at });
    await publishEvent('Connection Reauthorisation Needed', { connectionId: 'c-1', at });
    const ids = sentEntries().map((entries) => JSON.parse(entries[0].Detail).eventId);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('counts a partly refused PutEvents as a failure', async () => {
    const refusing = await startRecorder(
      cleanups,
      inTurn([
        (response) =>
          response.writeHead(200).end('{"FailedEntryCount":1,"Entries":[{"ErrorCode":"InternalFailure"}]}'),
      ]),
    );
    vi.stubEnv('AWS_ENDPOINT_URL_EVENTBRIDGE', refusing.url);
    await expect(
      publishEvent('Connection Reauthorisation Needed', { connectionId: 'c-1', at }),
    ).rejects.toThrow(EventsRefusedError);
  });

  /** What the embedded bus, which every test's events go through, says of an event. */
  const busProblem = ({ type, detail }: { type: string; detail: object }) =>
    catalogProblem({ Source: EVENT_SOURCE, DetailType: type, Detail: detail });

  it('leaves the schema to the compiler and the embedded bus: neither takes a detail missing a field', () => {
    const event = catalogEvent(
      'Submission Status Changed',
      // @ts-expect-error schemeId is required, for the compiler as for the catalog
      { submissionId: 's-1', status: 'queued', at },
      'e',
    );
    expect(busProblem(event)).toMatch(
      /^Submission Status Changed event does not match its catalog schema:[\s\S]*schemeId/,
    );
  });

  it('leaves an unknown field to the compiler and the embedded bus', () => {
    const event = catalogEvent(
      'Connection Status Changed',
      // @ts-expect-error not in the catalog
      { connectionId: 'c-1', status: 'active', at, scope: 'offline_access' },
      'e',
    );
    expect(busProblem(event)).toMatch(/Connection Status Changed[\s\S]*Unrecognized key: "scope"/);
  });

  it('gives every event the version of its catalog schema, which the embedded bus accepts', () => {
    expect(Object.keys(EVENT_VERSIONS).sort()).toEqual(TYPES.sort());
    for (const type of TYPES) expect(EVENT_VERSIONS[type], type).toBe(EVENT_CATALOG[type].version);
    const event = catalogEvent('Connection Reauthorisation Needed', { connectionId: 'c-1', at }, 'e');
    expect(busProblem(event)).toBeUndefined();
  });
});
