import type { EventDetail } from '#domain/events';
import { toPounds } from '#domain/money';
import { diffOptOuts } from '#domain/opt-out-changes';
import type { CessationRecord, OptOutRecord } from '#domain/opt-outs';
import { gatewayProblem, RuleViolationError } from '#http/problems';
import { getWorkerInstructions } from '#providers/pensionsync/client';
import { readWorkerInstructions } from '#providers/pensionsync/documents';
import { getOptOuts } from '#providers/tpp/client';
import { readOptOuts } from '#providers/tpp/documents';
import { publishEvent } from '#store/events';
import {
  listOptOuts,
  type StoredCessation,
  type StoredOptOut,
  saveCessationOnce,
  saveOptOut,
} from '#store/opt-outs';
import type { Scheme } from '#store/schemes';
import type { Clock } from './clock.ts';
import { linkedScheme } from './linked-scheme.ts';
import { requireMethods } from './pensionsync-destinations.ts';
import { underSyncLease } from './scheme-sync-lease.ts';

export interface OptOutSyncSummary {
  schemeId: string;
  listed: number;
  received: number;
  updated: number;
  confirmed: number;
  cessationsReceived: number;
}

/** What the provider lists now: TPP's opt-outs, or PensionSync's worker instructions. */
async function providerListing(
  scheme: Scheme,
  clock: Clock,
): Promise<{ optOuts: OptOutRecord[]; cessations: CessationRecord[] }> {
  if (scheme.route === 'pensionsync' && scheme.intermediaryId) {
    await requireMethods(scheme.provider, ['WorkerInstruction'], clock);
    if (scheme.authorisation.status !== 'authorised') {
      throw new RuleViolationError([
        gatewayProblem(
          'scheme-not-authorised',
          `The scheme link is ${scheme.authorisation.status}; PensionSync shares nothing until it is authorised`,
        ),
      ]);
    }
    const response = await getWorkerInstructions(
      scheme.intermediaryId,
      scheme.provider,
      scheme.employerReference,
    );
    return readWorkerInstructions(response.body);
  }
  if (!scheme.connectionId || !scheme.accountId)
    throw new Error(`scheme ${scheme.schemeId} has no provider link`);
  const response = await getOptOuts(scheme.connectionId, scheme.accountId);
  return { optOuts: readOptOuts(response.status, response.body), cessations: [] };
}

/**
 * Pulls a scheme's opt-outs (and, through PensionSync, cessations) and keeps only what is new or changed:
 * a new opt-out is `Opt-out Received`, a refund change `Opt-out Updated`, a new cessation `Cessation
 * Received`; an opt-out the provider stopped listing was confirmed by payroll.
 */
export async function syncOptOuts(schemeId: string, clock: Clock): Promise<OptOutSyncSummary> {
  return syncOptOutsOf(await linkedScheme(schemeId), clock);
}

/** The same, for a caller that already holds the scheme; one opt-out sync per scheme at a time. */
export function syncOptOutsOf(scheme: Scheme, clock: Clock): Promise<OptOutSyncSummary> {
  return underSyncLease('opt-outs', scheme.schemeId, clock, () => syncUnderLease(scheme, clock));
}

async function syncUnderLease(scheme: Scheme, clock: Clock): Promise<OptOutSyncSummary> {
  const { schemeId } = scheme;
  const { optOuts: listed, cessations } = await providerListing(scheme, clock);
  const known = await listOptOuts(schemeId);
  const diff = diffOptOuts(listed, known);
  const at = clock.now().toISOString();

  for (const optOut of diff.received) {
    const stored: StoredOptOut = { ...optOut, schemeId, status: 'open', firstSeenAt: at, lastChangedAt: at };
    await saveOptOut(stored);
    await publishEvent('Opt-out Received', { schemeId, optOut: publicOptOut(stored) });
  }
  for (const { before, after, changedFields } of diff.updated) {
    const stored: StoredOptOut = { ...before, ...after, lastChangedAt: at };
    await saveOptOut(stored);
    await publishEvent('Opt-out Updated', {
      schemeId,
      // Named as on the wire, where refunds are pounds; the embedded bus checks the names against the catalog.
      changedFields: changedFields.map((field) =>
        field.replace(/Pence$/, ''),
      ) as EventDetail<'Opt-out Updated'>['changedFields'],
      optOut: publicOptOut(stored),
    });
  }
  for (const optOut of diff.dropped) {
    await saveOptOut({ ...optOut, status: 'confirmed', confirmedAt: at, lastChangedAt: at });
  }
  const cessationsReceived = await recordCessations(schemeId, cessations, at);
  return {
    schemeId,
    listed: listed.length,
    received: diff.received.length,
    updated: diff.updated.length,
    confirmed: diff.dropped.length,
    cessationsReceived,
  };
}

/** Cessations never change once made; each is stored and announced once. */
async function recordCessations(
  schemeId: string,
  cessations: CessationRecord[],
  at: string,
): Promise<number> {
  let received = 0;
  for (const cessation of cessations) {
    const stored: StoredCessation = { ...cessation, schemeId, status: 'open', firstSeenAt: at };
    if (!(await saveCessationOnce(stored))) continue;
    received += 1;
    await publishEvent('Cessation Received', { schemeId, cessation: publicCessation(stored) });
  }
  return received;
}

/** An opt-out on the wire: money back in pounds. */
export function publicOptOut(optOut: StoredOptOut) {
  const { employeeRefundPence, employerRefundPence, ...rest } = optOut;
  return {
    ...rest,
    employeeRefund: toPounds(employeeRefundPence),
    employerRefund: toPounds(employerRefundPence),
  };
}

/** A cessation on the wire: the scheme is the resource it is listed under. */
export function publicCessation(cessation: StoredCessation) {
  const { schemeId: _schemeId, ...rest } = cessation;
  return rest;
}
