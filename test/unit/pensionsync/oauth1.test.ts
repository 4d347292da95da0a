import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SignatureMethod, signRequest } from '#providers/pensionsync/oauth1';
import {
  computeSignature,
  parseAuthorizationHeader,
  type ReceivedRequest,
  signatureBaseString,
  type VerifyOAuth1Input,
  verifyOAuth1,
} from '#sandboxes/pensionsync/oauth1-verifier';

const FORM = 'application/x-www-form-urlencoded';

// RFC 5849 3.1 / 3.4.1: the worked example request, its credentials (client j49sk3j29djd, token
// dh893hdasih9) and, from 3.4.1.1, its signature base string.
const RFC_REQUEST = {
  method: 'POST',
  url: 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b',
  body: 'c2&a3=2+q',
  contentType: FORM,
};
const RFC_CONSUMER = { key: '9djdj82h48djs9d2', secret: 'j49sk3j29djd' };
const RFC_TOKEN = { key: 'kkk9d7dh3k39sjv7', secret: 'dh893hdasih9' };
const RFC_HEADER_PARAMS =
  'realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", ' +
  'oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a"';
const RFC_BASE_STRING =
  'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q' +
  '%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_' +
  'key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_' +
  'method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9' +
  'd7dh3k39sjv7';
// The RFC prints bYT5CMsGcbgUdFHObYMEfcx6bsw= in 3.1's header; erratum 2550 corrects it to this.
const RFC_SIGNATURE = 'r6/TJjbCOr97/+UU0NsvSne7s5g=';

// RFC 5849 1.2: the photo-printing example's client and its temporary and token credentials.
const PHOTOS_CONSUMER = { key: 'dpf43f3p2l4k3l03', secret: 'kd94hf93k423kf44' };
// Its protected-resource request's base string, which 1.2 does not print (its signature checks it).
const PHOTOS_BASE_STRING =
  'GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3D' +
  'dpf43f3p2l4k3l03%26oauth_nonce%3DchapoH%26oauth_signature_method%3DHMAC-SHA1%26' +
  'oauth_timestamp%3D137131202%26oauth_token%3Dnnch734d00sl2jdk%26size%3Doriginal';
const PHOTOS_TOKENS = new Map([
  ['hh5s93j4hdidpola', 'hdhd0244k9j7ao03'],
  ['nnch734d00sl2jdk', 'pfkkdhi9sl3r4s00'],
]);

const noNonceStore = () => false;

function rfcVerify(request: ReceivedRequest, authorizationHeader: string, now = 137131201) {
  return verifyOAuth1({
    ...request,
    authorizationHeader,
    consumers: new Map([[RFC_CONSUMER.key, RFC_CONSUMER.secret]]),
    tokens: new Map([[RFC_TOKEN.key, RFC_TOKEN.secret]]),
    now,
    seenNonce: noNonceStore,
  });
}

