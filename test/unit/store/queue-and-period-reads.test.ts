import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationCounts } from '../../../infra/local/aws-json-protocol.ts';
import { startGatewayTable } from '../../support/gateway-table.ts';

/**
 * The account queue and the period checks read what they use: the queue's head is one item, whatever the
 * queue's length; a scheme's periods come projected, and every one of them however long its history.
 * Against the template's own table in dynalite, counting the requests it received.
 */
let queue: typeof import('#store/account-queue');
let submissions: typeof import('#store/submissions');
let dynamodb: OperationCounts;
let stop: () => Promise<void>;

beforeAll(async () => {
  const table = await startGatewayTable();
  dynamodb = table.dynamodb;
  stop = table.dynamodb.close;
  queue = await import('#store/account-queue');
  submissions = await import('#store/submissions');
}, 60_000);

afterAll(() => stop?.());

/** The `count` weekly periods from 5 Jan 2026 on. */
const weeks = (count: number): Array<{ start: string; end: string }> =>
  Array.from({ length: count }, (_, i) => {
    const start = new Date(Date.UTC(2026, 0, 5 + 7 * i));
    const end = new Date(start.getTime() + 6 * 86_400_000);
    return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
  });

describe('account queue reads', () => {
  it('read the head as one item however long the queue, and whether one submission waits by its key', async () => {
    const accountKey = 'TPP#head-test';
    const periods = weeks(30);
    const last = periods[29] as { start: string; end: string };
    // Joined latest period first: the queue orders by period, not by arrival.
    for (const [i, period] of [...periods.entries()].reverse())
      await queue.enqueue({
        accountKey,
        submissionId: `queued-${i}`,
        schemeId: 'scheme-head',
        period,
        queuedAt: new Date().toISOString(),
      });
    const queries = dynamodb.calls('Query');
    expect(await queue.queueHead(accountKey)).toEqual({
      accountKey,
      submissionId: 'queued-0',
      schemeId: 'scheme-head',
      period: periods[0],
      queuedAt: expect.any(String),
    });
    expect(dynamodb.calls('Query') - queries).toBe(1);
    expect(await queue.queueHead('TPP#nobody')).toBeUndefined();

    expect(await queue.isQueued({ accountKey, submissionId: 'queued-29', period: last })).toBe(true);
    await queue.dequeue({ accountKey, submissionId: 'queued-29', period: last });
    expect(await queue.isQueued({ accountKey, submissionId: 'queued-29', period: last })).toBe(false);
  });
});

describe('queue order without a read', () => {
  it('says whether a submission would stand before the head in the order the queue keeps (period, then id)', async () => {
    const accountKey = 'TPP#order-test';
    const [first, second] = weeks(2) as [{ start: string; end: string }, { start: string; end: string }];
    const entries = [
      { submissionId: 'b-later', period: second },
      { submissionId: 'b-first', period: first },
      { submissionId: 'a-later', period: second },
    ];
    for (const entry of entries)
      await queue.enqueue({ accountKey, schemeId: 's', queuedAt: new Date().toISOString(), ...entry });
    const head = (await queue.queueHead(accountKey)) as NonNullable<
      Awaited<ReturnType<typeof queue.queueHead>>
    >;
    expect(head.submissionId).toBe('b-first');
    // The acquire step asks this of a submission that has not joined: it leads only if it would sort first.
    expect(queue.queuesBefore({ submissionId: 'a-first', period: first }, head)).toBe(true);
    expect(queue.queuesBefore({ submissionId: 'c-first', period: first }, head)).toBe(false);
    expect(queue.queuesBefore({ submissionId: 'a-later', period: second }, head)).toBe(false);
    await queue.enqueue({
      accountKey,
      schemeId: 's',
      queuedAt: new Date().toISOString(),
      submissionId: 'a-first',
      period: first,
    });
    expect((await queue.queueHead(accountKey))?.submissionId).toBe('a-first');
  });
});

describe('period checks', () => {
  it('see a pending period behind a long history, newest first, with only the fields a check reads', async () => {
    const schemeId = 'scheme-long-history';
    const periods = weeks(120);
    for (const [i, period] of periods.entries()) {
      const createdAt = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
      await submissions.putSubmissionOnce({
        submissionId: `sub-${String(i).padStart(3, '0')}`,
        schemeId,
        // The oldest is still on its way; 119 processed ones came after it.
        status: i === 0 ? 'queued' : 'processed',
        createdAt,
        updatedAt: createdAt,
        payReferencePeriod: period,
        history: [{ at: createdAt, status: 'received', detail: 'x'.repeat(2_000) }],
      });
    }
    const found = await submissions.submissionPeriods(schemeId);
    expect(found).toHaveLength(120);
    expect(found[0]?.submissionId).toBe('sub-119');
    expect(found.at(-1)).toEqual({
      submissionId: 'sub-000',
      status: 'queued',
      payReferencePeriod: periods[0],
    });
    expect(found.filter((s) => s.status !== 'processed')).toEqual([
      { submissionId: 'sub-000', status: 'queued', payReferencePeriod: periods[0] },
    ]);
  });
});
