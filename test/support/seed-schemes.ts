import { createIntermediary, postScope } from '#providers/pensionsync/client';
import { readIntermediary } from '#providers/pensionsync/documents';
import { putScheme, type Scheme } from '#store/schemes';
import { SEEDED_CONNECTION_ID } from '../../infra/local/runtime.ts';
import type { PensionSyncSandbox } from '../../sandboxes/pensionsync/server.ts';

/**
 * Linked schemes written straight through the gateway's store, as linking would leave them, for tests and
 * benchmarks that need many. Call once the embedded runtime runs (its endpoints are process-wide).
 */

const CONCURRENCY = 32;

/** Runs the tasks, at most CONCURRENCY at once. */
async function inBatches<T>(count: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += CONCURRENCY) {
    const batch = Array.from({ length: Math.min(CONCURRENCY, count - start) }, (_, i) => task(start + i));
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

/** TPP direct schemes on the seeded connection, spread over the given sandbox accounts. */
export function seedDirectSchemes(
  count: number,
  accountIds: readonly string[],
  prefix = 'direct',
): Promise<Scheme[]> {
  return inBatches(count, async (i) => {
    const scheme: Scheme = {
      schemeId: `${prefix}-${i}`,
      provider: 'TPP',
      route: 'direct',
      employerReference: `${prefix}-${i}`,
      connectionId: SEEDED_CONNECTION_ID,
      accountId: accountIds[i % accountIds.length] as string,
      createdAt: new Date().toISOString(),
      authorisation: { status: 'authorised' },
    };
    await putScheme(scheme);
    return scheme;
  });
}

/** The sandbox's approval of a scope, in this process or answered from another. */
export interface ScopeApprover {
  approveScope(
    ...scope: Parameters<PensionSyncSandbox['approveScope']>
  ): ReturnType<PensionSyncSandbox['approveScope']> | Promise<unknown>;
}

/**
 * PensionSync schemes, authorised: their scopes made through PensionSync's signed API (the gateway's own
 * client), approved in the sandbox, then stored. Spread over a few intermediaries, as a bureau's would be.
 */
export async function seedPensionSyncSchemes(
  sandbox: ScopeApprover,
  count: number,
  prefix = 'pensionsync',
  format: 'pass' | 'papdis' = 'pass',
): Promise<Scheme[]> {
  const intermediaryIds = await Promise.all(
    Array.from({ length: Math.min(count, 10) }, async (_, i) => {
      const created = await createIntermediary(`${prefix.toUpperCase()}-${i} Bureau Client ${i}`);
      return readIntermediary(created.body).intermediaryId;
    }),
  );
  return inBatches(count, async (i) => {
    const intermediaryId = intermediaryIds[i % intermediaryIds.length] as string;
    const employerReference = `${prefix}-${i}`;
    await postScope(intermediaryId, { employerId: employerReference, destinationId: 'NST' });
    await sandbox.approveScope(intermediaryId, employerReference, 'NST');
    const scheme: Scheme = {
      schemeId: `${prefix}-${i}`,
      provider: 'NST',
      route: 'pensionsync',
      employerReference,
      intermediaryId,
      format,
      createdAt: new Date().toISOString(),
      authorisation: { status: 'authorised' },
    };
    await putScheme(scheme);
    return scheme;
  });
}
