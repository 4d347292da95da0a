import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  arnOf,
  type CfnResource,
  type CfnTemplate,
  resolve,
  resourcesOfType,
  synthesizeTemplate,
} from '../../infra/local/template.ts';
import { STACK_NAME } from '../../infra/stack.ts';

/** The scheduled syncs as synthesized: two schedules, their workflows' ASL, and who may start what. */

/** asl-validator 4 is CommonJS and ships no type declarations. */
const validateAsl = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => {
  isValid: boolean;
  errorsText: (separator?: string) => string;
};

const PROVIDERS = {
  tppApiUrl: 'https://api.example.test',
  tppAuthUrl: 'https://auth.example.test',
  pensionSyncApiUrl: 'https://pensionsync.example.test',
};
/** Node timers (which run the definitions locally) hold at most 2^31-1 ms, about 24.8 days. */
const LOCAL_TIMER_LIMIT_SECONDS = (2 ** 31 - 1) / 1000;
const WORKFLOWS = {
  'PensionGateway-OptOutSync': `${STACK_NAME}-OptOutSyncWorkflow`,
  'PensionGateway-SchemeSync': `${STACK_NAME}-SchemeSyncWorkflow`,
};
/** Every schedule's workflow: the syncs, and the watchdog that restarts TPP account queues. */
const SCHEDULED = { ...WORKFLOWS, 'PensionGateway-QueueWatchdog': `${STACK_NAME}-QueueWatchdogWorkflow` };

interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
}

let template: CfnTemplate;

beforeAll(() => {
  template = synthesizeTemplate(PROVIDERS);
});

/** The sync schedules (the outbox sweep has its own test, in stack.test.ts). */
const schedules = (of = template) =>
  resourcesOfType(of, 'AWS::Scheduler::Schedule')
    .map(([id, resource]) => ({ id, ...resource.Properties }) as any)
    .filter((schedule) => schedule.Name in WORKFLOWS);

function stateMachineNamed(name: string): [string, CfnResource] {
  const found = resourcesOfType(template, 'AWS::StepFunctions::StateMachine').filter(
    ([, machine]) => machine.Properties?.StateMachineName === name,
  );
  expect(found, name).toHaveLength(1);
  return found[0] as [string, CfnResource];
}

function definitionOf(name: string): any {
  const [, machine] = stateMachineNamed(name);
  return JSON.parse(String(resolve(machine.Properties?.DefinitionString, template)));
}

/** The properties of a resource, as the tests read them. */
const propertiesOf = (resource: CfnResource | undefined): any => resource?.Properties ?? {};

/** The statements of the IAM policies attached to a role. */
function statementsOf(roleId: string): any[] {
  return resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, policy]) =>
      (propertiesOf(policy).Roles as { Ref: string }[]).some((role) => role.Ref === roleId),
    )
    .flatMap(([, policy]) => propertiesOf(policy).PolicyDocument.Statement);
}

/** Every key/value pair anywhere in a definition, nested states included. */
function* walk(value: unknown): Generator<[string, unknown]> {
  if (Array.isArray(value)) for (const item of value) yield* walk(item);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      yield [key, child];
      yield* walk(child);
    }
  }
}

/** The longest a retrier can wait before its last attempt. */
function longestRetryWait({
  IntervalSeconds = 1,
  MaxAttempts = 3,
  BackoffRate = 2,
  MaxDelaySeconds,
}: Retrier) {
  const uncapped = IntervalSeconds * BackoffRate ** Math.max(0, MaxAttempts - 1);
  return MaxDelaySeconds === undefined ? uncapped : Math.min(uncapped, MaxDelaySeconds);
}

