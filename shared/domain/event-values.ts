import type { EVENT_CATALOG, EventType } from './events.ts';

/**
 * What publishing an event needs at run time, apart from the catalog's zod schemas (shared/domain/events.ts):
 * functions import this, so a function that only sends events carries no zod. The schemas are checked by the
 * compiler (`EventDetail`) and, for every event the tests publish, by the embedded runtime's bus
 * (infra/local/eventbridge.ts).
 */

/** The `source` of every event the gateway puts on its bus. */
export const EVENT_SOURCE = 'pension-gateway';

/** Each event's `version`: the compiler holds it to the catalog schema's own literal. */
export const EVENT_VERSIONS = {
  'Submission Status Changed': '1',
  'Submission Waiting For Period': '1',
  'Opt-out Received': '1',
  'Opt-out Updated': '1',
  'Cessation Received': '1',
  'Scheme Changed': '1',
  'Scheme Authorisation Changed': '1',
  'Connection Status Changed': '1',
  'Connection Reauthorisation Needed': '1',
  'Scheme Unlinked': '1',
  'PAPDIS File Generated': '1',
} as const satisfies { [T in EventType]: (typeof EVENT_CATALOG)[T]['version'] };

// Kept here rather than in the store, so event schemas and stored schemes share one list.
export const PROVIDERS = ['TPP', 'NST', 'SMP', 'NOW', 'AVC', 'LGS'] as const;
export type Provider = (typeof PROVIDERS)[number];
export const ROUTES = ['direct', 'pensionsync'] as const;
export type Route = (typeof ROUTES)[number];
export const AUTHORISATION_STATUSES = ['authorised', 'pending', 'refused', 'reauthorisation-needed'] as const;
export type AuthorisationStatus = (typeof AUTHORISATION_STATUSES)[number];
