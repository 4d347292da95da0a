import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOCAL_CREDENTIALS, localClientConfig, REGION } from '../../../infra/local/aws-json-protocol.ts';
import { startEventBridge } from '../../../infra/local/eventbridge.ts';
import { traceable } from '../../../shared/observability/aws-clients.ts';
import { AwsRequestError, sdkWouldRetry } from '../../../shared/store/aws-requests.ts';
import {
  type CatalogEvent,
  catalogEvent,
  EventsRefusedError,
  putEvents,
} from '../../../shared/store/events.ts';
import { inTurn, type RecordedRequest, signatureHolds, startRecorder } from '../../support/s3-recorder.ts';

/**
 * PutEvents without the EventBridge client (store/events.ts over store/aws-requests.ts): the request the
 * SDK client sends, its answers read as the SDK client reads them, tried again when it would try again.
 */
const cleanups: Array<() => Promise<void>> = [];

beforeEach(() => {
  vi.stubEnv('AWS_REGION', REGION);
  vi.stubEnv('AWS_ACCESS_KEY_ID', LOCAL_CREDENTIALS.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', LOCAL_CREDENTIALS.secretAccessKey);
  vi.stubEnv('EVENT_BUS_NAME', 'gateway-bus');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const at = '2026-11-08T09:30:12.345Z';
const reauthorisation = (connectionId: string) =>
  catalogEvent('Connection Reauthorisation Needed', { connectionId, at }, `ev-${connectionId}`);

const accepted = (response: ServerResponse) =>
  response
    .writeHead(200, { 'content-type': 'application/x-amz-json-1.1' })
    .end('{"FailedEntryCount":0,"Entries":[{"EventId":"e-1"}]}');

/** A bus that records each PutEvents and answers them in turn; the gateway's endpoint points at it. */
async function recordingBus(answers: Array<(response: ServerResponse) => void>) {
  const recorder = await startRecorder(cleanups, inTurn(answers));
  vi.stubEnv('AWS_ENDPOINT_URL_EVENTBRIDGE', recorder.url);
  return recorder;
}

const entriesOf = (request: RecordedRequest) => JSON.parse(request.body).Entries as Array<{ Detail: string }>;
const signedHeadersOf = (request: RecordedRequest) =>
  /SignedHeaders=([^,]+)/.exec(String(request.headers.authorization))?.[1]?.split(';');
/** The credential scope after the date: region, service and terminator. */
const scopeOf = (request: RecordedRequest) =>
  /Credential=[^/]+\/\d{8}\/([^,]+)/.exec(String(request.headers.authorization))?.[1];

describe('putEvents without the EventBridge client', () => {
  it('sends the request the EventBridge client sends for the same entries, signed as it signs', async () => {
    const { url, received } = await recordingBus([accepted]);
    const event: CatalogEvent = {
      type: 'Connection Reauthorisation Needed',
      detail: { version: '1', eventId: 'ev-1', connectionId: 'c-£"\\/1', at },
    };
    await putEvents([event]);
    // The client as the gateway built it (traceable: no user agent, as no AWS API needs one).
    const client = traceable(new EventBridgeClient(localClientConfig(url)));
    cleanups.push(async () => client.destroy());
    await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'gateway-bus',
            Source: 'pension-gateway',
            DetailType: 'Connection Reauthorisation Needed',
            Detail: JSON.stringify(event.detail),
          },
        ],
      }),
    );
    const [light, sdk] = received;
    if (!light || !sdk) throw new Error('expected two requests');
    expect(light.method).toBe(sdk.method);
    expect(light.url).toBe(sdk.url);
    expect(light.body).toBe(sdk.body);
    for (const header of ['x-amz-target', 'content-type', 'content-length', 'host']) {
      expect(light.headers[header], header).toBe(sdk.headers[header]);
    }
    expect(light.headers).toMatchObject({
      'x-amz-target': 'AWSEvents.PutEvents',
      'content-type': 'application/x-amz-json-1.1',
    });
    // Signed as the SDK signs, but for its own bookkeeping (the invocation id and attempt number).
    expect(signedHeadersOf(light)).toEqual(
      signedHeadersOf(sdk)?.filter((name) => !name.startsWith('amz-sdk-')),
    );
    expect(scopeOf(light)).toBe(`${REGION}/events/aws4_request`);
    expect(scopeOf(light)).toBe(scopeOf(sdk));
    expect(await signatureHolds(sdk)).toBe(true);
    expect(await signatureHolds(light)).toBe(true);
    // The signature covers the body through its hash.
    expect(light.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(light.body).digest('hex'));
  });

  it('puts the events in batches of ten, in order', async () => {
    const { received } = await recordingBus([accepted]);
    const ids = Array.from({ length: 23 }, (_, index) => `c-${index}`);
    await putEvents(ids.map(reauthorisation));
    expect(received.map((request) => entriesOf(request).length)).toEqual([10, 10, 3]);
    const sent = received.flatMap(entriesOf).map((entry) => JSON.parse(entry.Detail).connectionId);
    expect(sent).toEqual(ids);
  });

  it('throws EventsRefusedError when the bus refuses an entry, without trying again', async () => {
    const { received } = await recordingBus([
      (response) =>
        response.writeHead(200).end(
          JSON.stringify({
            FailedEntryCount: 1,
            Entries: [{ EventId: 'e-1' }, { ErrorCode: 'InternalFailure', ErrorMessage: 'try later' }],
          }),
        ),
    ]);
    const refused = putEvents([reauthorisation('c-1'), reauthorisation('c-2')]);
    await expect(refused).rejects.toThrow(EventsRefusedError);
    await expect(refused).rejects.toThrow('EventBridge refused 1 event(s)');
    expect(received).toHaveLength(1);
  });

  it("throws EventBridge's error answer named by its code, and does not try a client error again", async () => {
    const { received } = await recordingBus([
      (response) =>
        response
          .writeHead(400, { 'x-amzn-errortype': 'ValidationException:http://internal.amazon.com/' })
          .end('{"__type":"com.amazonaws.events#ValidationException","message":"Detail is malformed."}'),
    ]);
    const error = await putEvents([reauthorisation('c-1')]).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(AwsRequestError);
    expect(error).toMatchObject({
      name: 'ValidationException',
      status: 400,
      message: 'EventBridge answered 400 ValidationException: Detail is malformed.',
    });
    expect(received).toHaveLength(1);
  });

  it('names an answer without an error document by its HTTP status', async () => {
    const { received } = await recordingBus([(response) => response.writeHead(403).end('<html>no</html>')]);
    await expect(putEvents([reauthorisation('c-1')])).rejects.toMatchObject({
      name: 'Forbidden',
      status: 403,
      message: 'EventBridge answered 403 Forbidden: 403 Forbidden',
    });
    expect(received).toHaveLength(1);
  });

  it('tries again after a 500 and a lost connection, signing each attempt, and stops once the bus takes them', async () => {
    const { received } = await recordingBus([
      (response) =>
        response.writeHead(500).end('{"__type":"InternalException","message":"Internal service error."}'),
      (response) => response.socket?.destroy(),
      accepted,
    ]);
    await putEvents([reauthorisation('c-1')]);
    expect(received).toHaveLength(3);
    expect(new Set(received.map((request) => request.body)).size).toBe(1);
    for (const request of received) expect(await signatureHolds(request)).toBe(true);
  });

  it('tries a throttled request three times, as the SDK does, then throws the throttling', async () => {
    const { received } = await recordingBus([
      (response) =>
        response
          .writeHead(400)
          .end('{"__type":"ThrottlingException","Message":"Rate exceeded for the account."}'),
    ]);
    await expect(putEvents([reauthorisation('c-1')])).rejects.toMatchObject({
      name: 'ThrottlingException',
      message: 'EventBridge answered 400 ThrottlingException: Rate exceeded for the account.',
    });
    expect(received).toHaveLength(3);
  });

  it("is taken, unchanged, by the embedded runtime's EventBridge, which refuses what EventBridge refuses", async () => {
    const bus = await startEventBridge();
    cleanups.push(() => bus.close());
    vi.stubEnv('AWS_ENDPOINT_URL_EVENTBRIDGE', bus.url);
    await putEvents([reauthorisation('c-1'), reauthorisation('c-2')]);
    expect(bus.events()).toMatchObject([
      { EventBusName: 'gateway-bus', Source: 'pension-gateway', Detail: { connectionId: 'c-1' } },
      { EventBusName: 'gateway-bus', Source: 'pension-gateway', Detail: { connectionId: 'c-2' } },
    ]);
    bus.refuseNext(1);
    await expect(putEvents([reauthorisation('c-3')])).rejects.toThrow(EventsRefusedError);
    const outsideTheCatalog = { ...reauthorisation('c-4'), detail: { surprise: true } };
    await expect(putEvents([outsideTheCatalog])).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe("the retry rules (the SDK clients' classification, for S3 and EventBridge alike)", () => {
  it.each<[number, string | undefined, boolean]>([
    [429, undefined, true],
    [400, 'ThrottlingException', true],
    [400, 'LimitExceededException', true],
    [503, 'SlowDown', true],
    [400, 'RequestTimeout', true],
    [500, 'InternalException', true],
    [502, undefined, true],
    [503, undefined, true],
    [504, undefined, true],
    [501, 'NotImplemented', false],
    [408, undefined, false],
    [400, 'ValidationException', false],
    [403, 'AccessDeniedException', false],
    [404, 'ResourceNotFoundException', false],
  ])('%i %s: tried again %s', (status, code, again) => {
    expect(sdkWouldRetry({ status, code })).toBe(again);
  });
});
