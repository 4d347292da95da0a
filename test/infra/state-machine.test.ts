import { createRequire } from 'node:module';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF } from '#domain/poll-schedule';
import { ProviderUnavailableError } from '#providers/errors';
import { PensionGatewayStack, STACK_NAME } from '../../infra/stack.ts';

/** The submission workflow's Amazon States Language, as synthesized. */

interface AslValidationResult {
  isValid: boolean;
  errors: unknown[];
  errorsText: (separator?: string) => string;
}
/** asl-validator 4 is CommonJS (`module.exports = validator`) and ships no type declarations. */
const validateAsl = createRequire(import.meta.url)('asl-validator') as (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => AslValidationResult;

interface Catcher {
  ErrorEquals: string[];
  ResultPath?: string;
  Next: string;
}
interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
}
interface State {
  Type: string;
  Next?: string;
  End?: boolean;
  Resource?: string;
  Retry?: Retrier[];
  Catch?: Catcher[];
  [key: string]: unknown;
}
interface Definition {
  StartAt: string;
  States: Record<string, State>;
  TimeoutSeconds?: number;
  [key: string]: unknown;
}

const FAKE_FUNCTION_ARN = 'arn:aws:lambda:eu-west-2:000000000000:function:';
const PROVIDER_TASKS = ['SubmitContributions', 'GetContributionsStatus', 'GetContributionsErrors'];
/** Node timers (which run the definition locally) cap at 2^31-1 ms, about 24.8 days. */
const LOCAL_TIMER_LIMIT_SECONDS = 24 * 24 * 60 * 60;

let definition: Definition;

/** Joins an `Fn::Join` definition, standing a fake Lambda ARN in for each `Fn::GetAtt [id, Arn]`. */
function resolveDefinitionString(definitionString: unknown): string {
  if (typeof definitionString === 'string') return definitionString;
  const join = (definitionString as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) throw new Error(`unexpected DefinitionString: ${JSON.stringify(definitionString)}`);
  const [separator, parts] = join;
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const getAtt = (part as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
      if (Array.isArray(getAtt) && getAtt.length === 2 && getAtt[1] === 'Arn') {
        return `${FAKE_FUNCTION_ARN}${String(getAtt[0])}`;
      }
      throw new Error(`unexpected intrinsic in DefinitionString: ${JSON.stringify(part)}`);
    })
    .join(separator);
}

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new PensionGatewayStack(app, STACK_NAME, {
    providers: {
      tppApiUrl: 'https://api.example.test',
      tppAuthUrl: 'https://auth.example.test',
      pensionSyncApiUrl: 'https://pensionsync.example.test',
    },
  });
  const machines = Object.values(
    Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine', {
      Properties: { StateMachineName: `${STACK_NAME}-SubmissionWorkflow` },
    }) as Record<string, { Properties: { DefinitionString: unknown } }>,
  );
  expect(machines).toHaveLength(1);
  definition = JSON.parse(resolveDefinitionString(machines[0]?.Properties.DefinitionString)) as Definition;
});

function state(name: string): State {
  const found = definition.States[name];
  expect(found, `state ${name}`).toBeDefined();
  return found as State;
}

/** Every key/value pair anywhere in the definition, nested states included. */
function* walk(value: unknown): Generator<[string, unknown]> {
  if (Array.isArray(value)) {
    for (const item of value) yield* walk(item);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      yield [key, child];
      yield* walk(child);
    }
  }
}

