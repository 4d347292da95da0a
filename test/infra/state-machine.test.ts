import { createRequire } from 'node:module';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUTHORISATION_CHECKS } from '#domain/authorisation-checks';
import { DEFAULT_OUTAGE_POLICY } from '#domain/outage-retry';
import { DEFAULT_BACKOFF } from '#domain/poll-schedule';
import { ProviderUnavailableError } from '#providers/errors';
import { LAMBDA_SERVICE_ERRORS } from '../../infra/constructs/submission-workflow.ts';
import { PensionGatewayStack, STACK_NAME } from '../../infra/stack.ts';

/** The workflows' Amazon States Language, as synthesized: the SubmissionWorkflow and the SchemeAuthorisationWorkflow. */

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
  JitterStrategy?: string;
}
interface Choice {
  Variable: string;
  Next: string;
  [key: string]: unknown;
}
interface State {
  Type: string;
  Next?: string;
  End?: boolean;
  Resource?: string;
  Retry?: Retrier[];
  Catch?: Catcher[];
  Choices?: Choice[];
  Default?: string;
  [key: string]: unknown;
}
interface Definition {
  StartAt: string;
  States: Record<string, State>;
  TimeoutSeconds?: number;
  [key: string]: unknown;
}

const FAKE_FUNCTION_ARN = 'arn:aws:lambda:eu-west-2:000000000000:function:';

/** A Choice rule on `$.progress`, which is absent until a step sets it. */
const progressIs = (progress: string, next: string) => ({
  And: [
    { Variable: '$.progress', IsPresent: true },
    { Variable: '$.progress', StringEquals: progress },
  ],
  Next: next,
});
const TPP_PROVIDER_TASKS = ['SubmitContributions', 'GetContributionsStatus', 'GetContributionsErrors'];
const PENSIONSYNC_PROVIDER_TASKS = ['SubmitPass', 'SubmitPapdis', 'GetJob', 'GetJobErrors'];
/** Node timers (which run the definition locally) cap at 2^31-1 ms, about 24.8 days. */
const LOCAL_TIMER_LIMIT_SECONDS = 24 * 24 * 60 * 60;
const SUBMISSION_WORKFLOW = `${STACK_NAME}-SubmissionWorkflow`;
const AUTHORISATION_WORKFLOW = `${STACK_NAME}-SchemeAuthorisationWorkflow`;

/** Each workflow's definition, by state machine name. */
const definitions: Record<string, Definition> = {};
let definition: Definition;
let authorisation: Definition;

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
  const template = Template.fromStack(stack);
  for (const name of [SUBMISSION_WORKFLOW, AUTHORISATION_WORKFLOW]) {
    const machines = Object.values(
      template.findResources('AWS::StepFunctions::StateMachine', {
        Properties: { StateMachineName: name },
      }) as Record<string, { Properties: { DefinitionString: unknown } }>,
    );
    expect(machines, name).toHaveLength(1);
    definitions[name] = JSON.parse(
      resolveDefinitionString(machines[0]?.Properties.DefinitionString),
    ) as Definition;
  }
  definition = definitions[SUBMISSION_WORKFLOW] as Definition;
  authorisation = definitions[AUTHORISATION_WORKFLOW] as Definition;
});

function stateIn(machine: Definition, name: string): State {
  const found = machine.States[name];
  expect(found, `state ${name}`).toBeDefined();
  return found as State;
}

/** A SubmissionWorkflow state. */
const state = (name: string) => stateIn(definition, name);

/** The function a Task runs (its logical id), from the fake ARN standing in for `Fn::GetAtt`. */
const functionOf = (task: State) => task.Resource?.slice(FAKE_FUNCTION_ARN.length);

function tasksOf(machine: Definition): [string, State][] {
  return Object.entries(machine.States).filter(([, s]) => s.Type === 'Task');
}

