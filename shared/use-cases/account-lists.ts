import * as z from 'zod/mini';
import { pageQuery } from '#http/api-parameters';
import { type Connection, listConnections } from '#store/connections';
import { type Intermediary, listIntermediaries } from '#store/intermediaries';
import { answerPage, pageOf, withCursor } from './paging.ts';

/**
 * What payroll has set up with the providers, a page at a time: its TPP OAuth connections and its
 * PensionSync intermediaries. Each is one Query on an index partition of its own; reads, recorded nowhere.
 */

/** `GET /v1/tpp/connections` query. */
export const listTppConnectionsQuery = z.strictObject(pageQuery);

const connectionSummary = z.strictObject({
  connectionId: z.string(),
  status: z.enum(['pending', 'active', 'refused', 'reauthorisation-needed']),
  createdAt: z.iso.datetime(),
  updatedAt: z.optional(z.iso.datetime()),
  returnUrl: z.optional(z.string()),
  links: z.strictObject({ accounts: z.string() }),
});

/** Oldest first. */
export const listTppConnectionsResponse = pageOf(connectionSummary);

export async function listTppConnectionsPage({
  limit,
  cursor,
}: z.output<typeof listTppConnectionsQuery>): Promise<z.infer<typeof listTppConnectionsResponse>> {
  const page = await withCursor(() => listConnections(limit, cursor));
  return answerPage(page, (connection: Connection) => ({
    ...connection,
    links: { accounts: `/v1/tpp/connections/${connection.connectionId}/accounts` },
  }));
}

/** `GET /v1/intermediaries` query. */
export const listIntermediariesQuery = z.strictObject(pageQuery);

const intermediarySummary = z.strictObject({
  intermediaryId: z.string(),
  reference: z.string(),
  name: z.string(),
  createdAt: z.iso.datetime(),
  links: z.strictObject({ dashboardLink: z.string() }),
});

/** By payroll's reference. */
export const listIntermediariesResponse = pageOf(intermediarySummary);

export async function listIntermediariesPage({
  limit,
  cursor,
}: z.output<typeof listIntermediariesQuery>): Promise<z.infer<typeof listIntermediariesResponse>> {
  const page = await withCursor(() => listIntermediaries(limit, cursor));
  return answerPage(page, (intermediary: Required<Intermediary>) => ({
    ...intermediary,
    links: { dashboardLink: `/v1/intermediaries/${intermediary.intermediaryId}/dashboard-link` },
  }));
}