describe('ASL validity', () => {
  it('passes asl-validator with no errors', () => {
    const result = validateAsl(definition);
    expect(result.errorsText('\n')).toBe('');
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('asl-validator does reject a broken copy (the check can fail)', () => {
    const broken = structuredClone(definition);
    (broken.States.Prepare as State).Next = 'NoSuchState';
    const result = validateAsl(broken);
    expect(result.isValid).toBe(false);
    expect(result.errorsText('\n')).toContain('NoSuchState');
  });

  it('uses JSONPath only: no JSONata query language and no Assign (variables)', () => {
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    const pairs = [...walk(definition)];
    expect(pairs.filter(([key, value]) => key === 'QueryLanguage' && value === 'JSONata')).toEqual([]);
    expect(pairs.filter(([key]) => key === 'Assign')).toEqual([]);
    expect(JSON.stringify(definition)).not.toContain('{%');
  });

  it('times out before the local timer limit, but only after polling has given up', () => {
    expect(definition.TimeoutSeconds).toBeTypeOf('number');
    const timeout = definition.TimeoutSeconds as number;
    expect(timeout).toBeLessThan(LOCAL_TIMER_LIMIT_SECONDS);
    // Otherwise the execution would time out before PollingExpiredError is caught and recorded.
    expect(timeout * 1000).toBeGreaterThan(DEFAULT_BACKOFF.giveUpAfterMs);
  });
});

describe('shape', () => {
  it('starts with Prepare, queues for the account, then submits and waits until the provider says to poll', () => {
    expect(definition.StartAt).toBe('Prepare');
    expect(state('Prepare')).toMatchObject({ Type: 'Task', Next: 'AcquireAccountSlot' });
    expect(state('AcquireAccountSlot')).toMatchObject({ Type: 'Task', Next: 'SlotAcquired?' });
    const slot = state('SlotAcquired?');
    expect(slot.Choices).toEqual([
      { Variable: '$.slot', StringEquals: 'acquired', Next: 'SubmitContributions' },
    ]);
    // A queued submission's execution ends; whoever frees the slot starts it again (no busy waiting).
    expect(state(slot.Default as string)).toMatchObject({ Type: 'Succeed' });
    expect(state('SubmitContributions')).toMatchObject({ Type: 'Task', Next: 'WaitUntilNextPoll' });
    const wait = state('WaitUntilNextPoll');
    expect(wait).toMatchObject({
      Type: 'Wait',
      TimestampPath: '$.nextPollAfter',
      Next: 'GetContributionsStatus',
    });
    for (const other of ['Seconds', 'SecondsPath', 'Timestamp']) expect(wait[other]).toBeUndefined();
  });

  it('polls, then branches on $.progress: failed → errors → RecordFailed, processed → RecordProcessed, else waits', () => {
    expect(state('GetContributionsStatus')).toMatchObject({ Type: 'Task', Next: 'Finished?' });
    const choice = state('Finished?');
    expect(choice.Type).toBe('Choice');
    expect(choice.Choices).toEqual([
      { Variable: '$.progress', StringEquals: 'failed', Next: 'GetContributionsErrors' },
      { Variable: '$.progress', StringEquals: 'processed', Next: 'RecordProcessed' },
    ]);
    expect(choice.Default).toBe('WaitUntilNextPoll');
    expect(state('GetContributionsErrors')).toMatchObject({ Type: 'Task', Next: 'RecordFailed' });
    // Every end path frees the account's slot.
    expect(state('RecordFailed')).toMatchObject({ Type: 'Task', Next: 'ReleaseAccountSlot' });
    expect(state('RecordProcessed')).toMatchObject({ Type: 'Task', Next: 'ReleaseAccountSlot' });
    expect(state('ReleaseAccountSlot')).toMatchObject({ Type: 'Task', End: true });
  });

  it('runs each step on its own function', () => {
    const functionOf = (name: string) => state(name).Resource?.slice(FAKE_FUNCTION_ARN.length);
    expect(functionOf('Prepare')).toMatch(/^PrepareSubmission/);
    expect(functionOf('SubmitContributions')).toMatch(/^TppSubmitContributions/);
    expect(functionOf('GetContributionsStatus')).toMatch(/^TppGetContributionsStatus/);
    expect(functionOf('GetContributionsErrors')).toMatch(/^TppGetContributionsErrors/);
    for (const name of ['RecordFailed', 'RecordProcessed', 'RecordDeliveryError']) {
      expect(functionOf(name), name).toMatch(/^RecordOutcome/);
    }
    expect(state('RecordFailed').Parameters).toMatchObject({
      outcome: 'failed',
      'errorCount.$': '$.errorCount',
    });
    expect(state('RecordProcessed').Parameters).toMatchObject({ outcome: 'processed' });
    expect(state('RecordDeliveryError').Parameters).toMatchObject({ outcome: 'error', 'error.$': '$.error' });
  });
});

describe('error handling', () => {
  it('catches States.ALL into $.error and records it on every Task but the recording and releasing ones', () => {
    const tasks = Object.entries(definition.States).filter(([, s]) => s.Type === 'Task');
    const uncaught = ['RecordDeliveryError', 'ReleaseAccountSlot', 'ReleaseAccountSlotAfterError'];
    expect(tasks.map(([name]) => name).sort()).toEqual(
      [
        'AcquireAccountSlot',
        'GetContributionsErrors',
        'GetContributionsStatus',
        'Prepare',
        'RecordFailed',
        'RecordProcessed',
        'SubmitContributions',
        ...uncaught,
      ].sort(),
    );
    for (const [name, task] of tasks) {
      if (uncaught.includes(name)) continue;
      expect(task.Catch, name).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordDeliveryError' },
      ]);
    }
  });

  it('ends a recorded delivery error by freeing the account, then in a Fail state, catching neither', () => {
    const recordError = state('RecordDeliveryError');
    expect(recordError.Catch).toBeUndefined();
    expect(recordError.Next).toBe('ReleaseAccountSlotAfterError');
    const release = state('ReleaseAccountSlotAfterError');
    expect(release.Catch).toBeUndefined();
    expect(release.Retry?.some((r) => r.ErrorEquals.includes('States.ALL'))).toBe(true);
    expect(state(release.Next as string)).toMatchObject({ Type: 'Fail', Error: 'DeliveryFailed' });
  });

  it('retries ProviderUnavailableError with exponential backoff on the provider-calling tasks', () => {
    const providerUnavailable = new ProviderUnavailableError('down').name;
    expect(providerUnavailable).toBe('ProviderUnavailableError');
    for (const name of PROVIDER_TASKS) {
      const retrier = state(name).Retry?.find((r) => r.ErrorEquals.includes(providerUnavailable));
      expect(retrier, name).toBeDefined();
      expect(retrier?.IntervalSeconds, name).toBeGreaterThan(0);
      expect(retrier?.MaxAttempts, name).toBeGreaterThan(1);
      expect(retrier?.BackoffRate, name).toBeGreaterThan(1);
    }
  });
});
