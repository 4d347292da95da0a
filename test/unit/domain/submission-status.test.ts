import { describe, expect, it } from 'vitest';
import {
  canMoveTo,
  ENDED_WHILE_QUEUED,
  isFinal,
  MARK_SENT,
  SUBMISSION_STATUSES,
  statusesBefore,
} from '#domain/submission-status';

describe('canMoveTo', () => {
  it.each([
    ['received', 'rejected'],
    ['received', 'queued'],
    ['received', 'submitted'],
    ['received', 'error'],
    // An uploaded TPP dry run whose checks pass.
    ['received', 'validated'],
    ['queued', 'submitted'],
    ['queued', 'error'],
    ['queued', 'cancelled'],
    ['submitted', 'accepted'],
    ['submitted', 'processed'],
    ['submitted', 'failed'],
    ['submitted', 'validated'],
    ['submitted', 'error'],
    ['accepted', 'processed'],
    ['accepted', 'error'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(canMoveTo(from, to)).toBe(true);
  });

  it.each([
    ['received', 'accepted'],
    ['received', 'processed'],
    ['queued', 'accepted'],
    ['queued', 'rejected'],
    ['submitted', 'queued'],
    ['submitted', 'rejected'],
    ['accepted', 'failed'],
    ['validated', 'processed'],
    ['accepted', 'submitted'],
    ['processed', 'accepted'],
    ['failed', 'submitted'],
    ['rejected', 'queued'],
    ['error', 'submitted'],
    ['error', 'received'],
    ['received', 'cancelled'],
    ['submitted', 'cancelled'],
    ['cancelled', 'queued'],
  ] as const)('refuses %s → %s', (from, to) => {
    expect(canMoveTo(from, to)).toBe(false);
  });

  it('never allows a status to move to itself', () => {
    for (const status of SUBMISSION_STATUSES) expect(canMoveTo(status, status)).toBe(false);
  });

  it('never leads back to received', () => {
    for (const status of SUBMISSION_STATUSES) expect(canMoveTo(status, 'received')).toBe(false);
  });
});

describe('statusesBefore', () => {
  it.each([
    ['received', []],
    ['rejected', ['received']],
    ['queued', ['received']],
    ['submitted', ['received', 'queued']],
    ['accepted', ['submitted']],
    ['processed', ['submitted', 'accepted']],
    ['failed', ['submitted']],
    ['error', ['received', 'queued', 'submitted', 'accepted']],
    ['cancelled', ['queued']],
  ] as const)('%s is reached from %j', (to, from) => {
    expect(statusesBefore(to)).toEqual(from);
  });

  it('agrees with canMoveTo for every pair', () => {
    for (const to of SUBMISSION_STATUSES) {
      for (const from of SUBMISSION_STATUSES) {
        expect(statusesBefore(to).includes(from)).toBe(canMoveTo(from, to));
      }
    }
  });
});

describe('isFinal', () => {
  it.each(['rejected', 'processed', 'validated', 'failed', 'error', 'cancelled'] as const)(
    '%s is final',
    (status) => {
      expect(isFinal(status)).toBe(true);
    },
  );

  it.each(['received', 'queued', 'submitted', 'accepted'] as const)('%s is not final', (status) => {
    expect(isFinal(status)).toBe(false);
  });

  it('a final status can move nowhere', () => {
    for (const from of SUBMISSION_STATUSES.filter(isFinal)) {
      for (const to of SUBMISSION_STATUSES) expect(canMoveTo(from, to)).toBe(false);
    }
  });

  it('every non-final status can reach error', () => {
    for (const status of SUBMISSION_STATUSES.filter((s) => !isFinal(s))) {
      expect(canMoveTo(status, 'error')).toBe(true);
    }
  });
});

describe('marking as sent outside the gateway', () => {
  it('is a final status only a person reaches, from error or queued, never from the workflow', () => {
    expect(isFinal(MARK_SENT.to)).toBe(true);
    expect(MARK_SENT.from).toEqual(['error', 'queued']);
    expect(statusesBefore(MARK_SENT.to)).toEqual([]);
    expect(ENDED_WHILE_QUEUED).toEqual(['cancelled', 'marked-sent']);
  });
});
