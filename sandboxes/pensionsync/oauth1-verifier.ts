import { createHmac, timingSafeEqual } from 'node:crypto';
import { decodeComponent } from '../common/http.ts';

// The PensionSync sandbox's side of OAuth 1.0a (RFC 5849), one-legged as PensionSync is. Written from the
// RFC with node:crypto only, never with the gateway's signing library, so that each can catch the
// other's misreading of the spec.

export type SignatureMethod = 'HMAC-SHA1' | 'HMAC-SHA256' | 'PLAINTEXT';

/** Key to secret, for consumers (and tokens). */
type SecretLookup = ReadonlyMap<string, string> | ((key: string) => string | undefined);

export type VerifyFailure =
  | 'missing header'
  | 'malformed header'
  | 'unsupported signature method'
  | 'unknown consumer key'
  | 'unknown token'
  | 'stale timestamp'
  | 'replayed nonce'
  | 'bad signature';

export interface ReceivedRequest {
  method: string;
  /** Absolute, as received. */
  url: string;
  body?: string | undefined;
  contentType?: string | undefined;
}

export interface VerifyOAuth1Input extends ReceivedRequest {
  authorizationHeader: string | undefined;
  consumers: SecretLookup;
  /** PensionSync issues no tokens; only RFC 5849's three-legged examples need them. */
  tokens?: SecretLookup;
  /** Epoch seconds. */
  now: number;
  maxSkewSeconds?: number;
  /** Records the nonce and answers true if this consumer already used it at this timestamp. */
  seenNonce: (consumerKey: string, nonce: string, timestamp: number) => boolean;
}

type VerifyOAuth1Result = { ok: true; consumerKey: string } | { ok: false; reason: VerifyFailure };

const SIGNATURE_METHODS: readonly string[] = [
  'HMAC-SHA1',
  'HMAC-SHA256',
  'PLAINTEXT',
] satisfies SignatureMethod[];
const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443 };

// RFC 5849 3.6: UTF-8, then every byte outside A-Z a-z 0-9 - . _ ~ as %XX with upper-case hex.
function percentEncode(value: string): string {
  let encoded = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const unreserved =
      (byte >= 0x30 && byte <= 0x39) ||
      (byte >= 0x41 && byte <= 0x5a) ||
      (byte >= 0x61 && byte <= 0x7a) ||
      byte === 0x2d ||
      byte === 0x2e ||
      byte === 0x5f ||
      byte === 0x7e;
    encoded += unreserved
      ? String.fromCharCode(byte)
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

// application/x-www-form-urlencoded as browsers and URLSearchParams read it: `+` is a space, runs of %XX
// are UTF-8 (bad bytes become U+FFFD) and a `%` that starts no escape stays literal.
function formDecode(text: string): string {
  return text
    .replaceAll('+', ' ')
    .replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) =>
      new TextDecoder().decode(Buffer.from(run.replaceAll('%', ''), 'hex')),
    );
}

function formPairs(text: string): [string, string][] {
  return text
    .split('&')
    .filter((field) => field !== '')
    .map((field) => {
      const equals = field.indexOf('=');
      return equals === -1
        ? [formDecode(field), '']
        : [formDecode(field.slice(0, equals)), formDecode(field.slice(equals + 1))];
    });
}

