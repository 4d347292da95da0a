import * as z from 'zod/mini';
import { ConflictError, gatewayProblem, NotFoundError, parsedOr400 } from '#http/problems';
import { createDashboardLink, createIntermediary as postIntermediary } from '#providers/pensionsync/client';
import { readDashboardLink, readIntermediary } from '#providers/pensionsync/documents';
import {
  claimIntermediaryReference,
  findIntermediaryByReference,
  getIntermediary,
  type Intermediary,
  saveIntermediary,
} from '#store/intermediaries';
import type { Clock } from './clock.ts';

export const intermediaryRequest = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(60)),
  /** Payroll's own client reference: it makes creation repeatable and leads PensionSync's name. */
  reference: z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(30),
      z.regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, underscore and hyphen only'),
    ),
});

/**
 * Creates a PensionSync intermediary once per payroll reference: asking again with the same reference and
 * name answers the first one, so a retried request never leaves two intermediaries behind.
 */
export async function createIntermediary(
  body: unknown,
  clock: Clock,
): Promise<{ intermediary: Required<Intermediary>; created: boolean }> {
  const { name, reference } = parsedOr400(intermediaryRequest, body);
  const claim: Intermediary = { reference, name, createdAt: clock.now().toISOString() };
  const claimed = await claimIntermediaryReference(claim);
  const holder = claimed ? claim : await findIntermediaryByReference(reference);
  if (!holder) throw new Error(`intermediary reference ${reference} is claimed but cannot be read`);
  if (holder.name !== name) {
    throw new ConflictError(`Reference ${reference} already names the intermediary "${holder.name}"`, [
      gatewayProblem('reference-taken', `reference belongs to "${holder.name}"`, 'reference'),
    ]);
  }
  if (holder.intermediaryId) return { intermediary: holder as Required<Intermediary>, created: false };

  // PensionSync's reports show this name; its guide asks for payroll's reference first, then the company.
  const { intermediaryId } = readIntermediary((await postIntermediary(`${reference} ${name}`)).body);
  const intermediary = { ...holder, intermediaryId };
  await saveIntermediary(intermediary);
  return { intermediary, created: true };
}

export async function requireIntermediary(intermediaryId: string): Promise<Intermediary> {
  const intermediary = await getIntermediary(intermediaryId);
  if (!intermediary) throw new NotFoundError(`No intermediary ${intermediaryId}`);
  return intermediary;
}

/** A one-time, time-limited PensionSync dashboard URL for the intermediary's payroll user. */
export async function dashboardLink(intermediaryId: string): Promise<{ url: string; expiresAt?: string }> {
  await requireIntermediary(intermediaryId);
  return readDashboardLink((await createDashboardLink(intermediaryId)).body);
}
