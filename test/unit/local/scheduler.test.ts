import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type LocalSchedule,
  rateMs,
  startScheduler,
  UnknownScheduleError,
} from '../../../infra/local/scheduler.ts';

const schedule = (name: string, expression: string, enabled = true): LocalSchedule => ({
  name,
  expression,
  targetArn: `arn:aws:states:eu-west-2:000000000000:stateMachine:${name}Workflow`,
  input: '{}',
  enabled,
});

describe('rate expressions', () => {
  it('read minutes, hours and days, singular or plural', () => {
    expect(rateMs('rate(1 minute)')).toBe(60_000);
    expect(rateMs('rate(15 minutes)')).toBe(900_000);
    expect(rateMs('rate(1 hour)')).toBe(3_600_000);
    expect(rateMs('rate(1 day)')).toBe(86_400_000);
  });

  it('refuse what a local timer cannot run', () => {
    expect(() => rateMs('cron(0 6 * * ? *)')).toThrow(/only rate/);
    expect(() => rateMs('rate(0 minutes)')).toThrow(/only rate/);
    expect(() => rateMs('rate(30 days)')).toThrow(/24 days/);
  });
});

describe('local scheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function start(schedules: LocalSchedule[]) {
    const started: string[] = [];
    const scheduler = startScheduler({
      schedules,
      startTarget: (arn, input) => {
        started.push(`${arn} ${input}`);
        return `${arn}:execution-${started.length}`;
      },
      log: () => {},
    });
    return { scheduler, started };
  }

  it('starts each enabled schedule’s target at its rate, and none once closed', async () => {
    const { scheduler, started } = start([
      schedule('Hourly', 'rate(1 hour)'),
      schedule('Often', 'rate(10 minutes)'),
      schedule('Off', 'rate(1 minute)', false),
    ]);
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(started.filter((s) => s.includes('HourlyWorkflow'))).toHaveLength(1);
    expect(started.filter((s) => s.includes('OftenWorkflow'))).toHaveLength(6);
    expect(started.filter((s) => s.includes('OffWorkflow'))).toHaveLength(0);
    await scheduler.close();
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(started).toHaveLength(7);
  });

  it('fires any schedule by hand, disabled ones too, and names the schedules it has when asked for another', () => {
    const { scheduler, started } = start([
      schedule('Hourly', 'rate(1 hour)'),
      schedule('Off', 'rate(1 hour)', false),
    ]);
    expect(scheduler.fire('Off')).toBe(
      'arn:aws:states:eu-west-2:000000000000:stateMachine:OffWorkflow:execution-1',
    );
    expect(started).toEqual(['arn:aws:states:eu-west-2:000000000000:stateMachine:OffWorkflow {}']);
    expect(() => scheduler.fire('Nope')).toThrow(UnknownScheduleError);
    expect(() => scheduler.fire('Nope')).toThrow('Hourly, Off');
    expect(scheduler.list().map((s) => s.name)).toEqual(['Hourly', 'Off']);
  });
});
