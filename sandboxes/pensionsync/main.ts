import { closeOnSignals } from '../common/server.ts';
import { startPensionSyncSandbox } from './server.ts';

const sandbox = await startPensionSyncSandbox({ port: Number(process.env.PORT ?? 4020) });
console.log(`PensionSync sandbox on ${sandbox.url}`);
closeOnSignals(sandbox);
