import { randomUUID } from 'node:crypto';
import {
  ExecutionError,
  ExecutionTimeoutError,
  type RunOptions,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import {
  ACCOUNT,
  AwsServiceError,
  epochSeconds,
  type JsonObject,
  type LocalServer,
  optionalString,
  REGION,
  requiredString,
  startAwsJsonServer,
} from './aws-json-protocol.ts';

type Overrides = NonNullable<RunOptions['overrides']>;
type TaskHandlers = NonNullable<Overrides['taskResourceLocalHandlers']>;
type JsonValue = Awaited<ReturnType<TaskHandlers[string]>>;

/** An event of the interpreter's log (`type`, `timestamp` in epoch ms, and details by type). */
export type ExecutionEvent =
  ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer Event> ? Event : never;

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  /** JSON, as StartExecution was given it. */
  input: string;
  /** JSON. */
  output?: string;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate?: Date;
}

export interface LocalStateMachine {
  arn: string;
  name: string;
  definition: object;
}

export interface LocalStepFunctions extends LocalServer {
  /** In-process StartExecution; `input` is JSON. */
  startExecution(stateMachineArn: string, name?: string, input?: string): ExecutionRecord;
  executions(): ExecutionRecord[];
  history(executionArn: string): ExecutionEvent[];
  /** Resolves once no execution is running, including executions started meanwhile. */
  waitForIdle(): Promise<void>;
}

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';

interface StateJson {
  Type?: string;
  Resource?: string;
  Branches?: GraphJson[];
  ItemProcessor?: GraphJson;
  Iterator?: GraphJson;
}

interface GraphJson {
  States?: Record<string, StateJson>;
}

function* taskStates(graph: GraphJson): Generator<[string, StateJson]> {
  for (const [name, state] of Object.entries(graph.States ?? {})) {
    if (state.Type === 'Task') yield [name, state];
    for (const nested of [...(state.Branches ?? []), state.ItemProcessor ?? state.Iterator ?? {}]) {
      yield* taskStates(nested);
    }
  }
}

/**
 * A failed invocation as Step Functions reports it: the error name is what Retry and Catch match,
 * and the cause is the JSON error document Lambda returns.
 */
function lambdaFailure(error: unknown): Error {
  const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
  const failure = new Error(
    JSON.stringify({ errorType: name, errorMessage: message, trace: stack?.split('\n') ?? [] }),
  );
  failure.name = name;
  return failure;
}

/**
 * The interpreter keys local handlers by state name, also inside Parallel branches and Map processors,
 * so a handler must suit every Task of that name.
 */
function taskHandlers(
  definition: object,
  invoke: (functionArn: string, payload: unknown) => Promise<JsonValue>,
): TaskHandlers {
  const handlers: TaskHandlers = {};
  const resources = new Map<string, string>();
  for (const [name, { Resource = '' }] of taskStates(definition as GraphJson)) {
    if (Resource !== LAMBDA_INVOKE && !Resource.startsWith('arn:aws:lambda:')) {
      throw new Error(`Task state ${name} uses ${Resource}; only Lambda tasks can run locally`);
    }
    if ((resources.get(name) ?? Resource) !== Resource) {
      throw new Error(`Task states named ${name} target different resources; they cannot run locally`);
    }
    resources.set(name, Resource);
    // The integration hands the handler its resolved Parameters and takes the Lambda Invoke response back.
    handlers[name] =
      Resource === LAMBDA_INVOKE
        ? async (parameters) => {
            const { FunctionName, Payload = {} } = parameters as { FunctionName: string; Payload?: unknown };
            return {
              ExecutedVersion: '$LATEST',
              Payload: await invoke(FunctionName, Payload),
              StatusCode: 200,
            };
          }
        : (payload) => invoke(Resource, payload);
  }
  return handlers;
}

interface Execution {
  record: ExecutionRecord;
  events: ExecutionEvent[];
  abort(): void;
}

function page<T>(items: T[], input: JsonObject): { items: T[]; nextToken?: string } {
  const start = Number(optionalString(input, 'nextToken') ?? 0);
  const size = typeof input.maxResults === 'number' && input.maxResults > 0 ? input.maxResults : 1000;
  const end = start + size;
  return { items: items.slice(start, end), nextToken: end < items.length ? String(end) : undefined };
}

/**
 * Maps the interpreter's log onto GetExecutionHistory events with the detail fields SDK clients read.
 * Kept: execution start/end, `<Type>StateEntered`/`<Type>StateExited`, `TaskFailed` per failed Task attempt,
 * and Map iterations. Dropped (still in `history()`): retries, catches, Parallel branches and failures
 * of non-Task states, which AWS reports only through the events kept.
 */
