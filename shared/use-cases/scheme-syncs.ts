import type { SchemeOutcome, SyncCounts, SyncKind } from '#domain/sync-runs';
import { HttpProblem } from '#http/problems';
import { getScheme, type Scheme, setSyncFailure, syncFailureOf } from '#store/schemes';
import type { Clock } from './clock.ts';
import { syncOptOutsOf } from './opt-outs.ts';
import { refreshScheme } from './scheme-details.ts';
import { SyncInProgressError } from './scheme-sync-lease.ts';

/** One scheme of an opt-out sync run: TPP's opt-outs, or PensionSync's worker instructions. */
export function syncSchemeOptOuts(schemeId: string, runId: string, clock: Clock): Promise<SchemeOutcome> {
  return syncScheme('opt-outs', schemeId, runId, clock, async (scheme) => {
    const { received, updated, confirmed, cessationsReceived } = await syncOptOutsOf(scheme, clock);
    return { received, updated, confirmed, cessationsReceived };
  });
}

/** One scheme of a scheme sync run: its authorisation (PensionSync), then its details. */
export function syncSchemeDetails(schemeId: string, runId: string, clock: Clock): Promise<SchemeOutcome> {
  return syncScheme('scheme-details', schemeId, runId, clock, async (scheme) => {
    const { detailsChanged, authorisationChanged } = await refreshScheme(scheme, clock);
    return { detailsChanged: Number(detailsChanged), authorisationChanged: Number(authorisationChanged) };
  });
}

/**
 * The scheme's own failure (the provider refusing or down, the link not usable) is kept on the scheme and
 * answered, never thrown: the run goes on, and the next run tries the scheme again. Only a failure to
 * read or record the scheme escapes, for the workflow to catch.
 */
async function syncScheme(
  kind: SyncKind,
  schemeId: string,
  runId: string,
  clock: Clock,
  sync: (scheme: Scheme) => Promise<SyncCounts>,
): Promise<SchemeOutcome> {
  const scheme = await getScheme(schemeId);
  if (!scheme) return { schemeId, ok: false, error: `No scheme ${schemeId}` };
  // Unlinked after the run listed it: nothing to sync, and nothing wrong.
  if (scheme.unlinkedAt) return { schemeId, ok: true, counts: {} };
  let counts: SyncCounts;
  try {
    counts = await sync(scheme);
  } catch (error) {
    const described = describe(error);
    // Another sync of this scheme was under way: nothing is wrong with the scheme, and that one syncs it.
    if (error instanceof SyncInProgressError) return { schemeId, ok: false, error: described };
    await setSyncFailure(schemeId, kind, { at: clock.now().toISOString(), runId, error: described });
    return { schemeId, ok: false, error: described };
  }
  if (syncFailureOf(scheme, kind)) await setSyncFailure(schemeId, kind, undefined);
  return { schemeId, ok: true, counts };
}

/** Short enough for the run's state and summary; a rule refusal names its rules. */
function describe(error: unknown): string {
  const { name, message } = error instanceof Error ? error : new Error(String(error));
  const detail =
    error instanceof HttpProblem && error.errors.length
      ? error.errors.map((problem) => problem.message).join('; ')
      : message;
  return `${name}: ${detail}`.slice(0, 300);
}
