import { changedFields } from '#domain/changes';
import { NotFoundError } from '#http/problems';
import { getSchemeData } from '#providers/pensionsync/client';
import { readSchemeData } from '#providers/pensionsync/documents';
import { getAccount } from '#providers/tpp/client';
import { readAccount } from '#providers/tpp/documents';
import { publishEvent } from '#store/events';
import { getScheme, type Scheme, saveSchemeDetails } from '#store/schemes';
import type { Clock } from './clock.ts';
import { offersMethod } from './pensionsync-destinations.ts';
import { checkAuthorisation } from './scheme-authorisation.ts';

/**
 * Re-reads a scheme's details from its provider (through PensionSync, its authorisation first). A change
 * (rates, groups, names, next period) is kept as a record and announced as `Scheme Changed`, since payroll
 * must act on it before its next run.
 */
export async function refreshSchemeDetails(schemeId: string, clock: Clock): Promise<Scheme> {
  const scheme = await getScheme(schemeId);
  if (!scheme) throw new NotFoundError(`No scheme ${schemeId}`);
  return refreshDetailsOf(await checkAuthorisation(scheme, clock), clock);
}

/** The details alone, for a caller that already holds the scheme. */
export async function refreshDetailsOf(scheme: Scheme, clock: Clock): Promise<Scheme> {
  const { schemeId } = scheme;
  const details = await readDetails(scheme, clock);
  if (!details) return scheme;
  const now = clock.now().toISOString();
  const before = scheme.details ?? {};
  const changed = changedFields(before, details);
  // The first read (a PensionSync scheme once authorised) is no change: there was nothing to act on before.
  const change =
    scheme.details && changed.length
      ? { at: now, changedFields: changed, before, after: details }
      : undefined;
  await saveSchemeDetails(schemeId, details, now, change);
  if (change) {
    await publishEvent('Scheme Changed', { schemeId, changedFields: changed, at: now, details });
  }
  return { ...scheme, details, detailsReadAt: now };
}

/** TPP's account information, or PensionSync's SASS in the same model; none before a link is authorised. */
async function readDetails(scheme: Scheme, clock: Clock): Promise<Record<string, unknown> | undefined> {
  if (scheme.route === 'pensionsync') {
    if (scheme.authorisation.status !== 'authorised' || !scheme.intermediaryId) return undefined;
    // Some destinations offer no scheme data; their schemes simply have no details.
    if (!(await offersMethod(scheme.provider, 'Scheme', clock))) return undefined;
    const sass = await getSchemeData(scheme.intermediaryId, scheme.provider, scheme.employerReference);
    return readSchemeData(sass.body);
  }
  if (!scheme.connectionId || !scheme.accountId) return undefined;
  return readAccount((await getAccount(scheme.connectionId, scheme.accountId)).body);
}
