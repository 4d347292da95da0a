import { getScopeAuthorization } from '#providers/pensionsync/client';
import { readScopeAuthorization, type ScopeStatus } from '#providers/pensionsync/documents';
import { publishEvent } from '#store/events';
import { type AuthorisationStatus, type Scheme, setAuthorisationStatus } from '#store/schemes';
import type { Clock } from './clock.ts';

const SCOPE_STATUS: Record<ScopeStatus, AuthorisationStatus> = {
  Pending: 'pending',
  Authorised: 'authorised',
  Refused: 'refused',
  // The customer changed their provider password or withdrew consent: the link must be authorised again.
  Revoked: 'reauthorisation-needed',
};

export const authorisationStatusOf = (status: ScopeStatus): AuthorisationStatus => SCOPE_STATUS[status];

/** Asks PensionSync where the scheme's authorisation stands and records a change, with its event. */
export async function checkAuthorisation(scheme: Scheme, clock: Clock): Promise<Scheme> {
  if (scheme.route !== 'pensionsync' || !scheme.intermediaryId) return scheme;
  const { status } = readScopeAuthorization(
    (await getScopeAuthorization(scheme.intermediaryId, scheme.employerReference, scheme.provider)).body,
  );
  const to = authorisationStatusOf(status);
  const at = clock.now().toISOString();
  const from = await setAuthorisationStatus(scheme.schemeId, to, at);
  if (from === undefined) return scheme;
  await publishEvent('Scheme Authorisation Changed', {
    schemeId: scheme.schemeId,
    provider: scheme.provider,
    route: scheme.route,
    from,
    to,
    at,
  });
  return { ...scheme, authorisation: { ...scheme.authorisation, status: to, changedAt: at } };
}
