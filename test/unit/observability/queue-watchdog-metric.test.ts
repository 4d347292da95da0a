import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { METRIC, METRICS_NAMESPACE } from '#observability/metrics';
import { table } from '#store/table';
import { countPastDue, restartDueQueues } from '#use-cases/queue-watchdog';

const clock = { now: () => new Date('2026-12-23T00:00:01Z'), newId: () => 'id' };
const week = (start: string, end: string) => ({ period: { start, end } });

describe('countPastDue', () => {
  it('counts a period once its payment deadline (the given day of the month after) has passed', () => {
    const waiting = [week('2026-11-02', '2026-11-08'), week('2026-11-30', '2026-12-06')];
    // November's deadline is the end of 22 December; December's is in January.
    expect(countPastDue(waiting, 22, clock.now())).toBe(1);
    expect(countPastDue(waiting, 22, new Date('2026-12-22T23:59:59Z'))).toBe(0);
    expect(countPastDue([], 22, clock.now())).toBe(0);
  });
});

describe('the queue watchdog sweep', () => {
  let written: string[] = [];
  beforeEach(() => {
    written = [];
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    vi.stubEnv('TABLE_NAME', 'State');
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('publishes SubmissionsQueuedPastDue on a sweep with nothing queued: zero, so the alarm returns to OK', async () => {
    // No account has anything queued: the index query answers no items.
    vi.spyOn(table, 'send').mockResolvedValue({ Items: [] } as never);
    const summary = await restartDueQueues(clock);
    expect(summary.pastDue).toBe(0);
    const lines = written.filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line));
    expect(lines).toHaveLength(1);
    expect(lines[0][METRIC.submissionsQueuedPastDue]).toBe(0);
    expect(lines[0]._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      Metrics: [{ Name: METRIC.submissionsQueuedPastDue, Unit: 'Count' }],
    });
  });
});
