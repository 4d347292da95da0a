import { closeOnSignals } from '../common/server.ts';
import { startTppSandbox } from './server.ts';

const sandbox = await startTppSandbox({ port: Number(process.env.PORT ?? 0) });
console.log(`tpp sandbox ${sandbox.url}`);
closeOnSignals(sandbox);