function isFormBody(contentType: string | undefined): boolean {
  const mediaType = (contentType ?? '').split(';', 1)[0] ?? '';
  return mediaType.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/**
 * The parameters of an `OAuth` Authorization header (RFC 5849 3.5.1), decoded, `realm` included;
 * undefined when it is another scheme, malformed, or repeats a parameter.
 */
export function parseAuthorizationHeader(header: string): Map<string, string> | undefined {
  const scheme = /^\s*OAuth(?:\s+|$)/i.exec(header);
  if (!scheme) return undefined;
  const params = new Map<string, string>();
  const param = /([^\s=,"]+)\s*=\s*"([^"]*)"\s*(?:,\s*|$)/y;
  param.lastIndex = scheme[0].length;
  while (param.lastIndex < header.length) {
    const match = param.exec(header);
    if (!match) return undefined;
    // Strictly percent-encoded (RFC 5849 3.5.1): `+` is a plus, a bad escape is an error.
    const name = decodeComponent(match[1] ?? '');
    const value = decodeComponent(match[2] ?? '');
    if (name === undefined || value === undefined || params.has(name)) return undefined;
    params.set(name, value);
  }
  return params;
}

// RFC 5849 3.4.1.2: lower-case scheme and host, the port only when it is not the scheme's default, the
// path as received, no query or fragment.
function baseStringUri(url: string): string {
  const parts = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d*))?([^?#]*)/.exec(
    url,
  );
  if (!parts) throw new Error(`Not an absolute URL: ${url}`);
  const [, scheme = '', host = '', port = '', path = ''] = parts;
  const lowerScheme = scheme.toLowerCase();
  const keepPort = port !== '' && Number(port) !== DEFAULT_PORTS[lowerScheme];
  return `${lowerScheme}://${host.toLowerCase()}${keepPort ? `:${Number(port)}` : ''}${path || '/'}`;
}

function compareEncoded(a: readonly [string, string], b: readonly [string, string]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return 0;
}

/**
 * RFC 5849 3.4.1: method, base string URI and normalised parameters. The parameters are the query's, a
 * form body's and the Authorization header's (`headerParams`, less `realm`), never `oauth_signature`.
 */
export function signatureBaseString(
  request: ReceivedRequest,
  headerParams: ReadonlyMap<string, string>,
): string {
  const query = /^[^?#]*\?([^#]*)/.exec(request.url)?.[1] ?? '';
  const params = [
    ...formPairs(query),
    ...(request.body !== undefined && isFormBody(request.contentType) ? formPairs(request.body) : []),
    ...[...headerParams].filter(([name]) => name !== 'realm'),
  ].filter(([name]) => name !== 'oauth_signature');
  const normalized = params
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort(compareEncoded)
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  return [request.method.toUpperCase(), baseStringUri(request.url), normalized].map(percentEncode).join('&');
}

/** RFC 5849 3.4.2-3.4.4: the key is both secrets, percent-encoded and joined by `&` even when one is empty. */
export function computeSignature(
  method: SignatureMethod,
  baseString: string,
  consumerSecret: string,
  tokenSecret = '',
): string {
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
  switch (method) {
    case 'HMAC-SHA1':
      return createHmac('sha1', key).update(baseString).digest('base64');
    case 'HMAC-SHA256':
      return createHmac('sha256', key).update(baseString).digest('base64');
    case 'PLAINTEXT':
      return key;
  }
}

function isSignatureMethod(method: string): method is SignatureMethod {
  return SIGNATURE_METHODS.includes(method);
}

function lookup(secrets: SecretLookup, key: string): string | undefined {
  return typeof secrets === 'function' ? secrets(key) : secrets.get(key);
}

function sameSignature(expected: string, received: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}

function failure(reason: VerifyFailure): VerifyOAuth1Result {
  return { ok: false, reason };
}

export function verifyOAuth1(input: VerifyOAuth1Input): VerifyOAuth1Result {
  if (!input.authorizationHeader) return failure('missing header');
  const params = parseAuthorizationHeader(input.authorizationHeader);
  if (!params) return failure('malformed header');
  const consumerKey = params.get('oauth_consumer_key');
  const signatureMethod = params.get('oauth_signature_method');
  const signature = params.get('oauth_signature');
  const nonce = params.get('oauth_nonce');
  const timestamp = params.get('oauth_timestamp');
  const version = params.get('oauth_version');
  // RFC 5849 lets PLAINTEXT omit nonce and timestamp; the sandbox wants replay protection regardless.
  if (
    consumerKey === undefined ||
    signatureMethod === undefined ||
    signature === undefined ||
    nonce === undefined ||
    timestamp === undefined ||
    !/^\d+$/.test(timestamp) ||
    (version !== undefined && version !== '1.0')
  ) {
    return failure('malformed header');
  }
  if (!isSignatureMethod(signatureMethod)) return failure('unsupported signature method');
  const consumerSecret = lookup(input.consumers, consumerKey);
  if (consumerSecret === undefined) return failure('unknown consumer key');
  // One-legged clients may send an empty oauth_token: it is still signed, but names no token.
  const token = params.get('oauth_token');
  let tokenSecret = '';
  if (token) {
    const secret = input.tokens && lookup(input.tokens, token);
    if (secret === undefined) return failure('unknown token');
    tokenSecret = secret;
  }
  const seconds = Number(timestamp);
  if (Math.abs(input.now - seconds) > (input.maxSkewSeconds ?? 300)) return failure('stale timestamp');
  const expected = computeSignature(
    signatureMethod,
    signatureBaseString(input, params),
    consumerSecret,
    tokenSecret,
  );
  if (!sameSignature(expected, signature)) return failure('bad signature');
  // Only a genuine request may use up a nonce, or forgeries could burn the real client's.
  if (input.seenNonce(consumerKey, nonce, seconds)) return failure('replayed nonce');
  return { ok: true, consumerKey };
}
