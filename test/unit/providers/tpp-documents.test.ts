import { describe, expect, it } from 'vitest';
import { ProviderDocumentError } from '#providers/errors';
import {
  readAccount,
  readAccountList,
  readContributionsErrors,
  readContributionsStatus,
  readOptOuts,
} from '#providers/tpp/documents';
import { refusal } from '../../support/provider-documents.ts';

function statusBody(attributes: Record<string, unknown>, id = 'c0ffee-1'): string {
  return JSON.stringify({
    data: { type: 'contributions', id, attributes, links: { self: `/api/v2/contributions/${id}` } },
  });
}

describe('readContributionsStatus', () => {
  it('is pending and received when TPP has only received the contributions', () => {
    const status = readContributionsStatus(
      statusBody({
        received: true,
        validating: false,
        accepted: false,
        failed: false,
        processed: false,
        nextPollAfter: '2026-11-08T12:00:05Z',
      }),
    );
    expect(status).toEqual({
      contributionsId: 'c0ffee-1',
      progress: 'pending',
      phase: 'received',
      nextPollAfter: '2026-11-08T12:00:05Z',
    });
  });

  it('is pending while TPP is validating', () => {
    const status = readContributionsStatus(
      statusBody({ received: true, validating: true, accepted: false, failed: false, processed: false }),
    );
    expect(status).toMatchObject({ progress: 'pending', phase: 'validating' });
  });

  it('is accepted once TPP accepts', () => {
    const status = readContributionsStatus(
      statusBody({ received: true, validating: true, accepted: true, failed: false, processed: false }),
    );
    expect(status).toMatchObject({ progress: 'accepted', phase: 'accepted' });
  });

  it('is failed when validation fails', () => {
    const status = readContributionsStatus(
      statusBody({ received: true, validating: true, accepted: false, failed: true, processed: false }),
    );
    expect(status).toMatchObject({ progress: 'failed', phase: 'failed' });
  });

  it('is processed when processed, accepted being true as well', () => {
    const status = readContributionsStatus(
      statusBody({ received: true, validating: true, accepted: true, failed: false, processed: true }),
    );
    expect(status).toMatchObject({ progress: 'processed', phase: 'processed' });
  });

  it('tolerates missing flags and a missing nextPollAfter', () => {
    expect(readContributionsStatus(statusBody({ received: true }))).toEqual({
      contributionsId: 'c0ffee-1',
      progress: 'pending',
      phase: 'received',
      nextPollAfter: undefined,
    });
    expect(readContributionsStatus(statusBody({}))).toMatchObject({ progress: 'pending', phase: 'unknown' });
    expect(readContributionsStatus(statusBody({ accepted: true }))).toMatchObject({
      progress: 'accepted',
      phase: 'accepted',
    });
  });

  it('ignores fields it does not know', () => {
    const status = readContributionsStatus(statusBody({ received: true, somethingNew: 42 }));
    expect(status).not.toHaveProperty('somethingNew');
  });

  it('refuses a document without an id or attributes', () => {
    expect(() => readContributionsStatus(JSON.stringify({ data: { attributes: {} } }))).toThrow();
    expect(() => readContributionsStatus(JSON.stringify({ data: { id: 'x' } }))).toThrow();
    expect(() => readContributionsStatus('not json')).toThrow();
  });
});

// The example errors document from TPP's API guide.
const guideErrors = {
  errors: [
    {
      id: '7b5e9f3c-35a1-4b43-9c1a-5e0f7a2b8d11',
      code: 'D/B03',
      title: 'The provided gender indicates Female; however provided title indicates Male',
      meta: {
        uniqueId: '220568',
        providedValue: 'F',
        expectedValue: '',
        employeeIndex: '4',
        category: 'DetailsRecord',
      },
      links: { about: 'https://developer.peoplespartnership.co.uk/errors/d-b03/' },
    },
  ],
};

