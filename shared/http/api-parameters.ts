import * as z from 'zod';

/**
 * The query strings and request headers of the `/v1` routes: their handlers parse with these
 * (`queryParameters`, `headerParameters`), and the route catalogue documents them. Kept apart from the
 * response schemas so a handler's bundle holds only what it parses with.
 */

/** The paging part of a list route's query: `limit` (1 to 100, 50 by default) and an opaque `cursor`. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(50).describe('Page size, 1 to 100.'),
  cursor: z
    .string()
    .min(1)
    .max(2000)
    .optional()
    .describe('`nextCursor` from the previous page, as it was given.'),
};

export const listSubmissionsQuery = z.strictObject(pageQuery);

export const optOutsQuery = z.strictObject({
  since: z
    .string()
    .refine((value) => !Number.isNaN(Date.parse(value)), 'since must be an ISO date or instant')
    .optional()
    .describe('Only what changed at or after this ISO date or instant.'),
});

export const createSubmissionQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .optional()
    .describe('`true`: check (and through PensionSync, validate at the provider) without delivering.'),
  replaces: z
    .string()
    .min(1)
    .optional()
    .describe('PensionSync: the submission for the same period this document corrects.'),
});

export const createSubmissionHeaders = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .describe('Makes a retried POST answer the first submission instead of creating another.'),
});

export const tppCallbackQuery = z.object({
  state: z.string().optional(),
  code: z.string().optional(),
  error: z.string().optional(),
});
