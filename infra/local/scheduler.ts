import { type CfnTemplate, physicalName, resolve, resourcesOfType } from './template.ts';

/** One of the template's EventBridge Scheduler schedules. */
export interface LocalSchedule {
  name: string;
  expression: string;
  /** The ARN of the state machine it starts or the function it invokes. */
  targetArn: string;
  /** The execution input, JSON. */
  input: string;
  enabled: boolean;
}

export interface LocalScheduler {
  list(): LocalSchedule[];
  /**
   * Starts the schedule's target now, as its next tick would, with the schedule's input or the one given
   * (as the console's "run with other input" would); answers what started it (an execution's ARN).
   */
  fire(name: string, input?: string): string;
  close(): Promise<void>;
}

export class UnknownScheduleError extends Error {
  override name = 'UnknownScheduleError';
}

interface ScheduleProperties {
  ScheduleExpression: string;
  State?: 'ENABLED' | 'DISABLED';
  Target: { Arn: string; Input?: string };
}

export function schedulesOf(template: CfnTemplate): LocalSchedule[] {
  return resourcesOfType(template, 'AWS::Scheduler::Schedule').map(([id, resource]) => {
    const properties = resolve(resource.Properties ?? {}, template) as ScheduleProperties;
    return {
      name: physicalName(id, resource),
      expression: properties.ScheduleExpression,
      targetArn: properties.Target.Arn,
      input: properties.Target.Input ?? '{}',
      enabled: properties.State !== 'DISABLED',
    };
  });
}

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
/** Node timers hold at most 2^31-1 ms, about 24.8 days. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The period of a `rate(...)` expression; cron and one-time schedules have no local timer. */
export function rateMs(expression: string): number {
  const match = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression);
  const ms = match ? Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0) : 0;
  if (ms < 1 || ms > MAX_TIMER_MS) {
    throw new Error(`schedule expression ${expression} cannot run locally: only rate() up to 24 days can`);
  }
  return ms;
}

/**
 * EventBridge Scheduler on this machine: each enabled schedule starts its target at its rate, and any can
 * be fired by hand. The timers do not keep the process alive.
 */
export function startScheduler(options: {
  schedules: LocalSchedule[];
  /** Starts a target (a state machine execution, or a function invocation); answers what it started. */
  startTarget: (targetArn: string, input: string) => string;
  log: (line: string) => void;
}): LocalScheduler {
  const byName = new Map(options.schedules.map((schedule) => [schedule.name, schedule]));
  const fire = (name: string, input?: string) => {
    const schedule = byName.get(name);
    if (!schedule) {
      throw new UnknownScheduleError(`No schedule ${name}; there are ${[...byName.keys()].join(', ')}`);
    }
    return options.startTarget(schedule.targetArn, input ?? schedule.input);
  };
  const periods = options.schedules.map((schedule) => [schedule, rateMs(schedule.expression)] as const);
  const timers = periods
    .filter(([schedule]) => schedule.enabled)
    .map(([schedule, ms]) =>
      setInterval(() => {
        try {
          options.log(`schedule         ${schedule.name} started ${fire(schedule.name)}`);
        } catch (error) {
          options.log(`schedule         ${schedule.name} could not start: ${String(error)}`);
        }
      }, ms).unref(),
    );
  return {
    list: () => options.schedules.map((schedule) => ({ ...schedule })),
    fire,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
    },
  };
}