function historyEvent(event: ExecutionEvent): JsonObject | undefined {
  const json = (value: unknown) => JSON.stringify(value ?? null);
  switch (event.type) {
    case 'ExecutionStarted':
      return { type: event.type, executionStartedEventDetails: { input: json(event.input) } };
    case 'ExecutionSucceeded':
      return { type: event.type, executionSucceededEventDetails: { output: json(event.output) } };
    case 'ExecutionFailed':
      return {
        type: event.type,
        executionFailedEventDetails: { error: event.Error, cause: String(event.Cause) },
      };
    case 'ExecutionAborted':
      return { type: event.type, executionAbortedEventDetails: {} };
    case 'ExecutionTimeout':
      return { type: 'ExecutionTimedOut', executionTimedOutEventDetails: {} };
    case 'StateEntered':
      return {
        type: `${event.state.type}StateEntered`,
        stateEnteredEventDetails: { name: event.state.name, input: json(event.state.input) },
      };
    case 'StateExited':
      return {
        type: `${event.state.type}StateExited`,
        stateExitedEventDetails: { name: event.state.name, output: json(event.state.output) },
      };
    case 'StateFailed':
      return event.state.type === 'Task'
        ? {
            type: 'TaskFailed',
            taskFailedEventDetails: {
              resourceType: 'lambda',
              resource: 'invoke',
              error: event.Error,
              cause: String(event.Cause),
            },
          }
        : undefined;
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed': {
      const field = `mapIteration${event.type.slice('MapIteration'.length)}EventDetails`;
      return { type: event.type, [field]: { name: event.parentState.name, index: event.index } };
    }
    default:
      return undefined;
  }
}

/** Step Functions puts these on the default bus; AWS sends every status, locally only the ends that went wrong. */
export const STATUS_CHANGE_EVENTS: ExecutionStatus[] = ['FAILED', 'TIMED_OUT', 'ABORTED'];

/** An execution's end as the "Step Functions Execution Status Change" event AWS puts on the default bus. */
export function statusChangeEvent(record: ExecutionRecord) {
  return {
    EventBusName: 'default',
    Source: 'aws.states',
    DetailType: 'Step Functions Execution Status Change',
    Resources: [record.executionArn],
    Detail: {
      executionArn: record.executionArn,
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      status: record.status,
      startDate: record.startDate.getTime(),
      stopDate: record.stopDate?.getTime() ?? null,
      input: record.input,
      output: record.output ?? null,
      error: record.error ?? null,
      cause: record.cause ?? null,
    },
  };
}

