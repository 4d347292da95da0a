import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '#use-cases/clock';
import { recordSyncPage, startSyncRun } from '#use-cases/sync-runs';
import { type EmbeddedRuntime, startEmbeddedRuntime } from '../../infra/local/runtime.ts';
import type { ExecutionEvent } from '../../infra/local/step-functions.ts';
import { seedDirectSchemes, seedPensionSyncSchemes } from '../support/seed-schemes.ts';

/**
 * The synthesized OptOutSyncWorkflow on the embedded interpreter, with a page size and page budget small
 * enough to force hand-overs: judged from the interpreter's event log and the run's summary.
 */
let runtime: EmbeddedRuntime;
let seeded: { direct: string[]; pensionsync: string[] };

beforeAll(async () => {
  runtime = await startEmbeddedRuntime();
  const sandbox = runtime.pensionSyncSandbox;
  if (!sandbox) throw new Error('the runtime did not start the PensionSync sandbox');
  const direct = await seedDirectSchemes(9, ['855969', '859763', '840834']);
  const pensionsync = await seedPensionSyncSchemes(sandbox, 5);
  seeded = { direct: direct.map((s) => s.schemeId), pensionsync: pensionsync.map((s) => s.schemeId) };
});

afterAll(async () => {
  await runtime?.stop();
});

type StateEvent = ExecutionEvent & { state: { name: string; input: any } };

function entered(executionArn: string, name: string): StateEvent[] {
  return runtime.stepFunctions
    .history(executionArn)
    .filter((e): e is StateEvent => e.type === 'StateEntered' && (e as StateEvent).state.name === name);
}

describe('OptOutSyncWorkflow', () => {
  it('hands the run over between executions, each with a small history, and syncs every scheme once', async () => {
    const optOutSync = runtime.schedules.list().find((s) => s.name === 'PensionGateway-OptOutSync');
    if (!optOutSync) throw new Error('no opt-out schedule in the template');
    const pageSize = 2;
    const pageBudget = 2;
    const root = runtime.stepFunctions.startExecution(
      optOutSync.targetArn,
      undefined,
      JSON.stringify({ pageSize, pageBudget }),
    );
    await runtime.stepFunctions.waitForIdle();

    const runId = root.name;
    const executions = runtime.stepFunctions
      .executions()
      .filter((e) => e.name === runId || e.name.startsWith(`${runId}-p`));
    // 9 direct schemes are 5 pages of 2 (the 5 PensionSync ones 3, alongside): 2 pages per execution.
    expect(executions.map((e) => [e.name, e.status])).toEqual([
      [runId, 'SUCCEEDED'],
      [`${runId}-p3`, 'SUCCEEDED'],
      [`${runId}-p5`, 'SUCCEEDED'],
    ]);
    executions.forEach((execution, i) => {
      const ending = i < executions.length - 1 ? 'HandedOver' : 'RunComplete';
      expect(entered(execution.executionArn, ending), execution.name).toHaveLength(1);
      if (i > 0)
        expect(JSON.parse(execution.input)).toMatchObject({ runId, page: 2 * i, pageSize, pageBudget });
      // Bounded by the page budget, whatever the number of schemes.
      expect(entered(execution.executionArn, 'RecordPage').length).toBeLessThanOrEqual(pageBudget);
      expect(runtime.stepFunctions.history(execution.executionArn).length).toBeLessThan(150);
    });

    const synced = (route: string) =>
      executions
        .flatMap((e) => entered(e.executionArn, `Sync${route}Scheme`))
        .map((e) => e.state.input.schemeId as string)
        .sort();
    expect(synced('Direct')).toEqual([...seeded.direct].sort());
    expect(synced('PensionSync')).toEqual([...seeded.pensionsync].sort());

    const summary = await (await fetch(`${runtime.url}/v1/sync-runs/${runId}`)).json();
    expect(summary).toMatchObject({
      runId,
      status: 'completed',
      pages: 5,
      groups: {
        direct: { schemes: 9, succeeded: 9, failed: 0 },
        pensionsync: { schemes: 5, succeeded: 5, failed: 0 },
      },
      failures: [],
    });
  });

  it('counts a page once when its recording step is retried', async () => {
    const state = await startSyncRun('opt-outs', 'retried-record', {}, systemClock);
    const page = {
      ...state,
      listing: {
        direct: { schemeIds: ['a'], done: true },
        pensionsync: { schemeIds: ['b'], after: 'token', done: false },
      },
      results: [
        {
          route: 'direct' as const,
          outcomes: [{ schemeId: 'a', ok: true as const, counts: { received: 2 } }],
        },
        { route: 'pensionsync' as const, outcomes: [{ schemeId: 'b', ok: false as const, error: 'Down' }] },
      ],
    };
    const first = await recordSyncPage(page, systemClock);
    const again = await recordSyncPage(page, systemClock);
    expect(again).toEqual(first);
    expect(first).toMatchObject({ page: 1, next: 'page', cursors: { direct: { done: true } } });
    const summary = await (await fetch(`${runtime.url}/v1/sync-runs/retried-record`)).json();
    expect(summary).toMatchObject({
      pages: 1,
      status: 'running',
      groups: {
        direct: { schemes: 1, succeeded: 1, received: 2 },
        pensionsync: { schemes: 1, failed: 1 },
      },
      failures: [{ schemeId: 'b', route: 'pensionsync', error: 'Down' }],
    });
  });
});
