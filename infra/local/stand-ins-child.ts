import {
  type PensionSyncSandboxOptions,
  startPensionSyncSandbox,
} from '../../sandboxes/pensionsync/server.ts';
import { startTppSandbox, type TppSandboxOptions } from '../../sandboxes/tpp/server.ts';
import type { LocalServer } from './aws-json-protocol.ts';
import {
  type AwsServiceNeeds,
  pensionSyncSandboxEndpoint,
  startAwsServices,
  tppSandboxEndpoint,
} from './runtime.ts';
import type { StandIn, StandInAnswer, StandInRequest } from './stand-ins-process.ts';

/** The child of infra/local/stand-ins-process.ts: hosts the stand-ins and answers its parent's messages. */

const standIns = new Map<StandIn, object>();
const started: Pick<LocalServer, 'close'>[] = [];

async function startSandboxes(
  tppOptions?: TppSandboxOptions,
  pensionSyncOptions?: PensionSyncSandboxOptions,
) {
  const tpp = await startTppSandbox(tppOptions);
  started.push(tpp);
  standIns.set('tpp', tpp);
  const pensionSync = await startPensionSyncSandbox(pensionSyncOptions);
  started.push(pensionSync);
  standIns.set('pensionSync', pensionSync);
  return {
    tpp: tppSandboxEndpoint(tpp),
    pensionSync: pensionSyncSandboxEndpoint(pensionSync, pensionSyncOptions),
  };
}

async function startServices(needs: AwsServiceNeeds) {
  const services = await startAwsServices(needs);
  started.push(services);
  standIns.set('dynamodb', services.awsCalls.dynamodb);
  standIns.set('secretsManager', { ...services.awsCalls.secretsManager, seed: services.seedSecret });
  return { dynamodb: services.dynamodb, s3: services.s3, secretsManager: services.secretsManager };
}

async function call(standIn: StandIn, method: string, args: unknown[]) {
  const target = standIns.get(standIn) as Record<string, (...args: unknown[]) => unknown> | undefined;
  if (typeof target?.[method] !== 'function') throw new Error(`${standIn} has no method ${method}`);
  return await target[method](...args);
}

async function answer({ operation, args }: StandInRequest): Promise<unknown> {
  switch (operation) {
    case 'startSandboxes':
      return startSandboxes(...(args as [TppSandboxOptions?, PensionSyncSandboxOptions?]));
    case 'startAwsServices':
      return startServices(args[0] as AwsServiceNeeds);
    case 'call':
      return call(...(args as [StandIn, string, unknown[]]));
    case 'cpuUsage':
      return process.cpuUsage();
    case 'stop':
      for (const server of started.reverse()) await server.close();
      return undefined;
  }
}

process.on('message', (request: StandInRequest) => {
  answer(request).then(
    (value) => {
      process.send?.({ id: request.id, value } satisfies StandInAnswer);
      if (request.operation === 'stop') process.disconnect();
    },
    (error: unknown) => process.send?.({ id: request.id, error: String(error) } satisfies StandInAnswer),
  );
});
// The parent going away (even killed) ends the child.
process.on('disconnect', () => process.exit(0));
