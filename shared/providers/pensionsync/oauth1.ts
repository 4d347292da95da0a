import { createHmac, randomBytes } from 'node:crypto';
import OAuth from 'oauth-1.0a';

/**
 * OAuth 1.0a request signing for PensionSync (RFC 5849), which is one-legged: consumer key and secret on
 * every call, no token. oauth-1.0a assembles the base string, signing key and header; the request
 * parameters are collected here because its own URL parsing is not RFC 5849 (it leaves `+` and
 * percent-encoded names undecoded, cuts values at a second `=`, lets a query parameter replace a form
 * parameter of the same name, and does not normalise the scheme, host or port).
 */
export type SignatureMethod = 'HMAC-SHA1' | 'HMAC-SHA256' | 'PLAINTEXT';

export interface SignRequestInput {
  method: string;
  url: string;
  consumerKey: string;
  consumerSecret: string;
  /** PensionSync uses none; here for RFC 5849's three-legged worked examples. */
  token?: { key: string; secret: string };
  signatureMethod?: SignatureMethod;
  body?: string;
  contentType?: string;
  /** Injectable for tests; a fresh random nonce and the current epoch second otherwise. */
  nonce?: string;
  timestamp?: number;
}

const HASH_FUNCTIONS: Record<SignatureMethod, OAuth.HashFunction> = {
  'HMAC-SHA1': (baseString, key) => createHmac('sha1', key).update(baseString).digest('base64'),
  'HMAC-SHA256': (baseString, key) => createHmac('sha256', key).update(baseString).digest('base64'),
  // RFC 5849 3.4.4: the signature is the signing key itself.
  PLAINTEXT: (_baseString, key) => key,
};

// RFC 5849 3.4.1.3.1: only a form-encoded body contributes parameters; JSON, XML or CSV bodies never do.
function isFormBody(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

// Query and form parameters, decoded as application/x-www-form-urlencoded (`+` is a space). Every name
// maps to a list so repeated names (in the query, the body or both) all reach the base string.
function requestParameters(url: URL, body: string | undefined, contentType: string | undefined): OAuth.Param {
  const pairs = [...url.searchParams];
  if (body !== undefined && isFormBody(contentType)) pairs.push(...new URLSearchParams(body));
  const byName = new Map<string, string[]>();
  for (const [name, value] of pairs) byName.set(name, [...(byName.get(name) ?? []), value]);
  return Object.fromEntries(byName);
}

/** The `Authorization` header value (`OAuth ...`) for one request. */
export function signRequest(input: SignRequestInput): string {
  const signatureMethod = input.signatureMethod ?? 'HMAC-SHA1';
  const oauth = new OAuth({
    consumer: { key: input.consumerKey, secret: input.consumerSecret },
    signature_method: signatureMethod,
    hash_function: HASH_FUNCTIONS[signatureMethod],
  });
  // WHATWG parsing lowercases scheme and host and drops a default port, as RFC 5849 3.4.1.2 asks, and
  // serialises the path the way fetch will send it.
  const url = new URL(input.url);
  const protocolParameters: OAuth.Data = {
    oauth_consumer_key: input.consumerKey,
    oauth_nonce: input.nonce ?? randomBytes(16).toString('hex'),
    oauth_signature_method: signatureMethod,
    oauth_timestamp: input.timestamp ?? Math.floor(Date.now() / 1000),
    oauth_version: '1.0',
    ...(input.token && { oauth_token: input.token.key }),
  };
  const signature = oauth.getSignature(
    {
      method: input.method,
      // Without its query: the parameters go in `data`, so oauth-1.0a's own query parsing never runs.
      url: `${url.protocol}//${url.host}${url.pathname}`,
      data: requestParameters(url, input.body, input.contentType),
    },
    input.token?.secret,
    // getSignature merges the request parameters into the object it is given: a copy keeps them out of
    // the header.
    { ...protocolParameters },
  );
  return oauth.toHeader({ ...protocolParameters, oauth_signature: signature }).Authorization;
}
