import { startTppSandbox } from './server.ts';

const sandbox = await startTppSandbox({ port: Number(process.env.PORT ?? 0) });
console.log(`tpp sandbox ${sandbox.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    sandbox.close().then(() => process.exit(0));
  });
}