/** Where a state can go next: Next, a Choice's rules and Default, and its catchers. */
function successors(s: State): string[] {
  return [
    ...(s.Next ? [s.Next] : []),
    ...(s.Choices ?? []).map((choice) => choice.Next),
    ...(s.Default ? [s.Default] : []),
    ...(s.Catch ?? []).map((catcher) => catcher.Next),
  ];
}

/** Every state reachable from `from`, itself included. */
function reachable(machine: Definition, from: string): Set<string> {
  const seen = new Set<string>();
  const todo = [from];
  while (todo.length > 0) {
    const name = todo.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    todo.push(...successors(stateIn(machine, name)));
  }
  return seen;
}

/** ASL defaults, as Step Functions (and the local interpreter) apply them. */
function retryDelaysSeconds(retrier: Retrier): number[] {
  const interval = retrier.IntervalSeconds ?? 1;
  const rate = retrier.BackoffRate ?? 2;
  const attempts = retrier.MaxAttempts ?? 3;
  const cap = retrier.MaxDelaySeconds ?? Number.POSITIVE_INFINITY;
  return Array.from({ length: attempts }, (_, attempt) => Math.min(cap, interval * rate ** attempt));
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

describe.each([
  { workflow: SUBMISSION_WORKFLOW, first: 'Prepare' },
  { workflow: AUTHORISATION_WORKFLOW, first: 'WaitBeforeAuthorisationCheck' },
])('ASL validity of $workflow', ({ workflow, first }) => {
  it('passes asl-validator with no errors', () => {
    const result = validateAsl(definitions[workflow]);
    expect(result.errorsText('\n')).toBe('');
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('asl-validator does reject a broken copy (the check can fail)', () => {
    const broken = structuredClone(definitions[workflow] as Definition);
    expect(broken.StartAt).toBe(first);
    (broken.States[first] as State).Next = 'NoSuchState';
    const result = validateAsl(broken);
    expect(result.isValid).toBe(false);
    expect(result.errorsText('\n')).toContain('NoSuchState');
  });

  it('uses JSONPath only: no JSONata query language and no Assign (variables)', () => {
    const machine = definitions[workflow] as Definition;
    expect(machine.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    const pairs = [...walk(machine)];
    expect(pairs.filter(([key, value]) => key === 'QueryLanguage' && value === 'JSONata')).toEqual([]);
    expect(pairs.filter(([key]) => key === 'Assign')).toEqual([]);
    expect(JSON.stringify(machine)).not.toContain('{%');
  });

  it('leaves no state unreachable', () => {
    const machine = definitions[workflow] as Definition;
    expect([...reachable(machine, machine.StartAt)].sort()).toEqual(Object.keys(machine.States).sort());
  });
});

describe('timers: nothing waits past the local timer limit', () => {
  it('the SubmissionWorkflow times out before the limit, but only after polling has given up', () => {
    expect(definition.TimeoutSeconds).toBeTypeOf('number');
    const timeout = definition.TimeoutSeconds as number;
    expect(timeout).toBeLessThan(LOCAL_TIMER_LIMIT_SECONDS);
    // Otherwise the execution would time out before PollingExpiredError is caught and recorded.
    expect(timeout * 1000).toBeGreaterThan(DEFAULT_BACKOFF.giveUpAfterMs);
  });

  it('the SchemeAuthorisationWorkflow times out before the limit, but only after its checks have stopped', () => {
    expect(authorisation.TimeoutSeconds).toBeTypeOf('number');
    const timeout = authorisation.TimeoutSeconds as number;
    expect(timeout).toBeLessThan(LOCAL_TIMER_LIMIT_SECONDS);
    // The last check is due within giveUpAfterMs of the link; its retries may take a while longer.
    const retries = (stateIn(authorisation, 'CheckScopeAuthorization').Retry ?? []).flatMap(
      retryDelaysSeconds,
    );
    const lastCheckEndsBy = AUTHORISATION_CHECKS.giveUpAfterMs / 1000 + retries.reduce((a, b) => a + b, 0);
    expect(timeout).toBeGreaterThan(lastCheckEndsBy);
  });

  it.each([SUBMISSION_WORKFLOW, AUTHORISATION_WORKFLOW])(
    '%s: every Wait waits until a timestamp in the state (TimestampPath), none for fixed seconds',
    (workflow) => {
      const waits = Object.entries((definitions[workflow] as Definition).States).filter(
        ([, s]) => s.Type === 'Wait',
      );
      expect(waits.length).toBeGreaterThan(0);
      for (const [name, wait] of waits) {
        expect(wait.TimestampPath, name).toMatch(/^\$(\.[A-Za-z]+)+$/);
        for (const other of ['Seconds', 'SecondsPath', 'Timestamp'])
          expect(wait[other], name).toBeUndefined();
      }
    },
  );

  it('the waits’ timestamps come from schedules whose longest step is well under the limit', () => {
    // WaitUntilNextPoll and WaitBeforeJobPoll follow domain/poll-schedule (TPP's own time wins there, and it
    // asks for seconds); WaitBeforeAuthorisationCheck follows domain/authorisation-checks.
    expect(state('WaitUntilNextPoll').TimestampPath).toBe('$.nextPollAfter');
    expect(state('WaitBeforeJobPoll').TimestampPath).toBe('$.nextPollAfter');
    expect(stateIn(authorisation, 'WaitBeforeAuthorisationCheck').TimestampPath).toBe('$.nextCheckAt');
    expect(DEFAULT_BACKOFF.maxDelayMs / 1000).toBeLessThan(LOCAL_TIMER_LIMIT_SECONDS);
    // The outage waits follow domain/outage-retry, capped by PROVIDER_RETRY_MAX_SECONDS.
    expect(DEFAULT_OUTAGE_POLICY.maxDelayMs / 1000).toBeLessThan(LOCAL_TIMER_LIMIT_SECONDS);
    expect(AUTHORISATION_CHECKS.maxDelayMs / 1000).toBeLessThan(LOCAL_TIMER_LIMIT_SECONDS);
  });

  it.each([SUBMISSION_WORKFLOW, AUTHORISATION_WORKFLOW])(
    '%s: no Retry can wait past the limit, not even summed over all its attempts',
    (workflow) => {
      for (const [name, task] of tasksOf(definitions[workflow] as Definition)) {
        for (const retrier of task.Retry ?? []) {
          const delays = retryDelaysSeconds(retrier);
          const label = `${name} ${retrier.ErrorEquals.join(',')}`;
          expect(Math.max(...delays), label).toBeLessThan(LOCAL_TIMER_LIMIT_SECONDS);
          expect(
            delays.reduce((a, b) => a + b, 0),
            label,
          ).toBeLessThan(LOCAL_TIMER_LIMIT_SECONDS);
        }
      }
    },
  );

  it('the retry bound is computed as Step Functions does (the check can fail)', () => {
    expect(
      retryDelaysSeconds({ ErrorEquals: ['X'], IntervalSeconds: 5, BackoffRate: 2, MaxAttempts: 4 }),
    ).toEqual([5, 10, 20, 40]);
    expect(
      retryDelaysSeconds({
        ErrorEquals: ['X'],
        IntervalSeconds: 60,
        BackoffRate: 2,
        MaxAttempts: 8,
        MaxDelaySeconds: 3600,
      }),
    ).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600]);
    // Unbounded exponential growth would blow the limit: 1 day doubling over 6 attempts.
    const runaway = retryDelaysSeconds({ ErrorEquals: ['X'], IntervalSeconds: 86_400, MaxAttempts: 6 });
    expect(Math.max(...runaway)).toBeGreaterThan(LOCAL_TIMER_LIMIT_SECONDS);
  });
});

describe('SubmissionWorkflow shape', () => {
  it('starts with Prepare, then routes: PensionSync schemes to Format?, everything else to the TPP account queue', () => {
    expect(definition.StartAt).toBe('Prepare');
    expect(state('Prepare')).toMatchObject({ Type: 'Task', Next: 'Checked?' });
    // An uploaded document that failed its checks (or a TPP dry run of one) has nothing to send.
    expect(state('Checked?').Choices).toEqual([
      { Variable: '$.checks', StringEquals: 'ended', Next: 'EndedAtChecks' },
    ]);
    expect(state('Checked?').Default).toBe('Route?');
    expect(state('EndedAtChecks')).toMatchObject({ Type: 'Succeed' });
    const route = state('Route?');
    expect(route.Type).toBe('Choice');
    expect(route.Choices).toEqual([{ Variable: '$.route', StringEquals: 'pensionsync', Next: 'Format?' }]);
    expect(route.Default).toBe('AcquireAccountSlot');
  });

  it('TPP direct: queues for the account, then submits and waits until the provider says to poll', () => {
    expect(state('AcquireAccountSlot')).toMatchObject({
      Type: 'Task',
      Next: 'AcquireAccountSlotUnavailable?',
    });
    expect(state('AcquireAccountSlotUnavailable?').Default).toBe('SlotAcquired?');
    const slot = state('SlotAcquired?');
    expect(slot.Choices).toEqual([
      { Variable: '$.slot', StringEquals: 'acquired', Next: 'SubmitContributions' },
    ]);
    // A queued submission's execution ends; whoever frees the slot starts it again (no busy waiting).
    expect(state(slot.Default as string)).toMatchObject({ Type: 'Succeed' });
    expect(state('SubmitContributions')).toMatchObject({
      Type: 'Task',
      Next: 'SubmitContributionsUnavailable?',
    });
    expect(state('SubmitContributionsUnavailable?').Default).toBe('AlreadyProcessed?');
    // Reconciling a lost answer may find TPP processed it: recorded at once, no poll.
    expect(state('AlreadyProcessed?')).toMatchObject({
      Choices: [progressIs('processed', 'RecordProcessed')],
      Default: 'WaitUntilNextPoll',
    });
    expect(state('WaitUntilNextPoll')).toMatchObject({
      Type: 'Wait',
      TimestampPath: '$.nextPollAfter',
      Next: 'GetContributionsStatus',
    });
  });

  it('TPP direct: polls, then branches on $.progress: failed → errors → RecordFailed, processed (recorded by the poll) → release, else waits', () => {
    expect(state('GetContributionsStatus')).toMatchObject({
      Type: 'Task',
      Next: 'GetContributionsStatusUnavailable?',
    });
    expect(state('GetContributionsStatusUnavailable?').Default).toBe('Finished?');
    const choice = state('Finished?');
    expect(choice.Type).toBe('Choice');
    expect(choice.Choices).toEqual([
      progressIs('failed', 'GetContributionsErrors'),
      progressIs('processed', 'ReleaseAccountSlot'),
    ]);
    expect(choice.Default).toBe('WaitUntilNextPoll');
    expect(state('GetContributionsErrors')).toMatchObject({
      Type: 'Task',
      Next: 'GetContributionsErrorsUnavailable?',
    });
    expect(state('GetContributionsErrorsUnavailable?').Default).toBe('RecordFailed');
    // Every end path frees the account's slot.
    expect(state('RecordFailed')).toMatchObject({ Type: 'Task', Next: 'ReleaseAccountSlot' });
    expect(state('RecordProcessed')).toMatchObject({ Type: 'Task', Next: 'ReleaseAccountSlot' });
    expect(state('ReleaseAccountSlot')).toMatchObject({ Type: 'Task', End: true });
  });

  it('PensionSync: submits a PAPDIS file or a PASS document by $.format, then waits for the gateway’s poll time', () => {
    const format = state('Format?');
    expect(format.Type).toBe('Choice');
    expect(format.Choices).toEqual([{ Variable: '$.format', StringEquals: 'papdis', Next: 'SubmitPapdis' }]);
    // PASS is the default format.
    expect(format.Default).toBe('SubmitPass');
    for (const name of ['SubmitPapdis', 'SubmitPass']) {
      expect(state(name)).toMatchObject({ Type: 'Task', Next: `${name}Unavailable?` });
      expect(state(`${name}Unavailable?`).Default).toBe('WaitBeforeJobPoll');
    }
    const wait = state('WaitBeforeJobPoll');
    expect(wait).toMatchObject({ Type: 'Wait', TimestampPath: '$.nextPollAfter', Next: 'GetJob' });
    for (const other of ['Seconds', 'SecondsPath', 'Timestamp']) expect(wait[other]).toBeUndefined();
  });

  it('PensionSync: polls the job, then failed → errors → RecordJobFailed, processed (recorded by the poll) → end, validated → recorded, else waits', () => {
    expect(state('GetJob')).toMatchObject({ Type: 'Task', Next: 'GetJobUnavailable?' });
    expect(state('GetJobUnavailable?').Default).toBe('JobFinished?');
    const choice = state('JobFinished?');
    expect(choice.Type).toBe('Choice');
    expect(choice.Choices).toEqual([
      progressIs('failed', 'GetJobErrors'),
      progressIs('processed', 'JobProcessed'),
      progressIs('validated', 'RecordJobValidated'),
    ]);
    expect(state('JobProcessed')).toMatchObject({ Type: 'Succeed' });
    expect(choice.Default).toBe('WaitBeforeJobPoll');
    expect(state('GetJobErrors')).toMatchObject({ Type: 'Task', Next: 'GetJobErrorsUnavailable?' });
    expect(state('GetJobErrorsUnavailable?').Default).toBe('RecordJobFailed');
    for (const name of ['RecordJobFailed', 'RecordJobValidated']) {
      expect(state(name), name).toMatchObject({ Type: 'Task', End: true });
    }
    expect(state('RecordJobFailed').Parameters).toMatchObject({
      outcome: 'failed',
      'errorCount.$': '$.errorCount',
    });
    expect(state('RecordJobValidated').Parameters).toMatchObject({ outcome: 'validated' });
  });

  it('keeps the branches apart: PensionSync never touches the TPP account queue, TPP never PensionSync', () => {
    const pensionSync = reachable(definition, 'Format?');
    const tpp = reachable(definition, 'AcquireAccountSlot');
    for (const name of [
      'AcquireAccountSlot',
      'ReleaseAccountSlot',
      'ReleaseAccountSlotAfterError',
      'RecordDeliveryError',
      ...TPP_PROVIDER_TASKS,
    ]) {
      expect(pensionSync.has(name), name).toBe(false);
    }
    for (const name of [...PENSIONSYNC_PROVIDER_TASKS, 'RecordPensionSyncError', 'WaitBeforeJobPoll']) {
      expect(tpp.has(name), name).toBe(false);
    }
  });

  it('runs each step on its own function', () => {
    expect(functionOf(state('Prepare'))).toMatch(/^PrepareSubmission/);
    expect(functionOf(state('AcquireAccountSlot'))).toMatch(/^AcquireAccountSlot/);
    expect(functionOf(state('SubmitContributions'))).toMatch(/^TppSubmitContributions/);
    expect(functionOf(state('GetContributionsStatus'))).toMatch(/^TppGetContributionsStatus/);
    expect(functionOf(state('GetContributionsErrors'))).toMatch(/^TppGetContributionsErrors/);
    expect(functionOf(state('SubmitPass'))).toMatch(/^PensionSyncSubmitPass/);
    expect(functionOf(state('SubmitPapdis'))).toMatch(/^PensionSyncSubmitPapdis/);
    expect(functionOf(state('GetJob'))).toMatch(/^PensionSyncGetJob(?!Errors)/);
    expect(functionOf(state('GetJobErrors'))).toMatch(/^PensionSyncGetJobErrors/);
    for (const name of [
      'RecordFailed',
      'RecordProcessed',
      'RecordDeliveryError',
      'RecordJobFailed',
      'RecordJobValidated',
      'RecordPensionSyncError',
    ]) {
      expect(functionOf(state(name)), name).toMatch(/^RecordOutcome/);
    }
    expect(state('RecordFailed').Parameters).toMatchObject({
      outcome: 'failed',
      'errorCount.$': '$.errorCount',
    });
    expect(state('RecordProcessed').Parameters).toMatchObject({ outcome: 'processed' });
    expect(state('RecordDeliveryError').Parameters).toMatchObject({ outcome: 'error', 'error.$': '$.error' });
    expect(state('RecordPensionSyncError').Parameters).toMatchObject({
      outcome: 'error',
      'error.$': '$.error',
    });
  });
});

describe('SubmissionWorkflow error handling', () => {
  const catchInto = (next: string) => [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: next }];

  it('catches States.ALL into $.error → RecordDeliveryError on every TPP Task but the recording and releasing ones', () => {
    const uncaught = ['RecordDeliveryError', 'ReleaseAccountSlot', 'ReleaseAccountSlotAfterError'];
    const tppTasks = tasksOf(definition).filter(
      ([name]) => name === 'Prepare' || reachable(definition, 'AcquireAccountSlot').has(name),
    );
    expect(tppTasks.map(([name]) => name).sort()).toEqual(
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
    for (const [name, task] of tppTasks) {
      if (uncaught.includes(name)) continue;
      expect(task.Catch, name).toEqual(catchInto('RecordDeliveryError'));
    }
  });

  it('catches States.ALL into $.error → RecordPensionSyncError on every PensionSync Task but that one', () => {
    const pensionSyncTasks = tasksOf(definition).filter(([name]) =>
      reachable(definition, 'Format?').has(name),
    );
    expect(pensionSyncTasks.map(([name]) => name).sort()).toEqual(
      [
        'GetJob',
        'GetJobErrors',
        'RecordJobFailed',
        'RecordJobValidated',
        'RecordPensionSyncError',
        'SubmitPapdis',
        'SubmitPass',
      ].sort(),
    );
    for (const [name, task] of pensionSyncTasks) {
      if (name === 'RecordPensionSyncError') continue;
      expect(task.Catch, name).toEqual(catchInto('RecordPensionSyncError'));
    }
  });

  it('has no Task outside the two branches', () => {
    const covered = new Set([
      ...reachable(definition, 'Format?'),
      ...reachable(definition, 'AcquireAccountSlot'),
    ]);
    expect(tasksOf(definition).filter(([name]) => name !== 'Prepare' && !covered.has(name))).toEqual([]);
  });

  it('ends a recorded TPP delivery error by freeing the account, then in a Fail state, catching neither', () => {
    const recordError = state('RecordDeliveryError');
    expect(recordError.Catch).toBeUndefined();
    expect(recordError.Next).toBe('ReleaseAccountSlotAfterError');
    const release = state('ReleaseAccountSlotAfterError');
    expect(release.Catch).toBeUndefined();
    expect(release.Retry?.some((r) => r.ErrorEquals.includes('States.ALL'))).toBe(true);
    expect(state(release.Next as string)).toMatchObject({ Type: 'Fail', Error: 'DeliveryFailed' });
  });

  it('ends a recorded PensionSync error straight in a Fail state: no account slot to free, nothing caught', () => {
    const recordError = state('RecordPensionSyncError');
    expect(recordError.Catch).toBeUndefined();
    expect(recordError.Next).toBe('PensionSyncDeliveryFailed');
    expect(state('PensionSyncDeliveryFailed')).toMatchObject({ Type: 'Fail', Error: 'DeliveryFailed' });
  });

  it.each([...TPP_PROVIDER_TASKS, 'AcquireAccountSlot', ...PENSIONSYNC_PROVIDER_TASKS])(
    '%s: a provider outage is waited out in states — Choice on $.outage, Wait until $.outage.retryAt, the step again',
    (name) => {
      const providerUnavailable = new ProviderUnavailableError('down').name;
      // No Retry on the provider's unavailability: a Retry budget cannot run until a date.
      expect(state(name).Retry?.some((r) => r.ErrorEquals.includes(providerUnavailable))).toBe(false);
      const unavailable = state(`${name}Unavailable?`);
      expect(unavailable.Choices).toEqual([
        { Variable: '$.outage', IsPresent: true, Next: `WaitOut${name}Outage` },
      ]);
      expect(state(`WaitOut${name}Outage`)).toMatchObject({
        Type: 'Wait',
        TimestampPath: '$.outage.retryAt',
        Next: name,
      });
    },
  );

  it('retries Lambda’s own service errors (throttling, faults) on every Task, with capped backoff and jitter', () => {
    expect(LAMBDA_SERVICE_ERRORS).toEqual([
      'Lambda.TooManyRequestsException',
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
    ]);
    const tasks = tasksOf(definition);
    expect(tasks.length).toBeGreaterThan(10);
    for (const [name, task] of tasks) {
      const retrier = task.Retry?.[0];
      expect(retrier?.ErrorEquals, name).toEqual(LAMBDA_SERVICE_ERRORS);
      expect(retrier?.MaxAttempts, name).toBeGreaterThan(1);
      expect(retrier?.BackoffRate, name).toBeGreaterThan(1);
      expect(retrier?.MaxDelaySeconds, name).toBeGreaterThan(0);
      expect(retrier?.JitterStrategy, name).toBe('FULL');
    }
  });
});

describe('SchemeAuthorisationWorkflow', () => {
  const check = () => stateIn(authorisation, 'CheckScopeAuthorization');

  it('waits until $.nextCheckAt, checks, and ends once settled ($.done), else waits again', () => {
    expect(authorisation.StartAt).toBe('WaitBeforeAuthorisationCheck');
    expect(Object.keys(authorisation.States).sort()).toEqual(
      ['AuthorisationSettled', 'CheckScopeAuthorization', 'Settled?', 'WaitBeforeAuthorisationCheck'].sort(),
    );
    const wait = stateIn(authorisation, 'WaitBeforeAuthorisationCheck');
    expect(wait).toMatchObject({
      Type: 'Wait',
      TimestampPath: '$.nextCheckAt',
      Next: 'CheckScopeAuthorization',
    });
    for (const other of ['Seconds', 'SecondsPath', 'Timestamp']) expect(wait[other]).toBeUndefined();
    expect(check()).toMatchObject({ Type: 'Task', Next: 'Settled?' });
    const settled = stateIn(authorisation, 'Settled?');
    expect(settled.Type).toBe('Choice');
    expect(settled.Choices).toEqual([
      { Variable: '$.done', BooleanEquals: true, Next: 'AuthorisationSettled' },
    ]);
    expect(settled.Default).toBe('WaitBeforeAuthorisationCheck');
    expect(stateIn(authorisation, 'AuthorisationSettled')).toMatchObject({ Type: 'Succeed' });
  });

  it('checks on its own function, the one that reads PensionSync’s scope authorisation', () => {
    expect(tasksOf(authorisation).map(([name]) => name)).toEqual(['CheckScopeAuthorization']);
    expect(functionOf(check())).toMatch(/^PensionSyncCheckScopeAuthorization/);
    // The whole state is the function's answer: the next check's time and whether it is done.
    expect(check().Parameters).toBeUndefined();
    expect(check().ResultPath).toBeUndefined();
    expect(check().OutputPath).toBeUndefined();
  });

  it('retries any failure of a check with capped backoff and full jitter, the catch-all retrier last', () => {
    const retriers = check().Retry ?? [];
    const all = retriers.findIndex((r) => r.ErrorEquals.includes('States.ALL'));
    expect(all).toBe(retriers.length - 1);
    const retrier = retriers[all] as Retrier;
    expect(retrier.ErrorEquals).toEqual(['States.ALL']);
    expect(retrier.IntervalSeconds).toBeGreaterThan(0);
    expect(retrier.MaxAttempts).toBeGreaterThan(1);
    expect(retrier.BackoffRate).toBeGreaterThan(1);
    expect(retrier.MaxDelaySeconds).toBeGreaterThan(0);
    expect(retrier.JitterStrategy).toBe('FULL');
  });
});
