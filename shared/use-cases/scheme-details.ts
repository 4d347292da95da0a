import { changedFields } from '#domain/changes';
import { getSchemeData } from '#providers/pensionsync/client';
import { readSchemeData } from '#providers/pensionsync/documents';
import { getAccount } from '#providers/tpp/client';
import { readAccount } from '#providers/tpp/documents';
import { publishEvent } from '#store/events';
import { getScheme, type Scheme, saveSchemeDetails } from '#store/schemes';
import type { Clock } from './clock.ts';
import { linkedScheme } from './linked-scheme.ts';
import { offersMethod } from './pensionsync-destinations.ts';
import { wakeAccountQueue } from './queue-wake.ts';
import { checkAuthorisation } from './scheme-authorisation.ts';

/**
 * Re-reads a scheme's details from its provider (through PensionSync, its authorisation first). A change
 * (rates, groups, names, next period) is kept as a record and announced as `Scheme Changed`, since payroll
 * must act on it before its next run.
 */
export async function refreshSchemeDetails(schemeId: string, clock: Clock): Promise<Scheme> {
  return (await refreshScheme(await linkedScheme(schemeId), clock)).scheme;
}

export interface SchemeRefresh {
  scheme: Scheme;
  authorisationChanged: boolean;
  detailsChanged: boolean;
}

/** Authorisation, then details, for a caller that already holds the scheme; says what changed. */
export async function refreshScheme(scheme: Scheme, clock: Clock): Promise<SchemeRefresh> {
  const checked = await checkAuthorisation(scheme, clock);
  const { refreshed, changed } = await refreshDetails(checked, clock, detailsByRoute);
  return {
    scheme: refreshed,
    authorisationChanged: checked.authorisation.status !== scheme.authorisation.status,
    detailsChanged: changed,
  };
}

/**
 * The details alone, for a caller that already holds the scheme and knows its route: `read` is
 * tppAccountDetails or pensionSyncSchemeDetails, so a step of one route does not bundle the other's client
 * and parsers.
 */
export async function refreshDetailsOf(scheme: Scheme, clock: Clock, read: DetailsReader): Promise<Scheme> {
  return (await refreshDetails(scheme, clock, read)).refreshed;
}

/**
 * Reads the details and stores them only if they are still those of the caller's copy (one conditional
 * write, no lease): the refresh that stores compares with what the one before it stored, so one change is
 * announced once. One that finds others stored since its copy was read keeps theirs, announces nothing
 * (they compared and announced), and answers them: its own read may be older than theirs.
 */
async function refreshDetails(
  scheme: Scheme,
  clock: Clock,
  read: DetailsReader,
): Promise<{ refreshed: Scheme; changed: boolean }> {
  const { schemeId } = scheme;
  const details = await read(scheme, clock);
  if (!details) return { refreshed: scheme, changed: false };
  const now = clock.now().toISOString();
  const before = scheme.details ?? {};
  const changed = changedFields(before, details);
  // The first read (a PensionSync scheme once authorised) is no change: there was nothing to act on before.
  const change =
    scheme.details && changed.length
      ? { at: now, changedFields: changed, before, after: details }
      : undefined;
  if (!(await saveSchemeDetails(schemeId, details, now, scheme.detailsReadAt, change))) {
    return { refreshed: (await getScheme(schemeId)) ?? scheme, changed: false };
  }
  if (change) {
    await publishEvent('Scheme Changed', { schemeId, changedFields: changed, at: now, details });
  }
  const refreshed = { ...scheme, details, detailsReadAt: now };
  // TPP moved on to another period: the account's queue may now go.
  if (change && changed.includes('nextPayReferencePeriod') && scheme.route === 'direct') {
    await wakeAccountQueue(refreshed, clock, { periodKnown: true });
  }
  return { refreshed, changed: change !== undefined };
}

/** A scheme's details as its provider gives them; none before a link is authorised. */
type DetailsReader = (scheme: Scheme, clock: Clock) => Promise<Record<string, unknown> | undefined>;

/** TPP's account information. */
export const tppAccountDetails: DetailsReader = async (scheme) => {
  if (!scheme.connectionId || !scheme.accountId) return undefined;
  return readAccount((await getAccount(scheme.connectionId, scheme.accountId)).body);
};

/** PensionSync's SASS, in the same model as TPP's account information. */
export const pensionSyncSchemeDetails: DetailsReader = async (scheme, clock) => {
  if (scheme.authorisation.status !== 'authorised' || !scheme.intermediaryId) return undefined;
  // Some destinations offer no scheme data; their schemes simply have no details.
  if (!(await offersMethod(scheme.provider, 'Scheme', clock))) return undefined;
  const sass = await getSchemeData(scheme.intermediaryId, scheme.provider, scheme.employerReference);
  return readSchemeData(sass.body);
};

/** Either, by the scheme's route: for a caller that takes schemes of both. */
const detailsByRoute: DetailsReader = (scheme, clock) =>
  (scheme.route === 'pensionsync' ? pensionSyncSchemeDetails : tppAccountDetails)(scheme, clock);
