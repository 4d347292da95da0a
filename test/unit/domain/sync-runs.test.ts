import { describe, expect, it } from 'vitest';
import { nextStep, tally, zeroCounts } from '#domain/sync-runs';

describe('sync run counts', () => {
  it('start every counter of the kind at zero', () => {
    expect(zeroCounts('scheme-details')).toEqual({
      schemes: 0,
      succeeded: 0,
      failed: 0,
      detailsChanged: 0,
      authorisationChanged: 0,
    });
  });

  it('add successes’ counts of the kind, and count failures without them', () => {
    expect(
      tally('opt-outs', [
        { schemeId: 'a', ok: true, counts: { received: 2, updated: 1, detailsChanged: 5 } },
        { schemeId: 'b', ok: true, counts: { cessationsReceived: 1 } },
        { schemeId: 'c', ok: false, error: 'ProviderUnavailableError: down' },
      ]),
    ).toEqual({
      schemes: 3,
      succeeded: 2,
      failed: 1,
      received: 2,
      updated: 1,
      confirmed: 0,
      cessationsReceived: 1,
    });
  });
});

describe('after a page', () => {
  it('ends when every route is done, else goes on here until the budget is spent', () => {
    expect(nextStep(true, 8, 8)).toBe('done');
    expect(nextStep(false, 7, 8)).toBe('page');
    expect(nextStep(false, 8, 8)).toBe('child');
  });
});