describe('schedules', () => {
  it('runs the opt-out sync hourly, the scheme sync daily and the queue watchdog every 5 minutes by default', () => {
    expect(
      Object.fromEntries(
        schedules().map((s) => [s.Name, [s.ScheduleExpression, s.State, s.FlexibleTimeWindow]]),
      ),
    ).toEqual({
      'PensionGateway-OptOutSync': ['rate(1 hour)', 'ENABLED', { Mode: 'OFF' }],
      'PensionGateway-SchemeSync': ['rate(1 day)', 'ENABLED', { Mode: 'OFF' }],
      'PensionGateway-QueueWatchdog': ['rate(5 minutes)', 'ENABLED', { Mode: 'OFF' }],
    });
  });

  it('takes its rates, in minutes, from the stack props', () => {
    const custom = synthesizeTemplate(PROVIDERS, { optOutSyncRate: 15, schemeSyncRate: 120 });
    expect(Object.fromEntries(schedules(custom).map((s) => [s.Name, s.ScheduleExpression]))).toEqual({
      'PensionGateway-OptOutSync': 'rate(15 minutes)',
      'PensionGateway-SchemeSync': 'rate(2 hours)',
      'PensionGateway-QueueWatchdog': 'rate(5 minutes)',
    });
  });

  it('start their workflows with no input, retrying a failed start for at most an hour', () => {
    for (const schedule of schedules()) {
      const [machineId, machine] = stateMachineNamed(SCHEDULED[schedule.Name as keyof typeof SCHEDULED]);
      expect(schedule.Target.Arn, schedule.Name).toEqual({ Ref: machineId });
      expect(resolve(schedule.Target.Arn, template)).toBe(arnOf(machineId, machine));
      expect(JSON.parse(schedule.Target.Input)).toEqual({});
      expect(schedule.Target.RetryPolicy).toEqual({
        MaximumEventAgeInSeconds: 3600,
        MaximumRetryAttempts: 5,
      });
    }
  });

  it('each assume a role of their own, trusted by the scheduler of this account, that can start only their workflow', () => {
    const roles = new Set<string>();
    for (const schedule of schedules()) {
      const roleId = schedule.Target.RoleArn['Fn::GetAtt'][0] as string;
      roles.add(roleId);
      const trust = propertiesOf(template.Resources[roleId]).AssumeRolePolicyDocument.Statement;
      expect(trust).toEqual([
        expect.objectContaining({
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: {
            StringEquals: expect.objectContaining({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }),
          },
        }),
      ]);
      const [machineId] = stateMachineNamed(SCHEDULED[schedule.Name as keyof typeof SCHEDULED]);
      expect(statementsOf(roleId)).toEqual([
        { Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: machineId } },
      ]);
      expect(propertiesOf(template.Resources[roleId]).ManagedPolicyArns).toBeUndefined();
    }
    expect(roles.size).toBe(3);
  });
});

