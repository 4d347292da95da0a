import { randomBytes } from 'node:crypto';
import { periodAfter } from './dates.ts';
import { defaultSchemeData, type SchemeData } from './sass.ts';

export type ScopeStatus = 'Pending' | 'Authorised' | 'Refused' | 'Revoked';

export interface Scope {
  intermediaryId: string;
  employerId: string;
  destinationId: string;
  status: ScopeStatus;
  /** The authorisation page's token; the page works for as long as the scope exists. */
  token: string;
  scheme: SchemeData;
}

export function scopeKey(intermediaryId: string, employerId: string, destinationId: string): string {
  return JSON.stringify([intermediaryId, employerId, destinationId]);
}

/** Linked schemes, their authorisation state and their scheme data. */
export class ScopeBook {
  private readonly scopes = new Map<string, Scope>();
  private readonly byToken = new Map<string, Scope>();

  constructor(private readonly now: () => Date) {}

  /** The scope, created Pending when it is new; re-linking keeps whatever state it has reached. */
  link(intermediaryId: string, employerId: string, destinationId: string, destinationName: string): Scope {
    const key = scopeKey(intermediaryId, employerId, destinationId);
    const existing = this.scopes.get(key);
    if (existing) return existing;
    const scope: Scope = {
      intermediaryId,
      employerId,
      destinationId,
      status: 'Pending',
      token: randomBytes(24).toString('base64url'),
      scheme: defaultSchemeData(employerId, destinationName, this.now()),
    };
    this.scopes.set(key, scope);
    this.byToken.set(scope.token, scope);
    return scope;
  }

  get(intermediaryId: string, employerId: string, destinationId: string): Scope | undefined {
    return this.scopes.get(scopeKey(intermediaryId, employerId, destinationId));
  }

  byAuthorisationToken(token: string): Scope | undefined {
    return this.byToken.get(token);
  }

  /** For test hooks: the scope, or an error naming what is missing. */
  require(intermediaryId: string, employerId: string, destinationId: string): Scope {
    const scope = this.get(intermediaryId, employerId, destinationId);
    if (!scope) {
      throw new Error(
        `The PensionSync sandbox has no scope for intermediary ${intermediaryId}, employer ${employerId}, destination ${destinationId}`,
      );
    }
    return scope;
  }

  /** A delivery moves the scheme on to the period after the one it expected. */
  advancePeriod(intermediaryId: string, employerId: string, destinationId: string): void {
    const scheme = this.get(intermediaryId, employerId, destinationId)?.scheme;
    if (scheme?.nextPayReferencePeriod) {
      scheme.nextPayReferencePeriod = periodAfter(scheme.nextPayReferencePeriod, scheme.payFrequency);
    }
  }
}
