import * as z from 'zod/mini';

/**
 * The query strings and request headers of the `/v1` routes: their handlers parse with these
 * (`queryParameters`, `headerParameters`), and the route catalogue documents them. Kept apart from the
 * response schemas so a handler's bundle holds only what it parses with.
 */

/** The paging part of a list route's query: `limit` (1 to 100, 50 by default) and an opaque `cursor`. */
export const pageQuery = {
  limit: z
    ._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50)
    .check(z.describe('Page size, 1 to 100.')),
  cursor: z
    .optional(z.string().check(z.minLength(1), z.maxLength(2000)))
    .check(z.describe('`nextCursor` from the previous page, as it was given.')),
};

/** The query of a list route that takes nothing but paging. */
export const pageOnlyQuery = z.strictObject(pageQuery);

export const optOutsQuery = z.strictObject({
  since: z
    .optional(
      z
        .string()
        .check(z.refine((value) => !Number.isNaN(Date.parse(value)), 'since must be an ISO date or instant')),
    )
    .check(z.describe('Only what changed at or after this ISO date or instant.')),
});

export const createSubmissionQuery = z.strictObject({
  dryRun: z
    .optional(z.enum(['true', 'false']))
    .check(
      z.describe('`true`: check (and through PensionSync, validate at the provider) without delivering.'),
    ),
  replaces: z
    .optional(z.string().check(z.minLength(1)))
    .check(z.describe('PensionSync: the submission for the same period this document corrects.')),
});

export const createSubmissionHeaders = z.object({
  'idempotency-key': z
    .optional(z.string())
    .check(z.describe('Makes a retried POST answer the first submission instead of creating another.')),
});

export const tppCallbackQuery = z.object({
  state: z.optional(z.string()),
  code: z.optional(z.string()),
  error: z.optional(z.string()),
});