describe('readContributionsErrors', () => {
  it("reads the guide's example as a provider problem", () => {
    expect(readContributionsErrors(JSON.stringify(guideErrors))).toEqual([
      {
        code: 'D/B03',
        message: 'The provided gender indicates Female; however provided title indicates Male',
        uniqueId: '220568',
        employeeIndex: 4,
        providedValue: 'F',
        category: 'DetailsRecord',
        about: 'https://developer.peoplespartnership.co.uk/errors/d-b03/',
        source: 'provider',
      },
    ]);
  });

  it('turns the string employeeIndex into a number', () => {
    const [problem] = readContributionsErrors(JSON.stringify(guideErrors));
    expect(problem?.employeeIndex).toBe(4);
    expect(typeof problem?.employeeIndex).toBe('number');
  });

  it('omits an empty expectedValue and keeps a given one', () => {
    const [withoutExpected] = readContributionsErrors(JSON.stringify(guideErrors));
    expect(withoutExpected).not.toHaveProperty('expectedValue');

    const [withExpected] = readContributionsErrors(
      JSON.stringify({
        errors: [{ code: 'D/X01', title: 't', meta: { expectedValue: 'M', providedValue: 'F' } }],
      }),
    );
    expect(withExpected).toMatchObject({ expectedValue: 'M', providedValue: 'F' });
  });

  it('tolerates an error without meta or links', () => {
    expect(
      readContributionsErrors(JSON.stringify({ errors: [{ code: 'G/001', title: 'Bad request' }] })),
    ).toEqual([{ code: 'G/001', message: 'Bad request', source: 'provider' }]);
  });

  it('falls back to detail, then a default message, and to an unknown code', () => {
    const problems = readContributionsErrors(
      JSON.stringify({ errors: [{ code: 'A', detail: 'from detail' }, {}] }),
    );
    expect(problems).toEqual([
      { code: 'A', message: 'from detail', source: 'provider' },
      { code: 'unknown', message: 'TPP gave no message', source: 'provider' },
    ]);
  });

  it('accepts a numeric employeeIndex and ignores one that is not a whole number', () => {
    const problems = readContributionsErrors(
      JSON.stringify({
        errors: [
          { code: 'a', meta: { employeeIndex: 0 } },
          { code: 'b', meta: { employeeIndex: '' } },
          { code: 'c', meta: { employeeIndex: 'first' } },
          { code: 'd', meta: { employeeIndex: '1.5' } },
          { code: 'e', meta: { employeeIndex: '12' } },
        ],
      }),
    );
    expect(problems.map((p) => p.employeeIndex)).toEqual([0, undefined, undefined, undefined, 12]);
    expect(problems[1]).not.toHaveProperty('employeeIndex');
  });

  it('gives non-string provided values as strings', () => {
    const [problem] = readContributionsErrors(
      JSON.stringify({ errors: [{ code: 'D/C01', title: 't', meta: { providedValue: 1818.06 } }] }),
    );
    expect(problem?.providedValue).toBe('1818.06');
  });

  it('keeps every error, in order', () => {
    const second = { ...guideErrors.errors[0], code: 'D/B04', meta: { employeeIndex: '7', uniqueId: '9' } };
    const problems = readContributionsErrors(JSON.stringify({ errors: [guideErrors.errors[0], second] }));
    expect(problems.map((p) => [p.code, p.employeeIndex, p.uniqueId])).toEqual([
      ['D/B03', 4, '220568'],
      ['D/B04', 7, '9'],
    ]);
  });

  it('reads an empty errors list as no problems', () => {
    expect(readContributionsErrors(JSON.stringify({ errors: [] }))).toEqual([]);
  });
});

