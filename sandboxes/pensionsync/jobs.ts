import { createHash, randomUUID } from 'node:crypto';
import type { DocumentKind } from './documents.ts';
import type { JobError } from './validation.ts';

export type JobStatus = 'Received' | 'Validating' | 'Validated' | 'Failed' | 'Delivering' | 'Delivered';

export interface Job {
  jobId: string;
  intermediaryId: string;
  documentId: string;
  destinationId: string;
  employerId: string;
  doNotDeliver: boolean;
  kind: DocumentKind;
  createdAt: Date;
  /** Found on receipt, shown once the job has reached Failed. */
  errors: JobError[];
  /** What makes a resubmission "the same document". */
  fingerprint: string;
  deliveredAt?: Date;
}

type NewJob = Omit<Job, 'jobId' | 'createdAt' | 'fingerprint' | 'deliveredAt'> & { body: string };

type Submitted = { outcome: 'created' | 'repeated'; job: Job } | { outcome: 'conflict'; job: Job };

// Steps after creation: 0 Received, 1 Validating, 2 Validated or Failed, 3 Delivering, 4 Delivered.
const LIFECYCLE: readonly JobStatus[] = ['Received', 'Validating', 'Validated', 'Delivering', 'Delivered'];
const JUDGED = 2;

/**
 * Jobs keyed by id and by (intermediary, documentId). Status follows from the time since creation, so a
 * poll reads it; side effects of delivery happen in `settle`, which every request and inspection runs.
 */
export class JobBook {
  private readonly jobs = new Map<string, Job>();
  private readonly byDocument = new Map<string, Job>();
  /** Jobs still on their way to Delivered. */
  private readonly inFlight = new Set<Job>();

  constructor(
    private readonly now: () => Date,
    private readonly stepMs: number,
    private readonly onDelivered: (job: Job) => void,
  ) {}

  /**
   * A new job, or the existing one for this intermediary's documentId: the same document (kind,
   * destination, doNotDeliver and body alike) repeats it, anything else conflicts.
   */
  submit(input: NewJob): Submitted {
    const { body, ...fields } = input;
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([fields.kind, fields.destinationId, fields.doNotDeliver, body]))
      .digest('hex');
    const documentKey = JSON.stringify([fields.intermediaryId, fields.documentId]);
    const existing = this.byDocument.get(documentKey);
    if (existing) {
      return { outcome: existing.fingerprint === fingerprint ? 'repeated' : 'conflict', job: existing };
    }
    const job: Job = { ...fields, jobId: randomUUID(), createdAt: this.now(), fingerprint };
    this.jobs.set(job.jobId, job);
    this.byDocument.set(documentKey, job);
    if (!job.doNotDeliver && job.errors.length === 0) this.inFlight.add(job);
    return { outcome: 'created', job };
  }

  get(jobId: string): Job | undefined {
    return this.jobs.get(jobId);
  }

  all(): Job[] {
    return [...this.jobs.values()];
  }

  /** How many steps the job has taken, stopped at its last one. */
  private stepsOf(job: Job): number {
    const last = job.errors.length > 0 || job.doNotDeliver ? JUDGED : LIFECYCLE.length - 1;
    const elapsed = this.now().getTime() - job.createdAt.getTime();
    const steps = this.stepMs <= 0 ? last : Math.floor(elapsed / this.stepMs);
    return Math.max(0, Math.min(steps, last));
  }

  status(job: Job): JobStatus {
    const steps = this.stepsOf(job);
    if (steps === JUDGED && job.errors.length > 0) return 'Failed';
    return LIFECYCLE[steps] ?? 'Received';
  }

  /** When the job took its latest step. */
  updatedAt(job: Job): Date {
    return new Date(job.createdAt.getTime() + this.stepsOf(job) * Math.max(0, this.stepMs));
  }

  /** Delivers, once each, the jobs whose time has come. */
  settle(): void {
    for (const job of this.inFlight) {
      if (this.status(job) !== 'Delivered') continue;
      this.inFlight.delete(job);
      job.deliveredAt = this.updatedAt(job);
      this.onDelivered(job);
    }
  }
}
