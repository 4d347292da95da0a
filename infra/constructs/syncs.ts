import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { Access } from './access.ts';
import type { GatewayFunction } from './gateway-function.ts';
import { WorkflowSchedules } from './schedules.ts';
import { SchemeSweepWorkflow } from './scheme-sweep-workflow.ts';

/** How often the scheduled syncs run, in minutes (CDK context `optOutSyncRate`, `schemeSyncRate`). */
export interface SyncRates {
  optOutSyncRate: number;
  schemeSyncRate: number;
}

const DEFAULT_SYNC_RATES: SyncRates = { optOutSyncRate: 60, schemeSyncRate: 1440 };

/** A rate as context or the environment gives it (text or a number): whole minutes, at least one. */
export function syncRateMinutes(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const minutes = Number(value);
  if (!Number.isInteger(minutes) || minutes < 1)
    throw new Error(`${name} must be whole minutes, not ${value}`);
  return minutes;
}

/** Makes a function with its grants, as the stack does for every operation. */
export type Operation = (id: string, entry: string, description: string, access: Access[]) => GatewayFunction;

export interface ScheduledSyncsProps {
  operation: Operation;
  rates?: Partial<SyncRates>;
  /** Named, so the step that hands a run on can be granted them without a reference (a cycle). */
  workflowNames: { optOuts: string; schemes: string };
  /** What a function that syncs one scheme, on either route, may touch. */
  schemeSyncAccess: Access[];
}

/** Per route: TPP's API and PensionSync's each see at most this many of a run's calls at once. */
const MAX_CONCURRENCY = { direct: 5, pensionsync: 5 };

/**
 * The opt-out sync (hourly by default) and the scheme sync (daily): two workflows sharing their run's
 * steps, each started by a schedule.
 */
export class ScheduledSyncs extends Construct {
  readonly optOutSync: SchemeSweepWorkflow;
  readonly schemeSync: SchemeSweepWorkflow;

  constructor(scope: Construct, id: string, props: ScheduledSyncsProps) {
    super(scope, id);
    const { operation } = props;
    const optOutSyncRate = props.rates?.optOutSyncRate ?? DEFAULT_SYNC_RATES.optOutSyncRate;
    const schemeSyncRate = props.rates?.schemeSyncRate ?? DEFAULT_SYNC_RATES.schemeSyncRate;
    const run = {
      startRun: operation(
        'StartSyncRun',
        'functions/workflow/start-sync-run.ts',
        'Sync: start a run, or take up one handed over',
        ['state:write'],
      ),
      listPage: operation(
        'ListSyncPage',
        'functions/workflow/list-sync-page.ts',
        'Sync: one page of scheme ids per route',
        ['state:read'],
      ),
      recordPage: operation(
        'RecordSyncPage',
        'functions/workflow/record-sync-page.ts',
        'Sync: add a page’s outcomes to the run’s summary',
        ['state:write'],
      ),
      handOver: operation(
        'HandOverSyncRun',
        'functions/workflow/hand-over-sync-run.ts',
        'Sync: go on with the run in a new execution',
        ['sync-workflows:start'],
      ),
    };
    this.optOutSync = new SchemeSweepWorkflow(this, 'OptOutSyncWorkflow', {
      name: props.workflowNames.optOuts,
      kind: 'opt-outs',
      maxConcurrency: MAX_CONCURRENCY,
      steps: {
        ...run,
        syncScheme: operation(
          'SyncSchemeOptOuts',
          'functions/workflow/sync-scheme-opt-outs.ts',
          'Sync: one scheme’s opt-outs (TPP) or worker instructions (PensionSync)',
          props.schemeSyncAccess,
        ),
      },
    });
    this.schemeSync = new SchemeSweepWorkflow(this, 'SchemeSyncWorkflow', {
      name: props.workflowNames.schemes,
      kind: 'scheme-details',
      maxConcurrency: MAX_CONCURRENCY,
      steps: {
        ...run,
        syncScheme: operation(
          'SyncSchemeDetails',
          'functions/workflow/sync-scheme-details.ts',
          'Sync: one scheme’s authorisation (PensionSync) and details',
          props.schemeSyncAccess,
        ),
      },
    });
    new WorkflowSchedules(this, 'Schedules', [
      {
        id: 'OptOutSync',
        description: 'Pulls opt-outs, refund changes and cessations for every authorised scheme',
        workflow: this.optOutSync.stateMachine,
        every: Duration.minutes(optOutSyncRate),
      },
      {
        id: 'SchemeSync',
        description: 'Re-reads every scheme’s details, and PensionSync links’ authorisation',
        workflow: this.schemeSync.stateMachine,
        every: Duration.minutes(schemeSyncRate),
      },
    ]);
  }
}
