import { changedFields } from '#domain/changes';
import { NotFoundError } from '#http/problems';
import { getAccount } from '#providers/tpp/client';
import { readAccount } from '#providers/tpp/documents';
import { publishEvent } from '#store/events';
import { getScheme, type Scheme, saveSchemeDetails } from '#store/schemes';
import type { Clock } from './clock.ts';

/**
 * Re-reads a scheme's details from its provider. A change (rates, groups, names, next period) is kept
 * as a record and announced as `Scheme Changed`, since payroll must act on it before its next run.
 */
export async function refreshSchemeDetails(schemeId: string, clock: Clock): Promise<Scheme> {
  const scheme = await getScheme(schemeId);
  if (!scheme) throw new NotFoundError(`No scheme ${schemeId}`);
  return refreshDetailsOf(scheme, clock);
}

/** The same, for a caller that already holds the scheme. */
export async function refreshDetailsOf(scheme: Scheme, clock: Clock): Promise<Scheme> {
  const { schemeId } = scheme;
  if (!scheme.connectionId || !scheme.accountId) return scheme;
  const details = readAccount((await getAccount(scheme.connectionId, scheme.accountId)).body);
  const now = clock.now().toISOString();
  const before = scheme.details ?? {};
  const changed = changedFields(before, details);
  const change = changed.length ? { at: now, changedFields: changed, before, after: details } : undefined;
  await saveSchemeDetails(schemeId, details, now, change);
  if (change) {
    await publishEvent('Scheme Changed', { schemeId, changedFields: changed, at: now, details });
  }
  return { ...scheme, details, detailsReadAt: now };
}
