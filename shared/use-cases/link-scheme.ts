import * as z from 'zod/mini';
import type { Problem } from '#domain/problems';
import { gatewayProblem, InvalidRequestError, parsedOr400, RuleViolationError } from '#http/problems';
import { ProviderAuthorisationError, ProviderRejectedError } from '#providers/errors';
import { getAccount } from '#providers/tpp/client';
import { readAccount } from '#providers/tpp/documents';
import { getConnection } from '#store/connections';
import { putScheme, type Scheme } from '#store/schemes';
import type { Clock } from './clock.ts';
import { linkPensionSyncScheme } from './pensionsync-schemes.ts';

export const linkSchemeRequest = z.strictObject({
  provider: z.enum(['TPP', 'NST', 'SMP', 'NOW', 'AVC', 'LGS']),
  route: z.enum(['direct', 'pensionsync']),
  employerReference: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  intermediaryId: z.optional(z.string()),
  connectionId: z.optional(z.string()),
  accountId: z.optional(z.string().check(z.regex(/^\d+$/, 'must be the TPP admin account number'))),
  format: z.optional(z.enum(['pass', 'papdis'])),
});

/** Links an employer's scheme to the gateway: TPP direct through a connection, or any provider through PensionSync. */
export async function linkScheme(body: unknown, clock: Clock): Promise<Scheme> {
  const request = parsedOr400(linkSchemeRequest, body);
  if (request.route === 'pensionsync') {
    if (!request.intermediaryId) {
      throw new InvalidRequestError([
        gatewayProblem('required', 'PensionSync needs intermediaryId', 'intermediaryId'),
      ]);
    }
    return linkPensionSyncScheme(
      {
        provider: request.provider,
        employerReference: request.employerReference,
        intermediaryId: request.intermediaryId,
        format: request.format ?? 'pass',
      },
      clock,
    );
  }
  if (request.provider !== 'TPP') {
    throw new RuleViolationError([
      gatewayProblem(
        'route-not-available',
        `The gateway reaches ${request.provider} through PensionSync; only TPP has a direct route`,
        'route',
      ),
    ]);
  }
  const missing: Problem[] = [];
  if (!request.connectionId)
    missing.push(gatewayProblem('required', 'TPP direct needs connectionId', 'connectionId'));
  if (!request.accountId) missing.push(gatewayProblem('required', 'TPP direct needs accountId', 'accountId'));
  if (!request.connectionId || !request.accountId) throw new InvalidRequestError(missing);

  const connection = await getConnection(request.connectionId);
  if (connection?.status !== 'active') {
    throw new RuleViolationError([
      gatewayProblem(
        'connection-not-active',
        connection ? `connection is ${connection.status}` : 'no such connection',
        'connectionId',
      ),
    ]);
  }
  const account = readAccount((await readLinkedAccount(request.connectionId, request.accountId)).body);
  const now = clock.now().toISOString();
  const scheme: Scheme = {
    schemeId: clock.newId(),
    provider: 'TPP',
    route: 'direct',
    employerReference: request.employerReference,
    connectionId: request.connectionId,
    accountId: request.accountId,
    createdAt: now,
    authorisation: { status: 'authorised' },
    details: account,
    detailsReadAt: now,
  };
  await putScheme(scheme);
  return scheme;
}

/** The account, or a 422 saying why this connection cannot use it. */
async function readLinkedAccount(connectionId: string, accountId: string) {
  try {
    return await getAccount(connectionId, accountId);
  } catch (error) {
    const refused = error instanceof ProviderAuthorisationError;
    if (!refused && !(error instanceof ProviderRejectedError)) throw error;
    throw new RuleViolationError([
      gatewayProblem(
        refused ? 'account-not-permitted' : 'account-not-found',
        refused
          ? `TPP does not let this connection use account ${accountId} through its API`
          : `TPP has no account ${accountId} for this connection`,
        'accountId',
      ),
    ]);
  }
}