describe('RFC 5849 worked examples', () => {
  it('builds the 3.4.1.1 signature base string, leaving out realm and oauth_signature', () => {
    const header = parseAuthorizationHeader(
      `OAuth ${RFC_HEADER_PARAMS}, oauth_signature="bYT5CMsGcbgUdFHObYMEfcx6bsw%3D"`,
    );
    expect(header).toBeDefined();
    expect(signatureBaseString(RFC_REQUEST, header ?? new Map())).toBe(RFC_BASE_STRING);
  });

  it('signs the 3.4.1.1 base string with HMAC-SHA1 as erratum 2550 gives it', () => {
    expect(computeSignature('HMAC-SHA1', RFC_BASE_STRING, RFC_CONSUMER.secret, RFC_TOKEN.secret)).toBe(
      RFC_SIGNATURE,
    );
  });

  it('accepts the 3.4.1 request with the corrected signature and refuses the misprinted one', () => {
    const signed = `OAuth ${RFC_HEADER_PARAMS}, oauth_signature="r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D"`;
    expect(rfcVerify(RFC_REQUEST, signed)).toEqual({ ok: true, consumerKey: RFC_CONSUMER.key });
    // Scheme and host case and a default port do not matter (3.4.1.2); another port does.
    const shouted = {
      ...RFC_REQUEST,
      url: RFC_REQUEST.url.replace('http://example.com', 'HTTP://EXAMPLE.com:80'),
    };
    expect(rfcVerify(shouted, signed).ok).toBe(true);
    const elsewhere = { ...RFC_REQUEST, url: RFC_REQUEST.url.replace('example.com', 'example.com:8080') };
    expect(rfcVerify(elsewhere, signed)).toEqual({ ok: false, reason: 'bad signature' });
    const misprinted = `OAuth ${RFC_HEADER_PARAMS}, oauth_signature="bYT5CMsGcbgUdFHObYMEfcx6bsw%3D"`;
    expect(rfcVerify(RFC_REQUEST, misprinted)).toEqual({ ok: false, reason: 'bad signature' });
  });

  it.each([
    {
      step: 'temporary credentials',
      method: 'POST',
      url: 'https://photos.example.net/initiate',
      now: 137131200,
      header:
        'OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_signature_method="HMAC-SHA1", ' +
        'oauth_timestamp="137131200", oauth_nonce="wIjqoS", ' +
        'oauth_callback="http%3A%2F%2Fprinter.example.com%2Fready", ' +
        'oauth_signature="74KNZJeDHnMBp0EMJ9ZHt%2FXKycU%3D"',
    },
    {
      step: 'token credentials',
      method: 'POST',
      url: 'https://photos.example.net/token',
      now: 137131201,
      header:
        'OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="hh5s93j4hdidpola", ' +
        'oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="walatlh", ' +
        'oauth_verifier="hfdp7dh39dks9884", oauth_signature="gKgrFCywp7rO0OXSjdot%2FIHF7IU%3D"',
    },
    {
      step: 'protected resource',
      method: 'GET',
      url: 'http://photos.example.net/photos?file=vacation.jpg&size=original',
      now: 137131202,
      header:
        'OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="nnch734d00sl2jdk", ' +
        'oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131202", oauth_nonce="chapoH", ' +
        'oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D"',
    },
  ])('accepts the 1.2 $step request as printed', ({ method, url, now, header }) => {
    const result = verifyOAuth1({
      method,
      url,
      authorizationHeader: header,
      consumers: new Map([[PHOTOS_CONSUMER.key, PHOTOS_CONSUMER.secret]]),
      tokens: PHOTOS_TOKENS,
      now,
      seenNonce: noNonceStore,
    });
    expect(result).toEqual({ ok: true, consumerKey: PHOTOS_CONSUMER.key });
  });

  it.each([
    {
      example: '3.4.1',
      request: RFC_REQUEST,
      consumer: RFC_CONSUMER,
      token: RFC_TOKEN,
      nonce: '7d8f3e4a',
      timestamp: 137131201,
      baseString: RFC_BASE_STRING,
      rfcSignature: RFC_SIGNATURE,
      signedBaseString: `${RFC_BASE_STRING}%26oauth_version%3D1.0`,
    },
    {
      example: '1.2',
      request: { method: 'GET', url: 'http://photos.example.net/photos?file=vacation.jpg&size=original' },
      consumer: PHOTOS_CONSUMER,
      token: { key: 'nnch734d00sl2jdk', secret: 'pfkkdhi9sl3r4s00' },
      nonce: 'chapoH',
      timestamp: 137131202,
      baseString: PHOTOS_BASE_STRING,
      rfcSignature: 'MdpQcU8iPSUjWoN/UDMsK2sui9I=',
      signedBaseString: PHOTOS_BASE_STRING.replace('%26size', '%26oauth_version%3D1.0%26size'),
    },
  ])('signs the $example request over the RFC base string plus oauth_version', (example) => {
    // oauth-1.0a always sends oauth_version, which the RFC's examples leave out (it is optional, 3.1).
    // The base string is the one the RFC signed: it yields the signature the RFC prints.
    expect(
      computeSignature('HMAC-SHA1', example.baseString, example.consumer.secret, example.token.secret),
    ).toBe(example.rfcSignature);
    const header = signRequest({
      ...example.request,
      consumerKey: example.consumer.key,
      consumerSecret: example.consumer.secret,
      token: example.token,
      nonce: example.nonce,
      timestamp: example.timestamp,
    });
    expect(Object.fromEntries(parseAuthorizationHeader(header) ?? [])).toEqual({
      oauth_consumer_key: example.consumer.key,
      oauth_token: example.token.key,
      oauth_signature_method: 'HMAC-SHA1',
      oauth_timestamp: String(example.timestamp),
      oauth_nonce: example.nonce,
      oauth_version: '1.0',
      oauth_signature: computeSignature(
        'HMAC-SHA1',
        example.signedBaseString,
        example.consumer.secret,
        example.token.secret,
      ),
    });
    const result = verifyOAuth1({
      ...example.request,
      authorizationHeader: header,
      consumers: new Map([[example.consumer.key, example.consumer.secret]]),
      tokens: new Map([[example.token.key, example.token.secret]]),
      now: example.timestamp,
      seenNonce: noNonceStore,
    });
    expect(result.ok).toBe(true);
  });

  it('sends PLAINTEXT as the encoded secrets joined by & (3.4.4), then percent-encoded in the header', () => {
    const threeLegged = signRequest({
      ...RFC_REQUEST,
      consumerKey: RFC_CONSUMER.key,
      consumerSecret: RFC_CONSUMER.secret,
      token: RFC_TOKEN,
      signatureMethod: 'PLAINTEXT',
    });
    expect(threeLegged).toContain('oauth_signature="j49sk3j29djd%26dh893hdasih9"');
    expect(rfcVerify(RFC_REQUEST, threeLegged, Math.floor(Date.now() / 1000)).ok).toBe(true);
    const oneLegged = signRequest({
      ...RFC_REQUEST,
      consumerKey: RFC_CONSUMER.key,
      consumerSecret: 'sec ret',
      signatureMethod: 'PLAINTEXT',
    });
    expect(oneLegged).toContain('oauth_signature="sec%2520ret%26"');
  });
});

