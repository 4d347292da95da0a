import { nextAuthorisationCheck } from '#domain/authorisation-checks';
import { toTimestamp } from '#domain/dates';
import { postScope } from '#providers/pensionsync/client';
import { readScope } from '#providers/pensionsync/documents';
import {
  type AuthorisationStatus,
  type DeliveryFormat,
  getScheme,
  type Provider,
  putScheme,
  type Scheme,
} from '#store/schemes';
import { startSchemeAuthorisationWorkflow } from '#store/workflows';
import type { Clock } from './clock.ts';
import { requireIntermediary } from './intermediaries.ts';
import { requireMethods } from './pensionsync-destinations.ts';
import { authorisationStatusOf, checkAuthorisation } from './scheme-authorisation.ts';
import { pensionSyncSchemeDetails, refreshDetailsOf } from './scheme-details.ts';

export const SUBMISSION_METHOD = {
  pass: 'MemberMaintenanceAndContributions',
  papdis: 'Submission',
} as const satisfies Record<DeliveryFormat, string>;

export interface PensionSyncLink {
  provider: Provider;
  employerReference: string;
  intermediaryId: string;
  format: DeliveryFormat;
}

/**
 * Links an employer's scheme through PensionSync (a scope), and starts the workflow that watches for
 * the customer's authorisation. The scheme is stored before the workflow starts, so nothing is lost if
 * the start fails: linking again finds the same scope, and the daily scheme sync also checks.
 */
export async function linkPensionSyncScheme(link: PensionSyncLink, clock: Clock): Promise<Scheme> {
  await requireIntermediary(link.intermediaryId);
  await requireMethods(
    link.provider,
    ['Scope', 'ScopeAuthorization', SUBMISSION_METHOD[link.format], 'Job', 'JobError'],
    clock,
  );
  const scope = readScope(
    (
      await postScope(link.intermediaryId, {
        employerId: link.employerReference,
        destinationId: link.provider,
      })
    ).body,
  );
  const now = clock.now();
  const scheme: Scheme = {
    schemeId: clock.newId(),
    provider: link.provider,
    route: 'pensionsync',
    employerReference: link.employerReference,
    intermediaryId: link.intermediaryId,
    format: link.format,
    createdAt: now.toISOString(),
    authorisation: {
      status: authorisationStatusOf(scope.status),
      ...(scope.authorisationUrl ? { url: scope.authorisationUrl } : {}),
    },
  };
  await putScheme(scheme);
  if (scheme.authorisation.status === 'authorised')
    return refreshDetailsOf(scheme, clock, pensionSyncSchemeDetails);
  const first = nextAuthorisationCheck(now, 0, now, Math.random);
  if (first) {
    await startSchemeAuthorisationWorkflow(scheme.schemeId, {
      schemeId: scheme.schemeId,
      linkedAt: now.toISOString(),
      attempt: 0,
      nextCheckAt: toTimestamp(first),
    });
  }
  return scheme;
}

export interface AuthorisationWatch {
  schemeId: string;
  linkedAt: string;
  attempt: number;
  nextCheckAt?: string;
  status?: AuthorisationStatus;
  /** True once the authorisation settled or the checks ran out of time. */
  done?: boolean;
}

/** One step of the SchemeAuthorisationWorkflow: check, and say when to check again. */
export async function watchAuthorisation(
  watch: AuthorisationWatch,
  clock: Clock,
): Promise<AuthorisationWatch> {
  const stored = await getScheme(watch.schemeId);
  if (!stored) throw new Error(`no scheme ${watch.schemeId}`);
  // Unlinked while the customer had not decided: nothing more to watch.
  if (stored.unlinkedAt) {
    const { schemeId, linkedAt, attempt } = watch;
    return { schemeId, linkedAt, attempt, status: stored.authorisation.status, done: true };
  }
  const scheme = await checkAuthorisation(stored, clock);
  const status = scheme.authorisation.status;
  if (status === 'authorised' && stored.authorisation.status !== 'authorised') {
    await refreshDetailsOf(scheme, clock, pensionSyncSchemeDetails);
  }
  const attempt = watch.attempt + 1;
  const next =
    status === 'pending'
      ? nextAuthorisationCheck(new Date(watch.linkedAt), attempt, clock.now(), Math.random)
      : undefined;
  return {
    schemeId: watch.schemeId,
    linkedAt: watch.linkedAt,
    attempt,
    status,
    done: next === undefined,
    ...(next ? { nextCheckAt: toTimestamp(next) } : {}),
  };
}