describe('readAccount', () => {
  const accountDocument = {
    data: {
      type: 'accounts',
      id: '120001',
      attributes: {
        accountName: 'Acme Payroll',
        companyName: 'Acme Widgets Ltd',
        stagingDate: '2014-04-01',
        prpFrequency: 'Weekly',
        payrollFrequency: 'Weekly',
        taxBasis: 'TaxWeek',
        nextPayReferencePeriod: { start: '2026-11-09', end: '2026-11-15' },
        workerGroups: [
          {
            id: 'UF',
            description: 'Everyone',
            effective: { start: '2014-04-01', end: null },
            earningsBasis: 'QualifyingEarnings',
            contributionRates: { employer: 3, employee: 5 },
          },
        ],
        futureField: 'kept',
      },
    },
  };

  it("keeps TPP's own field names and puts the id in accountId", () => {
    expect(readAccount(JSON.stringify(accountDocument))).toEqual({
      accountId: '120001',
      ...accountDocument.data.attributes,
    });
  });

  it('tolerates missing optional attributes', () => {
    expect(readAccount(JSON.stringify({ data: { id: '7', attributes: {} } }))).toEqual({ accountId: '7' });
  });

  it('refuses an account without an id', () => {
    expect(() => readAccount(JSON.stringify({ data: { attributes: {} } }))).toThrow();
  });

  // Worker groups in every shape TPP publishes (wire-evidence.md §2.1 T6 and §4.1; TPP-hub ?p=412 and
  // /fields/worker-group-effective/): start only, start and end, no start, effective null, effective absent.
  const publishedGroups = [
    {
      id: 'S',
      description: 'Staff',
      effective: { start: '2014-04-01' },
      earningsBasis: 'Qualifying Earnings',
      employeeContributionAmount: 0,
      employeeContributionPercent: 1.5,
      employerContributionAmount: 0,
      employerContributionPercent: 1.5,
    },
    { id: 'Y2014', effective: { start: '2014-01-01', end: '2014-12-31' } },
    { id: 'OLD', effective: { end: '2019-04-05' } },
    { id: 'ALL', effective: null },
    { id: 'ANY' },
    { id: 'NULLS', effective: { start: null, end: null }, description: null, earningsBasis: null },
  ];

  it('reads worker groups in every published shape, as TPP sent them', () => {
    const body = JSON.stringify({ data: { id: '9', attributes: { workerGroups: publishedGroups } } });
    expect(readAccount(body)).toEqual({ accountId: '9', workerGroups: publishedGroups });
  });

  it('refuses what cannot be understood with a ProviderDocumentError naming the field', () => {
    const body = JSON.stringify({
      data: { id: '9', attributes: { workerGroups: [{ id: 'S', effective: { start: 20140401 } }] } },
    });
    const error = (() => {
      try {
        readAccount(body);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ProviderDocumentError);
    expect((error as ProviderDocumentError).fields).toEqual([
      'data.attributes.workerGroups.0.effective.start',
    ]);
    expect((error as Error).message).toContain('Unexpected TPP account');
    expect(() => readAccount('<html>')).toThrow(ProviderDocumentError);
  });
});

describe('readContributionsErrors with sparse meta', () => {
  it('names no employee for a blank index and tolerates nulls', () => {
    const body = JSON.stringify({
      errors: [
        { code: 'H/D03', title: 'period', meta: { employeeIndex: ' ', uniqueId: null, providedValue: null } },
      ],
    });
    expect(readContributionsErrors(body)).toEqual([{ code: 'H/D03', message: 'period', source: 'provider' }]);
  });
});

describe("refusals in zod's English words", () => {
  // Read with zod/mini, which sets no messages of its own: these are word for word what classic zod said.

  it('names each field at fault and what was wrong with it, for every TPP document', () => {
    expect(
      refusal(() =>
        readContributionsStatus(JSON.stringify({ data: { id: 7, attributes: { accepted: 'yes' } } })),
      ),
    ).toEqual({
      message:
        'Unexpected TPP contributions status: data.id: Invalid input: expected string, received number; data.attributes.accepted: Invalid input: expected boolean, received string',
      fields: ['data.id', 'data.attributes.accepted'],
    });
    expect(
      refusal(() =>
        readContributionsErrors(
          JSON.stringify({ errors: [{ meta: { employeeIndex: true } }, { links: [] }] }),
        ),
      ),
    ).toEqual({
      message:
        'Unexpected TPP contributions errors: errors.0.meta.employeeIndex: Invalid input; errors.1.links: Invalid input: expected object, received array',
      fields: ['errors.0.meta.employeeIndex', 'errors.1.links'],
    });
    expect(
      refusal(() =>
        readAccountList(JSON.stringify({ data: [{ id: 'a', attributes: { api: { isSupported: 'no' } } }] })),
      ),
    ).toEqual({
      message:
        'Unexpected TPP account list: data.0.attributes.api.isSupported: Invalid input: expected boolean, received string',
      fields: ['data.0.attributes.api.isSupported'],
    });
    expect(
      refusal(() =>
        readOptOuts(
          200,
          JSON.stringify({ data: { attributes: { optOuts: [{ uniqueId: 'u', employeeRefund: {} }] } } }),
        ),
      ),
    ).toEqual({
      message:
        'Unexpected TPP opt-outs: data.attributes.optOuts.0.optOutDate: Invalid input: expected string, received undefined; data.attributes.optOuts.0.employeeRefund: Invalid input',
      fields: ['data.attributes.optOuts.0.optOutDate', 'data.attributes.optOuts.0.employeeRefund'],
    });
  });
});
