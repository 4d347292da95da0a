/** The lifecycle of a submission, as DESIGN §4 names it. */
export const SUBMISSION_STATUSES = [
  'received',
  'rejected',
  'queued',
  'submitted',
  'accepted',
  'processed',
  /**
   * A dry run through PensionSync: validated by the provider's checks, deliberately not delivered; or an
   * uploaded TPP dry run whose checks all passed.
   */
  'validated',
  'failed',
  'error',
  /** Withdrawn by payroll while it waited in its account's queue (`POST …/cancel`); never sent. */
  'cancelled',
  /**
   * Delivered outside the gateway (`POST …/mark-sent`, with a reason): payroll says the period reached the
   * provider by hand. Not `processed`, which only the provider's own word gives.
   */
  'marked-sent',
] as const;

export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

const NEXT: Record<SubmissionStatus, readonly SubmissionStatus[]> = {
  // A dry run of an uploaded document for TPP direct ends `validated` once its checks pass.
  received: ['rejected', 'queued', 'submitted', 'error', 'validated'],
  queued: ['submitted', 'error', 'cancelled'],
  // A provider may finish between two polls, so submitted can jump straight to an end state.
  submitted: ['accepted', 'processed', 'validated', 'failed', 'error'],
  accepted: ['processed', 'error'],
  rejected: [],
  processed: [],
  validated: [],
  failed: [],
  error: [],
  cancelled: [],
  'marked-sent': [],
};

export function canMoveTo(from: SubmissionStatus, to: SubmissionStatus): boolean {
  return NEXT[from].includes(to);
}

/** The statuses a status can be reached from: the condition of the write that moves a submission there. */
export function statusesBefore(to: SubmissionStatus): SubmissionStatus[] {
  return SUBMISSION_STATUSES.filter((from) => canMoveTo(from, to));
}

export function isFinal(status: SubmissionStatus): boolean {
  return NEXT[status].length === 0;
}

/**
 * Sending again on request (`POST …/retry`): an `error` goes back to `received` and its workflow runs
 * again. Only a person's request makes this move, never the workflow, so it is not in the table above.
 */
export const RESEND = { from: 'error', to: 'received' } as const satisfies {
  from: SubmissionStatus;
  to: SubmissionStatus;
};

/**
 * Marking as sent outside the gateway (`POST …/mark-sent`): from `error` (delivery gave up; the period went
 * by hand) or `queued` (not yet sent, and it will not be). Not from `received`, whose workflow is deciding
 * right now, nor once the provider has it or has answered. A person's move, like RESEND.
 */
export const MARK_SENT = { from: ['error', 'queued'], to: 'marked-sent' } as const satisfies {
  from: readonly SubmissionStatus[];
  to: SubmissionStatus;
};

/** Ends a person may give a queued submission while a wake-up of it is on its way: that execution ends quietly. */
export const ENDED_WHILE_QUEUED: readonly SubmissionStatus[] = ['cancelled', MARK_SENT.to];
