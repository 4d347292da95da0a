import { randomUUID } from 'node:crypto';
import type { ContributionsRequest } from './contributions-request.ts';
import type { ApiError } from './http.ts';

type Stage = 'received' | 'validating' | 'accepted' | 'failed' | 'processed';

// What happens to the account as a request moves on: judged when it leaves validating, applied when processed.
export interface Processing {
  validate(request: ContributionsRequest): ApiError[];
  processed(request: ContributionsRequest): void;
}

export interface Contribution {
  id: string;
  accountId: string;
  body: unknown;
  /** The body exactly as it arrived, for tests that compare bytes. */
  text: string;
  request: ContributionsRequest;
  receivedAt: Date;
  stage: Stage;
  nextPollAfter: Date;
  errors: ApiError[];
  polls: number;
  earlyPolls: number;
}

// The wire format has whole seconds only, so round up: a client honouring it never polls before now + delay.
function pollAfter(now: Date, delayMs: number): Date {
  return new Date(Math.ceil((now.getTime() + delayMs) / 1000) * 1000);
}

function formatInstant(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class ContributionsLedger {
  private readonly byId = new Map<string, Contribution>();

  constructor(
    private readonly now: () => Date,
    private readonly pollDelayMs: number,
    private readonly processing: Processing,
    // TPP works through a request whether or not anyone polls it; without this, only polls move it on.
    private readonly settleUnpolledAfterMs?: number,
  ) {}

  // Requests never polled (their client lost the answer) reach their end once they are old enough.
  settleUnpolled(): void {
    if (this.settleUnpolledAfterMs === undefined) return;
    const cutoff = this.now().getTime() - this.settleUnpolledAfterMs;
    for (const contribution of this.byId.values()) {
      if (contribution.polls > 0 || contribution.receivedAt.getTime() > cutoff) continue;
      while (contribution.stage !== 'processed' && contribution.stage !== 'failed') {
        contribution.stage = this.nextStage(contribution);
      }
    }
  }

  submit(request: ContributionsRequest, body: unknown, text: string): Contribution {
    const receivedAt = this.now();
    const contribution: Contribution = {
      id: randomUUID(),
      accountId: request.accountId,
      body,
      text,
      request,
      receivedAt,
      stage: 'received',
      nextPollAfter: pollAfter(receivedAt, this.pollDelayMs),
      errors: [],
      polls: 0,
      earlyPolls: 0,
    };
    this.byId.set(contribution.id, contribution);
    return contribution;
  }

  get(id: string): Contribution | undefined {
    return this.byId.get(id);
  }

  all(): Contribution[] {
    return [...this.byId.values()];
  }

  // Stages only move on when polled, so a request nobody polls keeps its account busy.
  inFlight(accountId: string): boolean {
    return this.all().some(
      (contribution) =>
        contribution.accountId === accountId &&
        contribution.stage !== 'processed' &&
        contribution.stage !== 'failed',
    );
  }

  // A status poll moves processing on by one stage, but only if the client waited until nextPollAfter.
  poll(id: string): Contribution | undefined {
    const contribution = this.byId.get(id);
    if (!contribution) return undefined;
    const now = this.now();
    contribution.polls += 1;
    if (now.getTime() < contribution.nextPollAfter.getTime()) {
      contribution.earlyPolls += 1;
      return contribution;
    }
    const next = this.nextStage(contribution);
    if (next !== contribution.stage) {
      contribution.stage = next;
      contribution.nextPollAfter = pollAfter(now, this.pollDelayMs);
    }
    return contribution;
  }

  private nextStage(contribution: Contribution): Stage {
    switch (contribution.stage) {
      case 'received':
        return 'validating';
      case 'validating':
        contribution.errors = this.processing.validate(contribution.request);
        return contribution.errors.length > 0 ? 'failed' : 'accepted';
      case 'accepted':
        this.processing.processed(contribution.request);
        return 'processed';
      case 'failed':
      case 'processed':
        return contribution.stage;
    }
  }
}

export function statusUrl(origin: string, id: string): string {
  return `${origin}/api/v2/contributions/${id}/status`;
}

export function statusDocument(contribution: Contribution, origin: string): unknown {
  const { id, stage } = contribution;
  // The flags record which phases have happened, so earlier ones stay true as processing moves on.
  const attributes = {
    received: true,
    validating: stage !== 'received',
    accepted: stage === 'accepted' || stage === 'processed',
    failed: stage === 'failed',
    processed: stage === 'processed',
    nextPollAfter: formatInstant(contribution.nextPollAfter),
  };
  const links: Record<string, string> = { self: statusUrl(origin, id) };
  if (stage === 'failed') links.errors = `${origin}/api/v2/contributions/${id}/errors`;
  return { data: { type: 'contributionsStatus', id, attributes }, links };
}