export async function startStepFunctions(options: {
  port?: number;
  stateMachines: LocalStateMachine[];
  invokeFunction: (functionArn: string, payload: unknown) => Promise<unknown>;
  onExecutionEnd?: (execution: ExecutionRecord) => void;
  /** Passed to every run, e.g. `retryIntervalOverrides` or `waitTimeOverrides` to keep tests fast. */
  overrides?: Omit<Overrides, 'taskResourceLocalHandlers'>;
}): Promise<LocalStepFunctions> {
  const invoke = async (functionArn: string, payload: unknown): Promise<JsonValue> => {
    try {
      return ((await options.invokeFunction(functionArn, payload)) ?? null) as JsonValue;
    } catch (error) {
      throw lambdaFailure(error);
    }
  };
  const machines = new Map(
    options.stateMachines.map(({ arn, name, definition }) => [
      arn,
      {
        name,
        machine: new StateMachine(definition as StateMachineDefinition, {
          validationOptions: { checkPaths: false, checkArn: false },
        }),
        overrides: { ...options.overrides, taskResourceLocalHandlers: taskHandlers(definition, invoke) },
      },
    ]),
  );
  const executions = new Map<string, Execution>();
  const inFlight = new Set<Promise<void>>();

  const machineOf = (stateMachineArn: string) => {
    const machine = machines.get(stateMachineArn);
    if (!machine)
      throw new AwsServiceError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${stateMachineArn}'`,
      );
    return machine;
  };

  const executionOf = (input: JsonObject): Execution => {
    const executionArn = requiredString(input, 'executionArn');
    const execution = executions.get(executionArn);
    if (!execution)
      throw new AwsServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  };

  const settle = (record: ExecutionRecord, outcome: Partial<ExecutionRecord>) => {
    if (record.status !== 'RUNNING') return;
    Object.assign(record, outcome, { stopDate: new Date() });
  };

  function startExecution(
    stateMachineArn: string,
    name: string = randomUUID(),
    input = '{}',
  ): ExecutionRecord {
    const { name: machineName, machine, overrides } = machineOf(stateMachineArn);
    const executionArn = `arn:aws:states:${REGION}:${ACCOUNT}:execution:${machineName}:${name}`;
    const existing = executions.get(executionArn)?.record;
    if (existing) {
      // As for Standard workflows: a repeat of a running execution is that execution, anything else a clash.
      if (existing.status === 'RUNNING' && existing.input === input) return { ...existing };
      throw new AwsServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    let parsedInput: JsonValue;
    try {
      parsedInput = JSON.parse(input);
    } catch {
      throw new AwsServiceError(
        'InvalidExecutionInput',
        'Invalid State Machine Execution Input: not valid JSON',
      );
    }

    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn,
      name,
      status: 'RUNNING',
      input,
      startDate: new Date(),
    };
    const run = machine.run(parsedInput, {
      overrides,
      noThrowOnAbort: true,
      context: {
        Execution: { Id: executionArn, Name: name },
        StateMachine: { Id: stateMachineArn, Name: machineName },
      },
    });
    const events: ExecutionEvent[] = [];
    const outcome = run.result.then(
      (output): Partial<ExecutionRecord> => ({ status: 'SUCCEEDED', output: JSON.stringify(output) }),
      (error: unknown): Partial<ExecutionRecord> => {
        if (error instanceof ExecutionTimeoutError) return { status: 'TIMED_OUT', error: 'States.Timeout' };
        const failure = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
        const { name: errorName, message } = failure instanceof Error ? failure : new Error(String(failure));
        return { status: 'FAILED', error: errorName, cause: message };
      },
    );
    const logged = (async () => {
      for await (const event of run.eventLogs) events.push(event);
    })();
    // The status changes only once the log is complete, so a finished execution has its full history.
    const done = Promise.all([outcome, logged]).then(([result]) => {
      settle(record, result);
      inFlight.delete(done);
      options.onExecutionEnd?.({ ...record });
    });
    inFlight.add(done);
    const execution: Execution = { record, events, abort: run.abort };
    executions.set(executionArn, execution);
    return { ...record };
  }

  async function waitForIdle(): Promise<void> {
    while (inFlight.size > 0) await Promise.all(inFlight);
  }

  const summary = (record: ExecutionRecord) => ({
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: epochSeconds(record.startDate),
    stopDate: record.stopDate && epochSeconds(record.stopDate),
  });

  const server = await startAwsJsonServer({
    port: options.port,
    targetPrefix: 'AWSStepFunctions',
    operations: {
      StartExecution: async (input) => {
        const record = startExecution(
          requiredString(input, 'stateMachineArn'),
          optionalString(input, 'name'),
          optionalString(input, 'input'),
        );
        return { executionArn: record.executionArn, startDate: epochSeconds(record.startDate) };
      },
      DescribeExecution: async (input) => {
        const { record } = executionOf(input);
        return {
          ...summary(record),
          input: record.input,
          output: record.output,
          error: record.error,
          cause: record.cause,
        };
      },
      ListExecutions: async (input) => {
        const stateMachineArn = requiredString(input, 'stateMachineArn');
        machineOf(stateMachineArn);
        const statusFilter = optionalString(input, 'statusFilter');
        const matching = [...executions.values()]
          .map(({ record }) => record)
          .filter(
            (record) =>
              record.stateMachineArn === stateMachineArn && (!statusFilter || record.status === statusFilter),
          )
          .reverse();
        const { items, nextToken } = page(matching, input);
        return { executions: items.map(summary), nextToken };
      },
      GetExecutionHistory: async (input) => {
        const mapped = executionOf(input).events.flatMap((event) => {
          const mappedEvent = historyEvent(event);
          return mappedEvent ? [{ timestamp: epochSeconds(event.timestamp), ...mappedEvent }] : [];
        });
        const numbered = mapped.map((event, index) => ({ ...event, id: index + 1 }));
        if (input.reverseOrder === true) numbered.reverse();
        const { items, nextToken } = page(numbered, input);
        return { events: items, nextToken };
      },
      StopExecution: async (input) => {
        const { record, abort } = executionOf(input);
        settle(record, {
          status: 'ABORTED',
          error: optionalString(input, 'error'),
          cause: optionalString(input, 'cause'),
        });
        abort();
        return { stopDate: record.stopDate && epochSeconds(record.stopDate) };
      },
    },
  });

  return {
    url: server.url,
    startExecution,
    executions: () => [...executions.values()].map(({ record }) => ({ ...record })),
    history: (executionArn) => [...(executions.get(executionArn)?.events ?? [])],
    waitForIdle,
    async close() {
      for (const { record, abort } of executions.values()) {
        settle(record, { status: 'ABORTED' });
        abort();
      }
      await waitForIdle();
      await server.close();
    },
  };
}
