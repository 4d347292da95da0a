import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../../infra/local/aws-json-protocol.ts';
import { startStepFunctions } from '../../../infra/local/step-functions.ts';

const FETCH = 'arn:aws:lambda:eu-west-2:000000000000:function:fetch';
const SUBMIT = 'arn:aws:lambda:eu-west-2:000000000000:function:submit';
const MACHINE = 'arn:aws:states:eu-west-2:000000000000:stateMachine:submission';

const definition = {
  StartAt: 'Fetch',
  States: {
    Fetch: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: FETCH, 'Payload.$': '$' },
      ResultSelector: { 'amount.$': '$.Payload.amount' },
      ResultPath: '$.fetched',
      Next: 'WaitUntil',
    },
    WaitUntil: { Type: 'Wait', TimestampPath: '$.notBefore', Next: 'Decide' },
    Decide: {
      Type: 'Choice',
      Choices: [{ Variable: '$.fetched.amount', NumericGreaterThan: 0, Next: 'Submit' }],
      Default: 'Nothing',
    },
    Nothing: { Type: 'Succeed' },
    Submit: {
      Type: 'Task',
      Resource: SUBMIT,
      Retry: [{ ErrorEquals: ['ProviderBusy'], IntervalSeconds: 30, MaxAttempts: 2 }],
      Catch: [{ ErrorEquals: ['ProviderRejected'], ResultPath: '$.error', Next: 'Rejected' }],
      ResultPath: '$.receipt',
      End: true,
    },
    Rejected: { Type: 'Fail', Error: 'SubmissionRejected', Cause: 'The provider rejected the submission' },
  },
};

class ProviderError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

