import { startPensionSyncSandbox } from './server.ts';

const sandbox = await startPensionSyncSandbox({ port: Number(process.env.PORT ?? 4020) });
console.log(`PensionSync sandbox on ${sandbox.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    sandbox.close().then(() => process.exit(0));
  });
}
