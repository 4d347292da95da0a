import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gatewayClient } from '../../docs/examples/gateway-client.ts';
import type { RunningGateway } from '../support/http.ts';

/**
 * What a team that integrates does (docs/api-clients.md), on a test file's running gateway: fetch the
 * OpenAPI document, and call routes through the typed client of docs/examples with every request SigV4
 * signed. The embedded API gateway does not verify signatures; the signing is asserted on what is sent.
 */
export function describeApiClients(gateway: RunningGateway) {
  describe('API clients (docs/api-clients.md)', () => {
    it('GET /v1/openapi.json serves docs/openapi.json', async () => {
      const { status, headers, body } = await gateway.call('GET', '/v1/openapi.json');
      expect(status).toBe(200);
      expect(headers.get('content-type')).toBe('application/json');
      const checkedIn = readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8');
      expect(body).toEqual(JSON.parse(checkedIn));
    });

    it('the SigV4 example signs every request and calls the gateway through the typed client', async () => {
      const sent: Headers[] = [];
      const client = gatewayClient({
        baseUrl: gateway.runtime.url,
        region: 'eu-west-2',
        credentials: {
          accessKeyId: 'AKIDEXAMPLE',
          secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
        },
        fetch: (request) => {
          sent.push(request.headers);
          return fetch(request);
        },
      });

      const scheme = await client.GET('/v1/schemes/{schemeId}', {
        params: { path: { schemeId: gateway.schemeId } },
      });
      expect(scheme.response.status).toBe(200);
      expect(scheme.data).toMatchObject({ schemeId: gateway.schemeId, provider: 'TPP', route: 'direct' });

      const started = await client.POST('/v1/tpp/connections', {
        body: { returnUrl: 'https://payroll.example.test/connected' },
      });
      expect(started.response.status).toBe(201);
      expect(started.data?.status).toBe('pending');

      const page = await client.GET('/v1/schemes/{schemeId}/submissions', {
        params: { path: { schemeId: gateway.schemeId }, query: { limit: 0 } },
      });
      expect(page.response.status).toBe(400);
      expect(page.error?.errors).toEqual([expect.objectContaining({ field: 'limit', source: 'gateway' })]);

      expect(sent).toHaveLength(3);
      for (const headers of sent) {
        expect(headers.get('authorization')).toMatch(
          /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-2\/execute-api\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
        );
        expect(headers.get('x-amz-date')).toMatch(/^\d{8}T\d{6}Z$/);
      }
      // The POST's content type is signed with it, so it cannot be changed on the way.
      expect(sent[1]?.get('authorization')).toContain('content-type');
    });
  });
}
