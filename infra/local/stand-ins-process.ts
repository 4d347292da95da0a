import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PensionSyncSandboxOptions } from '../../sandboxes/pensionsync/server.ts';
import type { TppSandboxOptions } from '../../sandboxes/tpp/server.ts';
import type { AwsServiceNeeds, AwsServices, PensionSyncEndpoint, TppEndpoint } from './runtime.ts';

/**
 * The stand-ins of what is a separate service in AWS or at a provider (DynamoDB, S3, Secrets Manager and
 * both provider sandboxes) in a child process, so the embedded runtime's process holds only the gateway's
 * functions and what invokes them (the API front, the Step Functions interpreter, EventBridge, the
 * scheduler), and each process's CPU can be read apart. The child is infra/local/stand-ins-child.ts.
 */

/** Objects in the child whose methods `call` reaches. */
export type StandIn = 'tpp' | 'pensionSync' | 'dynamodb' | 'secretsManager';

/** A message to the child: an id the answer carries back, what to run, and its arguments. */
export interface StandInRequest {
  id: number;
  operation: 'startSandboxes' | 'startAwsServices' | 'call' | 'cpuUsage' | 'stop';
  args: unknown[];
}

export type StandInAnswer = { id: number; value: unknown } | { id: number; error: string };

export interface StandInsProcess {
  /** The TPP sandbox in the child, with a token for the runtime's seeded connection. */
  tpp: TppEndpoint;
  pensionSync: PensionSyncEndpoint;
  /** For `startEmbeddedRuntime({ awsServices })`. */
  awsServices(needs: AwsServiceNeeds): Promise<AwsServices>;
  /** Calls a method of a stand-in in the child (e.g. `call('tpp', 'requests', '/api/')`) and answers its result. */
  call<T>(standIn: StandIn, method: string, ...args: unknown[]): Promise<T>;
  /** The child's `process.cpuUsage()`. */
  cpuUsage(): Promise<NodeJS.CpuUsage>;
  stop(): Promise<void>;
}

export async function startStandInsProcess(
  options: { tppSandbox?: TppSandboxOptions; pensionSyncSandbox?: PensionSyncSandboxOptions } = {},
): Promise<StandInsProcess> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./stand-ins-child.ts', import.meta.url)), [], {
    // The child runs TypeScript as this process does; 'advanced' passes what structuredClone can.
    execArgv: ['--import', import.meta.resolve('tsx')],
    serialization: 'advanced',
    stdio: 'inherit',
  });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let exited = false;
  child.on('message', (answer: StandInAnswer) => {
    const waiting = pending.get(answer.id);
    pending.delete(answer.id);
    if ('error' in answer) waiting?.reject(new Error(`stand-ins process: ${answer.error}`));
    else waiting?.resolve(answer.value);
  });
  child.on('exit', (code) => {
    exited = true;
    for (const waiting of pending.values()) waiting.reject(new Error(`stand-ins process exited (${code})`));
    pending.clear();
  });
  let nextId = 0;
  const request = <T>(operation: StandInRequest['operation'], ...args: unknown[]) =>
    new Promise<T>((resolve, reject) => {
      if (exited) return reject(new Error('stand-ins process has exited'));
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, operation, args } satisfies StandInRequest);
    });

  const stop = async () => {
    if (exited) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    await request('stop').catch(() => child.kill());
    await gone;
  };
  try {
    const endpoints = await request<{ tpp: TppEndpoint; pensionSync: PensionSyncEndpoint }>(
      'startSandboxes',
      options.tppSandbox,
      options.pensionSyncSandbox,
    );
    return {
      ...endpoints,
      async awsServices(needs) {
        const urls = await request<Pick<AwsServices, 'dynamodb' | 's3' | 'secretsManager'>>(
          'startAwsServices',
          needs,
        );
        return {
          ...urls,
          seedSecret: (name, value) => request('call', 'secretsManager', 'seed', [name, value]),
          // The child stops them with the sandboxes, in stop().
          close: async () => {},
        };
      },
      call: (standIn, method, ...args) => request('call', standIn, method, args),
      cpuUsage: () => request('cpuUsage'),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
