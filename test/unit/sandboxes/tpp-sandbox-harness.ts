import { afterEach, beforeEach, expect } from 'vitest';
import { startTppSandbox, type TppSandbox, type TppSandboxOptions } from '../../../sandboxes/tpp/server.ts';

export const TOKEN = 'sandbox-access-token';
export const JSON_API = 'application/vnd.api+json';

export type Json = Record<string, unknown>;

// The guide's example employee, valid for account 855969's next period.
export function employee(overrides: Json = {}): Json {
  return {
    title: 'Mrs',
    gender: 'F',
    forename: 'Abigail',
    middleName: '',
    surname: 'Williamson',
    dateOfBirth: '1985-01-10',
    niNumber: 'HM302274C',
    uniqueId: '851001',
    address: { line1: '99 Old Edinburgh Road', line2: 'Beedon', line3: 'Newbury', line5: 'RG20 8JR' },
    employmentPeriod: { start: '2004-04-13' },
    workerGroupId: 'UF',
    autoEnrolmentStatus: 'Eligible',
    autoEnrolmentDate: '2017-04-21',
    pensionableEarnings: 1818.06,
    employerContributionAmount: 54.54,
    employeeContributionAmount: 90.9,
    ...overrides,
  };
}

function totalOf(employees: readonly Json[]): number {
  const pence = employees.reduce(
    (sum, e) =>
      sum +
      Math.round(Number(e.employerContributionAmount ?? 0) * 100) +
      Math.round(Number(e.employeeContributionAmount ?? 0) * 100),
    0,
  );
  return pence / 100;
}

// A contributions document for 855969's next period whose total adds up; `attributes` overrides any of that.
export function contributionsBody(employees: Json[] = [employee()], attributes: Json = {}): unknown {
  return {
    data: {
      type: 'contributions',
      attributes: {
        accountId: 855969,
        payReferencePeriod: { start: '2026-11-02', end: '2026-11-08' },
        employees,
        total: totalOf(employees),
        ...attributes,
      },
    },
  };
}

export interface StatusDocument {
  data: { type: string; id: string; attributes: Record<string, unknown> };
  links: Record<string, string>;
}

export interface ErrorItem {
  id: string;
  code: string;
  title: string;
  meta: Record<string, string>;
  links: { about: string };
}

/** A sandbox per test on port 0 with a clock the test moves by hand; closed after the test. */
export function useTppSandbox() {
  let now: Date;
  let sandboxes: TppSandbox[];

  beforeEach(() => {
    now = new Date('2026-11-09T10:00:00.000Z');
    sandboxes = [];
  });

  afterEach(async () => {
    await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
  });

  const harness = {
    now: (): Date => now,

    async start(options: TppSandboxOptions = {}): Promise<TppSandbox> {
      const sandbox = await startTppSandbox({ port: 0, pollDelayMs: 200, now: () => now, ...options });
      sandboxes.push(sandbox);
      return sandbox;
    },

    advance(ms: number): void {
      now = new Date(now.getTime() + ms);
    },

    get(sandbox: TppSandbox, path: string, token = TOKEN): Promise<Response> {
      return fetch(`${sandbox.url}${path}`, {
        headers: { Authorization: `Bearer ${token}`, Accept: JSON_API },
      });
    },

    post(sandbox: TppSandbox, body: string, contentType = JSON_API): Promise<Response> {
      return fetch(`${sandbox.url}/api/v2/contributions`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': contentType, Accept: JSON_API },
        body,
      });
    },

    async submit(sandbox: TppSandbox, body = contributionsBody()): Promise<StatusDocument> {
      const res = await harness.post(sandbox, JSON.stringify(body));
      expect(res.status).toBe(202);
      return (await res.json()) as StatusDocument;
    },

    async poll(sandbox: TppSandbox, id: string): Promise<StatusDocument> {
      const res = await harness.get(sandbox, `/api/v2/contributions/${id}/status`);
      expect(res.status).toBe(200);
      return (await res.json()) as StatusDocument;
    },

    // Polls on time until processed or failed, and returns the stage with the errors of a failure.
    async settle(
      sandbox: TppSandbox,
      body = contributionsBody(),
    ): Promise<{ stage: string; errors: ErrorItem[] }> {
      const { data } = await harness.submit(sandbox, body);
      for (;;) {
        harness.advance(1000);
        const { attributes } = (await harness.poll(sandbox, data.id)).data;
        if (attributes.processed) return { stage: 'processed', errors: [] };
        if (attributes.failed) {
          const res = await harness.get(sandbox, `/api/v2/contributions/${data.id}/errors`);
          return { stage: 'failed', errors: ((await res.json()) as { errors: ErrorItem[] }).errors };
        }
      }
    },
  };
  return harness;
}