describe('local Step Functions', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function start() {
    const calls: Array<{ arn: string; payload: unknown }> = [];
    const submitAttempts = new Map<string, number>();
    const sfn = await startStepFunctions({
      stateMachines: [{ arn: MACHINE, name: 'submission', definition }],
      // Retry immediately instead of after IntervalSeconds.
      overrides: { retryIntervalOverrides: { Submit: 0 } },
      invokeFunction: async (arn, payload) => {
        calls.push({ arn, payload });
        const { amount, mode, id } = payload as { amount: number; mode: string; id: string };
        if (arn === FETCH) return { amount };
        const attempt = (submitAttempts.get(id) ?? 0) + 1;
        submitAttempts.set(id, attempt);
        if (mode === 'reject') throw new ProviderError('ProviderRejected', 'bad employer reference');
        if (mode === 'busy-once' && attempt === 1) throw new ProviderError('ProviderBusy', 'try later');
        return { receipt: `r-${id}` };
      },
    });
    const client = new SFNClient(localClientConfig(sfn.url));
    cleanups.push(async () => {
      client.destroy();
      await sfn.close();
    });
    return { sfn, client, calls };
  }

  const input = (id: string, mode: string, amount: number, waitMs = 0) =>
    JSON.stringify({ id, mode, amount, notBefore: new Date(Date.now() + waitMs).toISOString() });

  it('runs Lambda tasks of both resource styles, a timestamp Wait, a Choice and a Retry on an error name', async () => {
    const { sfn, client, calls } = await start();
    const started = Date.now();
    const { executionArn } = await client.send(
      new StartExecutionCommand({
        stateMachineArn: MACHINE,
        name: 'run-1',
        input: input('s1', 'busy-once', 5, 300),
      }),
    );
    expect(executionArn).toBe('arn:aws:states:eu-west-2:000000000000:execution:submission:run-1');
    await sfn.waitForIdle();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);

    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(described.status).toBe('SUCCEEDED');
    expect(described.startDate).toBeInstanceOf(Date);
    expect(described.stopDate).toBeInstanceOf(Date);
    expect(JSON.parse(described.output ?? '')).toMatchObject({
      id: 's1',
      fetched: { amount: 5 },
      receipt: { receipt: 'r-s1' },
    });
    expect(calls.map(({ arn }) => arn)).toEqual([FETCH, SUBMIT, SUBMIT]);
    // lambda:invoke hands the function its resolved Payload, a Lambda ARN the state input.
    expect(calls[0]?.payload).toEqual(JSON.parse(described.input ?? ''));

    const { events = [] } = await client.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskStateExited',
      'WaitStateEntered',
      'WaitStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'TaskStateEntered',
      'TaskFailed',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    expect(events[0]?.timestamp).toBeInstanceOf(Date);
    expect(events[1]?.stateEnteredEventDetails?.name).toBe('Fetch');
    expect(events[8]?.taskFailedEventDetails?.error).toBe('ProviderBusy');
    expect(sfn.history(executionArn ?? '').map((event) => event.type)).toContain('StateRetried');
  });

  it('catches an error by name into a failing state and takes the Choice default', async () => {
    const { sfn, client } = await start();
    const { executionArn: rejected } = await client.send(
      new StartExecutionCommand({ stateMachineArn: MACHINE, input: input('s2', 'reject', 5) }),
    );
    const { executionArn: nothing } = await client.send(
      new StartExecutionCommand({ stateMachineArn: MACHINE, input: input('s3', 'ok', 0) }),
    );
    await sfn.waitForIdle();

    const failed = await client.send(new DescribeExecutionCommand({ executionArn: rejected }));
    expect(failed).toMatchObject({
      status: 'FAILED',
      error: 'SubmissionRejected',
      cause: 'The provider rejected the submission',
    });
    const { events = [] } = await client.send(new GetExecutionHistoryCommand({ executionArn: rejected }));
    const caught = events.find((event) => event.stateEnteredEventDetails?.name === 'Rejected');
    const { error } = JSON.parse(caught?.stateEnteredEventDetails?.input ?? '{}');
    expect(error.Error).toBe('ProviderRejected');
    // The cause is the error document Lambda returns.
    expect(JSON.parse(error.Cause)).toMatchObject({
      errorType: 'ProviderRejected',
      errorMessage: 'bad employer reference',
    });
    expect(events.at(-1)?.executionFailedEventDetails?.error).toBe('SubmissionRejected');

    expect((await client.send(new DescribeExecutionCommand({ executionArn: nothing }))).status).toBe(
      'SUCCEEDED',
    );
    const listed = await client.send(
      new ListExecutionsCommand({ stateMachineArn: MACHINE, statusFilter: 'FAILED' }),
    );
    expect(listed.executions?.map((execution) => execution.executionArn)).toEqual([rejected]);
  });

  it('treats a repeated start of a running execution as that execution, and any other reuse of its name as a clash', async () => {
    const { sfn, client } = await start();
    const waiting = input('s4', 'ok', 5, 60_000);
    const first = await client.send(
      new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'once', input: waiting }),
    );
    const again = await client.send(
      new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'once', input: waiting }),
    );
    expect(again).toMatchObject({ executionArn: first.executionArn, startDate: first.startDate });
    await expect(
      client.send(new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'once', input: '{}' })),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    await expect(
      client.send(new StartExecutionCommand({ stateMachineArn: `${MACHINE}-missing`, input: '{}' })),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);

    await client.send(new StopExecutionCommand({ executionArn: first.executionArn, error: 'Cancelled' }));
    await sfn.waitForIdle();
    expect(
      await client.send(new DescribeExecutionCommand({ executionArn: first.executionArn })),
    ).toMatchObject({
      status: 'ABORTED',
      error: 'Cancelled',
    });
    expect(sfn.executions()).toHaveLength(1);
    await expect(
      client.send(new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'once', input: waiting })),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('refuses Task states it cannot run locally', async () => {
    const sqs = {
      StartAt: 'Send',
      States: { Send: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true } },
    };
    await expect(
      startStepFunctions({
        stateMachines: [{ arn: MACHINE, name: 'submission', definition: sqs }],
        invokeFunction: async () => null,
      }),
    ).rejects.toThrow(/only Lambda tasks/);
  });
});