describe('signRequest', () => {
  it('defaults to HMAC-SHA1, a fresh nonce, the current second and no token', () => {
    const before = Math.floor(Date.now() / 1000);
    const sign = () =>
      signRequest({ method: 'GET', url: 'https://api.example/x', consumerKey: 'k', consumerSecret: 's' });
    const first = parseAuthorizationHeader(sign());
    const second = parseAuthorizationHeader(sign());
    expect(first?.get('oauth_signature_method')).toBe('HMAC-SHA1');
    expect(first?.has('oauth_token')).toBe(false);
    expect(first?.get('oauth_nonce')).not.toBe(second?.get('oauth_nonce'));
    const timestamp = Number(first?.get('oauth_timestamp'));
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it('signs an empty oauth_token, which one-legged verifiers accept without a token secret', () => {
    const header = signRequest({
      method: 'GET',
      url: 'https://api.example/x',
      consumerKey: 'k',
      consumerSecret: 's',
      token: { key: '', secret: '' },
    });
    expect(header).toContain('oauth_token=""');
    const result = verifyOAuth1({
      method: 'GET',
      url: 'https://api.example/x',
      authorizationHeader: header,
      consumers: new Map([['k', 's']]),
      now: Math.floor(Date.now() / 1000),
      seenNonce: noNonceStore,
    });
    expect(result).toEqual({ ok: true, consumerKey: 'k' });
  });
});

// Characters that break naive encoders, plus any code point.
const character = fc.oneof(
  fc.constantFrom(
    ...[' ', '+', '%', '&', '=', '?', '#', '/', ':', '@', '!', '*', "'", '(', ')', '~', '"', ',', ';'],
    ...['[', ']', '-', '.', '_', 'a', 'Z', '0', 'é', '€', '日', '😀', '\u0000'],
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const text = fc.string({ unit: character, maxLength: 6 });
const pairs = fc.array(fc.tuple(text, text), { maxLength: 4 });

type Encoding = 'component' | 'form' | 'loose';
const ENCODERS: Record<Encoding, (value: string) => string> = {
  component: encodeURIComponent,
  form: (value) => new URLSearchParams([['', value]]).toString().slice(1),
  // Only what would change the structure is escaped; the URL parser percent-encodes the rest.
  loose: (value) => value.replace(/[%&=#+]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
};
const serialise = (params: [string, string][], encoding: Encoding) =>
  params.map(([name, value]) => `${ENCODERS[encoding](name)}=${ENCODERS[encoding](value)}`).join('&');

const generatedRequest = fc.record({
  method: fc.constantFrom('GET', 'POST'),
  origin: fc.constantFrom(
    'https://api.pensionsync.example',
    'HTTPS://API.PensionSync.Example:443',
    'http://localhost:8080',
    'http://127.0.0.1:80',
  ),
  path: fc.array(text, { maxLength: 3 }),
  query: pairs,
  queryEncoding: fc.constantFrom<Encoding>('component', 'form', 'loose'),
  body: fc.oneof(
    fc.constant({ kind: 'none' as const }),
    fc.record({
      kind: fc.constant('form' as const),
      params: pairs,
      encoding: fc.constantFrom<Encoding>('component', 'form'),
      contentType: fc.constantFrom(FORM, `${FORM}; charset=UTF-8`, 'Application/X-WWW-Form-URLEncoded'),
    }),
    fc.record({
      kind: fc.constant('other' as const),
      // A JSON document, or form-looking text under a type that says it is not a form.
      text: fc.oneof(
        fc.dictionary(text, text).map((object) => JSON.stringify(object)),
        pairs.map((params) => serialise(params, 'form')),
      ),
      contentType: fc.constantFrom('application/json', 'application/xml', 'text/csv'),
    }),
  ),
  signatureMethod: fc.constantFrom<SignatureMethod>('HMAC-SHA1', 'HMAC-SHA256'),
  consumerKey: fc.string({ unit: character, minLength: 1, maxLength: 10 }),
  consumerSecret: text,
  nonce: fc.string({ unit: character, minLength: 1, maxLength: 10 }),
  timestamp: fc.integer({ min: 0, max: 2 ** 31 }),
  tamperAt: fc.nat(),
});
type Generated = typeof generatedRequest extends fc.Arbitrary<infer T> ? T : never;

function urlOf(request: Generated, query = request.query): string {
  const path = `/${request.path.map(encodeURIComponent).join('/')}`;
  return `${request.origin}${path}${query.length > 0 ? `?${serialise(query, request.queryEncoding)}` : ''}`;
}

// Append to one value, or add a parameter when there is none.
function tampered(params: [string, string][], at: number): [string, string][] {
  if (params.length === 0) return [['tampered', '']];
  const index = at % params.length;
  return params.map(([name, value], i): [string, string] => [name, i === index ? `${value}x` : value]);
}

describe('signRequest and verifyOAuth1 agree', () => {
  it('accepts every signed request and refuses any change to what is signed', () => {
    fc.assert(
      fc.property(generatedRequest, (request) => {
        const body =
          request.body.kind === 'form'
            ? serialise(request.body.params, request.body.encoding)
            : request.body.kind === 'other'
              ? request.body.text
              : undefined;
        const contentType = request.body.kind === 'none' ? undefined : request.body.contentType;
        const header = signRequest({ ...request, url: urlOf(request), body, contentType });
        // A server sees the URL as fetch serialises it.
        const received = { method: request.method, url: new URL(urlOf(request)).href, body, contentType };
        const verify = (changes: Partial<VerifyOAuth1Input>) =>
          verifyOAuth1({
            ...received,
            authorizationHeader: header,
            consumers: new Map([[request.consumerKey, request.consumerSecret]]),
            now: request.timestamp,
            seenNonce: noNonceStore,
            ...changes,
          });
        const refused = { ok: false, reason: 'bad signature' };

        expect(verify({})).toEqual({ ok: true, consumerKey: request.consumerKey });
        const otherQuery = tampered(request.query, request.tamperAt);
        expect(verify({ url: new URL(urlOf(request, otherQuery)).href })).toEqual(refused);
        expect(verify({ method: request.method === 'GET' ? 'POST' : 'GET' })).toEqual(refused);
        expect(verify({ consumers: new Map([[request.consumerKey, `${request.consumerSecret}x`]]) })).toEqual(
          refused,
        );
        if (request.body.kind === 'form') {
          const otherForm = tampered(request.body.params, request.tamperAt);
          expect(verify({ body: serialise(otherForm, request.body.encoding) })).toEqual(refused);
        } else {
          // Non-form bodies stay out of the signature (RFC 5849 3.4.1.3.1).
          expect(verify({ body: `${body ?? ''}{"changed":true}`, contentType: 'application/json' }).ok).toBe(
            true,
          );
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('verifyOAuth1 refusals', () => {
  const now = 1_700_000_000;
  const request = {
    method: 'POST',
    url: 'https://api.pensionsync.example/api/job/42?x=1',
    contentType: FORM,
  };
  const sign = (nonce = 'n-1', timestamp = now) =>
    signRequest({ ...request, consumerKey: 'payroll', consumerSecret: 'shh', nonce, timestamp, body: 'a=1' });
  const verify = (authorizationHeader: string | undefined, changes: Partial<VerifyOAuth1Input> = {}) =>
    verifyOAuth1({
      ...request,
      body: 'a=1',
      authorizationHeader,
      consumers: (key) => (key === 'payroll' ? 'shh' : undefined),
      now,
      seenNonce: noNonceStore,
      ...changes,
    });

  it('refuses a request with no Authorization header', () => {
    expect(verify(undefined)).toEqual({ ok: false, reason: 'missing header' });
    expect(verify('')).toEqual({ ok: false, reason: 'missing header' });
  });

  it('refuses a header that is not OAuth, lacks a protocol parameter, repeats one or has a bad escape', () => {
    const header = sign();
    for (const bad of [
      'Basic cGF5cm9sbDpzaGg=',
      header.replace(/oauth_nonce="[^"]*", /, ''),
      `${header}, oauth_nonce="again"`,
      header.replace(/oauth_nonce="[^"]*"/, 'oauth_nonce="%zz"'),
      header.replace('oauth_version="1.0"', 'oauth_version="2.0"'),
    ]) {
      expect(verify(bad)).toEqual({ ok: false, reason: 'malformed header' });
    }
  });

  it('refuses a signature method it does not support', () => {
    const header = sign().replace('oauth_signature_method="HMAC-SHA1"', 'oauth_signature_method="RSA-SHA1"');
    expect(verify(header)).toEqual({ ok: false, reason: 'unsupported signature method' });
  });

  it('refuses an unknown consumer key, whether consumers is a function or a Map', () => {
    expect(verify(sign(), { consumers: () => undefined })).toEqual({
      ok: false,
      reason: 'unknown consumer key',
    });
    expect(verify(sign(), { consumers: new Map([['other', 'shh']]) })).toEqual({
      ok: false,
      reason: 'unknown consumer key',
    });
  });

  it('refuses a token it did not issue', () => {
    const header = signRequest({
      ...request,
      body: 'a=1',
      consumerKey: 'payroll',
      consumerSecret: 'shh',
      token: { key: 't', secret: 'ts' },
      timestamp: now,
    });
    expect(verify(header)).toEqual({ ok: false, reason: 'unknown token' });
  });

  it('refuses a timestamp outside the allowed skew either way', () => {
    expect(verify(sign('n', now - 300)).ok).toBe(true);
    expect(verify(sign('n', now - 301))).toEqual({ ok: false, reason: 'stale timestamp' });
    expect(verify(sign('n', now + 301))).toEqual({ ok: false, reason: 'stale timestamp' });
    expect(verify(sign('n', now - 61), { maxSkewSeconds: 60 })).toEqual({
      ok: false,
      reason: 'stale timestamp',
    });
  });

  it('refuses a nonce used twice, and only a genuine request uses one up', () => {
    const seen = new Set<string>();
    const seenNonce = (key: string, nonce: string, timestamp: number) => {
      const id = JSON.stringify([key, nonce, timestamp]);
      if (seen.has(id)) return true;
      seen.add(id);
      return false;
    };
    expect(verify(sign('n-1'), { body: 'a=2', seenNonce })).toEqual({ ok: false, reason: 'bad signature' });
    expect(verify(sign('n-1'), { seenNonce })).toEqual({ ok: true, consumerKey: 'payroll' });
    expect(verify(sign('n-1'), { seenNonce })).toEqual({ ok: false, reason: 'replayed nonce' });
    expect(verify(sign('n-2'), { seenNonce })).toEqual({ ok: true, consumerKey: 'payroll' });
  });
});
