import type { EventDetail } from '#domain/events';
import { diffOptOuts } from '#domain/opt-out-changes';
import { NotFoundError } from '#http/problems';
import { getOptOuts } from '#providers/tpp/client';
import { readOptOuts } from '#providers/tpp/documents';
import { publishEvent } from '#store/events';
import { listOptOuts, type StoredOptOut, saveOptOut } from '#store/opt-outs';
import { getScheme } from '#store/schemes';
import type { Clock } from './clock.ts';

export interface OptOutSyncSummary {
  schemeId: string;
  listed: number;
  received: number;
  updated: number;
  confirmed: number;
}

/**
 * Pulls a scheme's opt-outs and keeps only what is new or changed: a new opt-out is `Opt-out Received`,
 * a refund change `Opt-out Updated`; one the provider stopped listing was confirmed by payroll.
 */
export async function syncOptOuts(schemeId: string, clock: Clock): Promise<OptOutSyncSummary> {
  const scheme = await getScheme(schemeId);
  if (!scheme) throw new NotFoundError(`No scheme ${schemeId}`);
  if (!scheme.connectionId || !scheme.accountId)
    throw new Error(`scheme ${schemeId} is not a TPP direct scheme`);
  const response = await getOptOuts(scheme.connectionId, scheme.accountId);
  const listed = readOptOuts(response.status, response.body);
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
      // Named as on the wire, where refunds are pounds; publishEvent checks the names against the catalog.
      changedFields: changedFields.map((field) =>
        field.replace(/Pence$/, ''),
      ) as EventDetail<'Opt-out Updated'>['changedFields'],
      optOut: publicOptOut(stored),
    });
  }
  for (const optOut of diff.dropped) {
    await saveOptOut({ ...optOut, status: 'confirmed', confirmedAt: at, lastChangedAt: at });
  }
  return {
    schemeId,
    listed: listed.length,
    received: diff.received.length,
    updated: diff.updated.length,
    confirmed: diff.dropped.length,
  };
}

/** An opt-out on the wire: money back in pounds. */
export function publicOptOut(optOut: StoredOptOut) {
  const { employeeRefundPence, employerRefundPence, ...rest } = optOut;
  return { ...rest, employeeRefund: employeeRefundPence / 100, employerRefund: employerRefundPence / 100 };
}
