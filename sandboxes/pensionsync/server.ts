import { listen } from '../common/server.ts';
import { DEFAULT_DESTINATIONS, type PensionSyncDestination } from './destinations.ts';
import type { DocumentKind } from './documents.ts';
import { IntermediaryBook } from './intermediaries.ts';
import { JobBook, type JobStatus } from './jobs.ts';
import type { VerifyFailure } from './oauth1-verifier.ts';
import { createRequestListener } from './routes.ts';
import type { SchemeData } from './sass.ts';
import { ScopeBook, type ScopeStatus } from './scopes.ts';
import { RequestVerifier } from './signing.ts';
import {
  type NewWorkerInstruction,
  type WorkerInstruction,
  WorkerInstructionBook,
} from './worker-instructions.ts';

export type { DestinationMethod, PensionSyncDestination } from './destinations.ts';
export type { JobStatus } from './jobs.ts';
export type { VerifyFailure } from './oauth1-verifier.ts';
export type { SchemeData, SchemeGroup, TaxReliefType } from './sass.ts';
export type { NewWorkerInstruction, WorkerInstruction } from './worker-instructions.ts';

export interface PensionSyncSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Consumer key to consumer secret. */
  consumers?: Record<string, string>;
  now?: () => Date;
  /** How long a job stays in each status, counted from its creation. */
  jobStepMs?: number;
  dashboardLinkTtlMs?: number;
  /** Replaces the six providers of the integration guide, each with every method. */
  destinations?: PensionSyncDestination[];
  /** Largest accepted distance between oauth_timestamp and the sandbox's clock. */
  maxSkewSeconds?: number;
}

export interface SandboxJob {
  id: string;
  intermediaryId: string;
  documentId: string;
  destinationId: string;
  employerId: string;
  doNotDeliver: boolean;
  status: JobStatus;
  kind: DocumentKind;
  /** Errors found on receipt; the API shows them once the job has reached Failed. */
  errorCount: number;
  createdAt: string;
}

export interface SandboxDelivery {
  id: string;
  intermediaryId: string;
  documentId: string;
  destinationId: string;
  employerId: string;
  kind: DocumentKind;
  deliveredAt: string;
}

export interface PensionSyncSandbox {
  url: string;
  close(): Promise<void>;
  approveScope(intermediaryId: string, employerId: string, destinationId: string): void;
  refuseScope(intermediaryId: string, employerId: string, destinationId: string): void;
  /** The employer withdraws authorisation at the provider. */
  revokeScope(intermediaryId: string, employerId: string, destinationId: string): void;
  jobs(): SandboxJob[];
  /** Jobs that reached Delivered, in delivery order; each job appears once. */
  deliveries(): SandboxDelivery[];
  /** Verified /api calls, of paths starting with the prefix or of all. */
  requests(pathPrefix?: string): number;
  /** Why each refused /api call was refused, in order. */
  rejectedAuth(): VerifyFailure[];
  /** Answers the instruction's id (generated unless given). */
  addWorkerInstruction(
    intermediaryId: string,
    destinationId: string,
    employerId: string,
    instruction: NewWorkerInstruction,
  ): string;
  updateWorkerInstruction(
    instructionId: string,
    changes: Partial<Omit<WorkerInstruction, 'instructionId'>>,
  ): void;
  /** Replaces the named fields of the scope's scheme data; a field set to undefined is left out of SASS. */
  setSchemeData(
    intermediaryId: string,
    destinationId: string,
    employerId: string,
    partial: Partial<SchemeData>,
  ): void;
}

export const DEFAULT_CONSUMERS: Readonly<Record<string, string>> = {
  'sandbox-consumer-key': 'sandbox-consumer-secret',
};

export async function startPensionSyncSandbox(
  options: PensionSyncSandboxOptions = {},
): Promise<PensionSyncSandbox> {
  const now = options.now ?? (() => new Date());
  const destinations = new Map(
    structuredClone(options.destinations ?? DEFAULT_DESTINATIONS).map((d) => [d.destinationId, d]),
  );
  const intermediaries = new IntermediaryBook(now, options.dashboardLinkTtlMs ?? 5 * 60_000);
  const scopes = new ScopeBook(now);
  const instructions = new WorkerInstructionBook();
  const delivered: SandboxDelivery[] = [];
  const jobs = new JobBook(now, options.jobStepMs ?? 1000, (job) => {
    scopes.advancePeriod(job.intermediaryId, job.employerId, job.destinationId);
    delivered.push({
      id: job.jobId,
      intermediaryId: job.intermediaryId,
      documentId: job.documentId,
      destinationId: job.destinationId,
      employerId: job.employerId,
      kind: job.kind,
      deliveredAt: (job.deliveredAt ?? now()).toISOString(),
    });
  });
  const verifier = new RequestVerifier({
    consumers: options.consumers ?? DEFAULT_CONSUMERS,
    now,
    maxSkewSeconds: options.maxSkewSeconds ?? 300,
  });
  let url = '';
  const server = await listen(
    createRequestListener({
      destinations,
      intermediaries,
      scopes,
      jobs,
      instructions,
      verifier,
      fallbackOrigin: () => url,
    }),
    options.port,
  );
  url = server.url;

  const setStatus =
    (status: ScopeStatus) =>
    (intermediaryId: string, employerId: string, destinationId: string): void => {
      scopes.require(intermediaryId, employerId, destinationId).status = status;
    };

  return {
    url,
    close: server.close,
    approveScope: setStatus('Authorised'),
    refuseScope: setStatus('Refused'),
    revokeScope: setStatus('Revoked'),
    jobs: () => {
      jobs.settle();
      return jobs.all().map((job) => ({
        id: job.jobId,
        intermediaryId: job.intermediaryId,
        documentId: job.documentId,
        destinationId: job.destinationId,
        employerId: job.employerId,
        doNotDeliver: job.doNotDeliver,
        status: jobs.status(job),
        kind: job.kind,
        errorCount: job.errors.length,
        createdAt: job.createdAt.toISOString(),
      }));
    },
    deliveries: () => {
      jobs.settle();
      return delivered.map((delivery) => ({ ...delivery }));
    },
    requests: (pathPrefix) => verifier.requests(pathPrefix),
    rejectedAuth: () => verifier.rejected(),
    addWorkerInstruction: (intermediaryId, destinationId, employerId, instruction) => {
      scopes.require(intermediaryId, employerId, destinationId);
      return instructions.add(intermediaryId, employerId, destinationId, structuredClone(instruction));
    },
    updateWorkerInstruction: (instructionId, changes) => instructions.update(instructionId, changes),
    setSchemeData: (intermediaryId, destinationId, employerId, partial) => {
      const scope = scopes.require(intermediaryId, employerId, destinationId);
      scope.scheme = { ...scope.scheme, ...structuredClone(partial) };
    },
  };
}
