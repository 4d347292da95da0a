import { randomBytes, randomUUID } from 'node:crypto';
import { isObject } from '../common/json.ts';

export interface Intermediary {
  intermediaryId: string;
  name: string;
}

interface DashboardLink {
  intermediaryId: string;
  expiresAt: Date;
  used: boolean;
}

type DashboardOpening =
  | { outcome: 'opened'; intermediary: Intermediary }
  | { outcome: 'unknown' }
  | { outcome: 'gone'; reason: string };

const MAX_NAME_LENGTH = 100;

/** The problem with a create-intermediary body, or its name. */
export function readIntermediaryName(body: unknown): { name: string } | { problem: string } {
  if (!isObject(body)) return { problem: 'The body must be a JSON object with a name' };
  const { name } = body;
  if (name === undefined || name === null) return { problem: 'name is required' };
  if (typeof name !== 'string') return { problem: 'name must be a string' };
  if (name.trim() === '') return { problem: 'name must not be blank' };
  if (name.length > MAX_NAME_LENGTH) {
    return { problem: `name must be at most ${MAX_NAME_LENGTH} characters, not ${name.length}` };
  }
  return { name };
}

/** Intermediaries and their one-time, time-limited dashboard links. */
export class IntermediaryBook {
  private readonly intermediaries = new Map<string, Intermediary>();
  private readonly links = new Map<string, DashboardLink>();

  constructor(
    private readonly now: () => Date,
    private readonly linkTtlMs: number,
  ) {}

  create(name: string): Intermediary {
    const intermediary = { intermediaryId: randomUUID(), name };
    this.intermediaries.set(intermediary.intermediaryId, intermediary);
    return intermediary;
  }

  get(intermediaryId: string): Intermediary | undefined {
    return this.intermediaries.get(intermediaryId);
  }

  /** A fresh link token and when it expires; earlier links stay valid until used or expired. */
  issueDashboardLink(intermediaryId: string): { token: string; expiresAt: Date } {
    const token = randomBytes(24).toString('base64url');
    const expiresAt = new Date(this.now().getTime() + this.linkTtlMs);
    this.links.set(token, { intermediaryId, expiresAt, used: false });
    return { token, expiresAt };
  }

  /** Uses the link up: only the first opening before expiry succeeds. */
  openDashboard(token: string): DashboardOpening {
    const link = this.links.get(token);
    const intermediary = link && this.intermediaries.get(link.intermediaryId);
    if (!link || !intermediary) return { outcome: 'unknown' };
    if (link.used) return { outcome: 'gone', reason: 'This dashboard link has already been used.' };
    if (this.now().getTime() >= link.expiresAt.getTime()) {
      return { outcome: 'gone', reason: 'This dashboard link has expired.' };
    }
    link.used = true;
    return { outcome: 'opened', intermediary };
  }
}
