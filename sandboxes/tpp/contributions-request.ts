import { isObject } from '../common/json.ts';

export type Employee = Record<string, unknown>;

export interface ContributionsRequest {
  accountId: string;
  payReferencePeriod: { start: string; end: string };
  employees: Employee[];
  // Optional on the wire; checked against the contributions only when present.
  total?: unknown;
}

export type ParseResult = { ok: true; request: ContributionsRequest } | { ok: false; problem: string };

// Structural checks only: anything that gets past here is queued and judged later by the validation rules.
export function parseContributionsRequest(body: unknown): ParseResult {
  if (!isObject(body) || !isObject(body.data))
    return { ok: false, problem: 'The document has no data object' };
  const { data } = body;
  if (data.type !== 'contributions') return { ok: false, problem: "data.type must be 'contributions'" };
  if (!isObject(data.attributes)) return { ok: false, problem: 'data.attributes is missing' };
  const { accountId, payReferencePeriod, employees, total } = data.attributes;
  // The guide's own example sends accountId as a number, so both forms are accepted.
  const validAccountId =
    (typeof accountId === 'string' && accountId !== '') ||
    (typeof accountId === 'number' && Number.isInteger(accountId));
  if (!validAccountId) return { ok: false, problem: 'attributes.accountId is missing' };
  if (
    !isObject(payReferencePeriod) ||
    typeof payReferencePeriod.start !== 'string' ||
    typeof payReferencePeriod.end !== 'string'
  ) {
    return { ok: false, problem: 'attributes.payReferencePeriod must have start and end' };
  }
  if (!Array.isArray(employees) || !employees.every(isObject)) {
    return { ok: false, problem: 'attributes.employees must be an array of objects' };
  }
  return {
    ok: true,
    request: {
      accountId: String(accountId),
      payReferencePeriod: { start: payReferencePeriod.start, end: payReferencePeriod.end },
      employees,
      total,
    },
  };
}
