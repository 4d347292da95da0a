/** What a fresh provider listing means for the opt-outs already known. Pure; ids are uniqueId + date. */
export interface OptOutLike {
  uniqueId: string;
  optOutDate: string;
}

export interface OptOutDiff<Listed, Known> {
  received: Listed[];
  updated: Array<{ before: Known; after: Listed; changedFields: string[] }>;
  /** Known and open, no longer listed: the provider took payroll's confirmation. */
  dropped: Known[];
}

const REFUND_FIELDS = [
  'refundStatus',
  'entitledToRefund',
  'employeeRefundPence',
  'employerRefundPence',
] as const;

const idOf = (o: OptOutLike) => `${o.uniqueId}#${o.optOutDate}`;

export function diffOptOuts<
  Listed extends OptOutLike & Partial<Record<(typeof REFUND_FIELDS)[number], unknown>>,
  Known extends Listed & { status: 'open' | 'confirmed' },
>(listed: Listed[], known: Known[]): OptOutDiff<Listed, Known> {
  const knownById = new Map(known.map((o) => [idOf(o), o]));
  const listedIds = new Set(listed.map(idOf));
  const diff: OptOutDiff<Listed, Known> = { received: [], updated: [], dropped: [] };
  for (const after of listed) {
    const before = knownById.get(idOf(after));
    if (!before) {
      diff.received.push(after);
      continue;
    }
    const changedFields = REFUND_FIELDS.filter((field) => before[field] !== after[field]);
    if (changedFields.length) diff.updated.push({ before, after, changedFields });
  }
  diff.dropped = known.filter((o) => o.status === 'open' && !listedIds.has(idOf(o)));
  return diff;
}
