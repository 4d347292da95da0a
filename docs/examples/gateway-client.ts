/**
 * A typed client for a deployed Pension Gateway, every request signed with AWS Signature Version 4 (see
 * docs/api-clients.md). The types come from the gateway's own OpenAPI document:
 *   npx openapi-typescript https://<api>/v1/openapi.json -o gateway-api.d.ts
 * (the route needs a signed request too: fetch the document with this client first, or use docs/openapi.json).
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import createClient from 'openapi-fetch';
import type { paths } from './gateway-api.d.ts';

export interface GatewayClientOptions {
  /** The stack's `ApiUrl` output, e.g. https://abc123.execute-api.eu-west-2.amazonaws.com */
  baseUrl: string;
  region: string;
  /** An IAM principal allowed `execute-api:Invoke`: keys, or a provider such as `fromNodeProviderChain()`. */
  credentials: ConstructorParameters<typeof SignatureV4>[0]['credentials'];
  /** Where signed requests go; the global fetch unless given. */
  fetch?: (input: Request) => Promise<Response>;
}

/** A fetch that signs each request for API Gateway (`execute-api`) before sending it. */
export function signedFetch({ region, credentials, fetch: send = fetch }: GatewayClientOptions) {
  const signer = new SignatureV4({ service: 'execute-api', region, credentials, sha256: Sha256 });
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const body = request.body ? await request.text() : undefined;
    const signed = await signer.sign({
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      // The host is signed; fetch sends the same one itself.
      headers: { ...Object.fromEntries(request.headers), host: url.host },
      body,
    });
    const { host: _host, ...headers } = signed.headers;
    return send(new Request(url, { method: request.method, headers, body }));
  };
}

/** Every route of the gateway, its parameters, bodies and answers typed from the OpenAPI document. */
export function gatewayClient(options: GatewayClientOptions) {
  return createClient<paths>({ baseUrl: options.baseUrl, fetch: signedFetch(options) });
}
