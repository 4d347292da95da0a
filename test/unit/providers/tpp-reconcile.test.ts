import { describe, expect, it } from 'vitest';
import { ProviderRejectedError, ProviderUnavailableError } from '#providers/errors';
import { isInFlightRefusal, reconcileContributions } from '#providers/tpp/reconcile';

const period = { start: '2026-11-09', end: '2026-11-15' };

describe('reconcileContributions: what an unanswered contributions POST did', () => {
  it('TPP moved past the period: it processed the request, so nothing is sent again', () => {
    expect(reconcileContributions({ period, expectedStart: '2026-11-16' })).toMatchObject({
      verdict: 'processed',
      evidence: expect.stringContaining('2026-11-16'),
    });
  });

  it('TPP still expects the period: not arrived, failed or in flight, so it is sent (TPP refuses it while in flight)', () => {
    expect(reconcileContributions({ period, expectedStart: '2026-11-09' }).verdict).toBe('send');
    expect(reconcileContributions({ period, expectedStart: undefined }).verdict).toBe('send');
  });

  it('TPP expects an earlier period: neither sending nor ending is safe, a person looks', () => {
    expect(reconcileContributions({ period, expectedStart: '2026-11-02' }).verdict).toBe('unexpected');
  });
});

describe('isInFlightRefusal', () => {
  it('reads any 409 as "another request is in flight", nothing else', () => {
    expect(isInFlightRefusal(new ProviderRejectedError('busy', 409, '{"errors":[{"code":"H/Q01"}]}'))).toBe(
      true,
    );
    expect(isInFlightRefusal(new ProviderRejectedError('bad', 400, '{}'))).toBe(false);
    expect(isInFlightRefusal(new ProviderUnavailableError('down'))).toBe(false);
  });
});