describe.each(Object.values(WORKFLOWS))('%s', (name) => {
  it('is a STANDARD state machine, logging ALL with execution data, traced', () => {
    const [, machine] = stateMachineNamed(name);
    expect(machine.Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true },
      TracingConfiguration: { Enabled: true },
    });
  });

  it('passes asl-validator, and asl-validator rejects a broken copy', () => {
    const definition = definitionOf(name);
    const result = validateAsl(definition);
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
    const broken = structuredClone(definition);
    broken.States.RecordPage.Next = 'NoSuchState';
    expect(validateAsl(broken).isValid).toBe(false);
  });

  it('uses JSONPath only: no JSONata, no Assign, no Distributed Map', () => {
    const definition = definitionOf(name);
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    const pairs = [...walk(definition)];
    expect(pairs.filter(([key]) => key === 'Assign' || key === 'QueryLanguage')).toEqual([]);
    expect(pairs.filter(([key, value]) => key === 'Mode' && value !== 'INLINE')).toEqual([]);
    expect(JSON.stringify(definition)).not.toContain('{%');
  });

  it('has no wait, retry or timeout the local timers cannot hold', () => {
    const definition = definitionOf(name);
    expect(definition.TimeoutSeconds).toBeLessThan(LOCAL_TIMER_LIMIT_SECONDS);
    for (const [key, value] of walk(definition)) {
      if (['TimeoutSeconds', 'HeartbeatSeconds', 'Seconds'].includes(key)) {
        expect(value, key).toBeLessThan(LOCAL_TIMER_LIMIT_SECONDS);
      }
      if (key === 'Retry') {
        for (const retrier of value as Retrier[]) expect(longestRetryWait(retrier)).toBeLessThan(3600);
      }
    }
    expect(
      [...walk(definition)].filter(([, value]) => (value as { Type?: string })?.Type === 'Wait'),
    ).toEqual([]);
  });

  it('lists a page, syncs both routes side by side, each with its own bound, records the page, then loops or hands over', () => {
    const { StartAt, States } = definitionOf(name);
    expect(StartAt).toBe('StartRun');
    expect(States.StartRun).toMatchObject({ Next: 'ListSchemePage' });
    expect(States.StartRun.Parameters).toMatchObject({
      'executionName.$': '$$.Execution.Name',
      'input.$': '$',
    });
    expect(States.ListSchemePage).toMatchObject({ ResultPath: '$.listing', Next: 'SyncPage' });
    expect(States.SyncPage).toMatchObject({ Type: 'Parallel', ResultPath: '$.results', Next: 'RecordPage' });
    const maps = (States.SyncPage.Branches as any[]).map((branch) => branch.States[branch.StartAt]);
    expect(maps.map((m) => [m.Type, m.ItemsPath, m.MaxConcurrency, m.ResultSelector.route])).toEqual([
      ['Map', '$.listing.direct.schemeIds', 5, 'direct'],
      ['Map', '$.listing.pensionsync.schemeIds', 5, 'pensionsync'],
    ]);
    expect(States.RecordPage).toMatchObject({ Type: 'Task', Next: 'MorePages?' });
    expect(States['MorePages?'].Choices).toEqual([
      { Variable: '$.next', StringEquals: 'page', Next: 'ListSchemePage' },
      { Variable: '$.next', StringEquals: 'child', Next: 'HandOver' },
    ]);
    expect(States.HandOver).toMatchObject({ Next: 'HandedOver', ResultPath: null });
    expect(States.HandOver.Parameters).toMatchObject({ 'stateMachineArn.$': '$$.StateMachine.Id' });
  });

  it('turns a crashed scheme into that scheme’s failure, retrying only Lambda’s own transient errors', () => {
    const { States } = definitionOf(name);
    for (const branch of States.SyncPage.Branches as any[]) {
      const processor = branch.States[branch.StartAt].ItemProcessor;
      const task = processor.States[processor.StartAt];
      expect(task.Type).toBe('Task');
      expect(
        task.Retry.flatMap((r: Retrier) => r.ErrorEquals).every((e: string) => e.startsWith('Lambda.')),
      ).toBe(true);
      expect(task.Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: expect.any(String) },
      ]);
      expect(processor.States[task.Catch[0].Next]).toMatchObject({
        Type: 'Pass',
        Parameters: { 'schemeId.$': '$.schemeId', ok: false, 'error.$': '$.failure.Error' },
        End: true,
      });
    }
  });
});

describe('who may start the sync workflows', () => {
  it('is only their schedules and the step that hands a run over', () => {
    const names = Object.values(WORKFLOWS);
    const starters = resourcesOfType(template, 'AWS::IAM::Role')
      .filter(([roleId]) =>
        statementsOf(roleId).some(
          (s) =>
            [s.Action].flat().includes('states:StartExecution') &&
            names.some((n) => JSON.stringify(resolve(s.Resource, template)).includes(`:${n}"`)),
        ),
      )
      .map(([roleId]) => roleId);
    const handOver = resourcesOfType(template, 'AWS::Lambda::Function').find(
      ([, fn]) => fn.Metadata?.['pension-gateway:entry'] === 'functions/workflow/hand-over-sync-run.ts',
    );
    const handOverRole = propertiesOf(handOver?.[1]).Role['Fn::GetAtt'][0];
    const scheduleRoles = schedules()
      .filter((s) => s.Name in WORKFLOWS)
      .map((s) => s.Target.RoleArn['Fn::GetAtt'][0]);
    expect(starters.sort()).toEqual([handOverRole, ...scheduleRoles].sort());
    expect(statementsOf(handOverRole).map((s) => [s.Action, resolve(s.Resource, template)])).toContainEqual([
      'states:StartExecution',
      names.map((n) => `arn:aws:states:eu-west-2:000000000000:stateMachine:${n}`),
    ]);
  });
});
