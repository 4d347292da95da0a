import * as z from 'zod/mini';
import { AUTHORISATION_STATUSES, PROVIDERS, ROUTES } from '#domain/event-values';
import { isFinal } from '#domain/submission-status';
import { pageQuery } from '#http/api-parameters';
import { NotFoundError } from '#http/problems';
import { schemeLinkFields } from '#http/scheme-fields';
import { catalogEvent } from '#store/events';
import { publishOutbox } from '#store/outbox';
import { getScheme, listSchemes, type Scheme, schemeKey, unlinkScheme } from '#store/schemes';
import { listSubmissions } from '#store/submissions';
import type { Clock } from './clock.ts';
import { answerPage, withCursor } from './paging.ts';

/** `GET /v1/schemes` query: filters, then the page. */
export const listSchemesQuery = z.strictObject({
  route: z.optional(z.enum(ROUTES)),
  provider: z.optional(z.enum(PROVIDERS)),
  authorisation: z
    .optional(z.enum(AUTHORISATION_STATUSES))
    .check(
      z.describe(
        "The scheme's own authorisation status, as stored (a TPP connection's state is not folded in).",
      ),
    ),
  linked: z
    ._default(z.enum(['true', 'false']), 'true')
    .check(z.describe('`false` lists the unlinked schemes instead of the linked ones.')),
  ...pageQuery,
});

const schemeSummary = z.looseObject({
  schemeId: z.string(),
  ...schemeLinkFields,
  createdAt: z.iso.datetime(),
  authorisation: z.looseObject({ status: z.enum(AUTHORISATION_STATUSES) }),
  unlinkedAt: z.optional(z.iso.datetime()),
  unlinkReason: z.optional(z.string()),
  links: z.strictObject({ self: z.string(), submissions: z.string() }),
});

export const listSchemesResponse = z.strictObject({
  items: z.array(schemeSummary),
  nextCursor: z
    .optional(z.string())
    .check(
      z.describe(
        'Absent on the last page. A page may hold fewer items than `limit` and still have a next one.',
      ),
    ),
});

/** A scheme in a list: the link without its details (GET /v1/schemes/{id} has them). */
function summaryOf(scheme: Scheme): z.infer<typeof schemeSummary> {
  const {
    details: _details,
    detailsReadAt: _read,
    optOutSyncFailure: _o,
    schemeSyncFailure: _s,
    ...link
  } = scheme;
  return {
    ...link,
    links: {
      self: `/v1/schemes/${scheme.schemeId}`,
      submissions: `/v1/schemes/${scheme.schemeId}/submissions`,
    },
  };
}

/** Schemes by route, provider and authorisation, a page at a time (Queries on the byScheme index). */
export async function listSchemesPage(
  query: z.output<typeof listSchemesQuery>,
): Promise<z.infer<typeof listSchemesResponse>> {
  const { route, provider, authorisation, linked, limit, cursor } = query;
  const page = await withCursor(() =>
    listSchemes({ route, provider, authorisation, linked: linked === 'true' }, limit, cursor),
  );
  return answerPage(page, summaryOf);
}

/** `DELETE /v1/schemes/{schemeId}` query. */
export const unlinkSchemeQuery = z.strictObject({
  reason: z
    .optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(500)))
    .check(z.describe('Why, kept on the scheme and sent in the event.')),
});

export const unlinkSchemeResponse = z.looseObject({
  schemeId: z.string(),
  unlinkedAt: z.iso.datetime(),
  unlinkReason: z.optional(z.string()),
  unfinishedSubmissions: z
    .array(z.string())
    .check(
      z.describe(
        'Accepted submissions not yet at an end (among the latest 100): still delivered and followed to their end.',
      ),
    ),
  links: z.strictObject({ self: z.string(), submissions: z.string() }),
});

/**
 * Unlinks a scheme: no new submissions, uploads, refreshes or syncs (410 naming it), out of the scheduled
 * syncs' sweep, its history and submissions still readable. Submissions already accepted are not touched:
 * each still reaches its end (the link at the provider is not revoked by this), and they are named in the
 * answer and the `Scheme Unlinked` event. Asked again, it answers the same and announces nothing more.
 */
export async function unlinkSchemeById(
  schemeId: string,
  { reason }: z.output<typeof unlinkSchemeQuery>,
  clock: Clock,
): Promise<z.infer<typeof unlinkSchemeResponse>> {
  const scheme = await getScheme(schemeId);
  if (!scheme) throw new NotFoundError(`No scheme ${schemeId}`);
  const { items } = await listSubmissions(schemeId, 100);
  const unfinishedSubmissions = items.filter((s) => !isFinal(s.status)).map((s) => s.submissionId);
  if (!scheme.unlinkedAt) {
    const at = clock.now().toISOString();
    const event = catalogEvent(
      'Scheme Unlinked',
      { schemeId, provider: scheme.provider, route: scheme.route, at, reason, unfinishedSubmissions },
      clock.newId(),
    );
    await unlinkScheme(scheme, at, reason, event);
  }
  // Published here, or by the outbox sweep if this request dies first; a repeated request publishes what is left.
  await publishOutbox(schemeKey(schemeId));
  const unlinked = await getScheme(schemeId);
  if (!unlinked?.unlinkedAt) throw new Error(`scheme ${schemeId} was unlinked but reads back linked`);
  return {
    schemeId,
    unlinkedAt: unlinked.unlinkedAt,
    ...(unlinked.unlinkReason ? { unlinkReason: unlinked.unlinkReason } : {}),
    unfinishedSubmissions,
    links: summaryOf(unlinked).links,
  };
}
