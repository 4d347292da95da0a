import * as z from 'zod/mini';
import { PROVIDERS, ROUTES } from '#domain/event-values';

/**
 * The fields of a scheme link that the `Scheme` answer (api-schemas.ts) and an item of `GET /v1/schemes`
 * (scheme-links.ts) both have, written once. Kept apart from the response schemas so the list and unlink
 * functions, which build their answer from it, do not load every response schema at start.
 */
export const schemeLinkFields = {
  provider: z.enum(PROVIDERS),
  route: z.enum(ROUTES),
  employerReference: z.string(),
  connectionId: z.optional(z.string()),
  accountId: z.optional(z.string()),
  intermediaryId: z.optional(z.string()),
  format: z.optional(z.enum(['pass', 'papdis'])),
};
