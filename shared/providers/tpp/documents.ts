import * as z from 'zod/mini';
import type { OptOutRecord } from '#domain/opt-outs';
import type { Problem } from '#domain/problems';
import { onFirstUse, readJsonDocument } from '#providers/read-document';

/**
 * TPP's response documents, read as TPP publishes them (docs/tpp-error-codes.md, "Documents the gateway
 * reads"): unknown fields are kept out, fields TPP marks optional may be absent or null. A document the
 * gateway cannot understand is a ProviderDocumentError naming the fields at fault.
 */

// zod/mini: a step that reads TPP's answers parses nothing else with zod (a fifth of classic zod's bytes).
const contributionsStatus = /* @__PURE__ */ onFirstUse(() =>
  z.object({
    data: z.object({
      id: z.string(),
      attributes: z.object({
        received: z.optional(z.boolean()),
        validating: z.optional(z.boolean()),
        accepted: z.optional(z.boolean()),
        failed: z.optional(z.boolean()),
        processed: z.optional(z.boolean()),
        nextPollAfter: z.optional(z.string()),
      }),
    }),
  }),
);

export type TppProgress = 'pending' | 'accepted' | 'failed' | 'processed';

export interface TppStatus {
  contributionsId: string;
  progress: TppProgress;
  /** TPP's own furthest phase: received, validating, accepted, failed or processed. */
  phase: string;
  nextPollAfter: string | undefined;
}

const PHASES = ['processed', 'failed', 'accepted', 'validating', 'received'] as const;

export function readContributionsStatus(body: string): TppStatus {
  const { data } = readJsonDocument(contributionsStatus, body, 'TPP contributions status');
  const a = data.attributes;
  // processed implies accepted; failed only happens before acceptance.
  const progress: TppProgress = a.processed
    ? 'processed'
    : a.failed
      ? 'failed'
      : a.accepted
        ? 'accepted'
        : 'pending';
  const phase = PHASES.find((name) => a[name]) ?? 'unknown';
  return { contributionsId: data.id, progress, phase, nextPollAfter: a.nextPollAfter };
}

const errorsDocument = /* @__PURE__ */ onFirstUse(() =>
  z.object({
    errors: z.array(
      z.object({
        code: z.optional(z.string()),
        title: z.optional(z.string()),
        detail: z.optional(z.string()),
        meta: z.optional(
          z.object({
            uniqueId: z.nullish(z.string()),
            providedValue: z.optional(z.unknown()),
            expectedValue: z.optional(z.unknown()),
            employeeIndex: z.nullish(z.union([z.string(), z.number()])),
            category: z.nullish(z.string()),
          }),
        ),
        links: z.optional(z.object({ about: z.optional(z.string()) })),
      }),
    ),
  }),
);

/** TPP's errors document as the gateway's problems, keeping every field TPP gives. */
export function readContributionsErrors(body: string): Problem[] {
  return readJsonDocument(errorsDocument, body, 'TPP contributions errors').errors.map((e) => {
    const problem: Problem = {
      code: e.code ?? 'unknown',
      message: e.title ?? e.detail ?? 'TPP gave no message',
      source: 'provider',
    };
    const meta = e.meta;
    if (meta?.uniqueId) problem.uniqueId = meta.uniqueId;
    // TPP sends the index as a string; only a whole number names an employee.
    if (/^\d+$/.test(String(meta?.employeeIndex ?? '').trim())) {
      problem.employeeIndex = Number(String(meta?.employeeIndex).trim());
    }
    if (meta?.providedValue != null && meta.providedValue !== '')
      problem.providedValue = String(meta.providedValue);
    if (meta?.expectedValue != null && meta.expectedValue !== '')
      problem.expectedValue = String(meta.expectedValue);
    if (meta?.category) problem.category = meta.category;
    if (e.links?.about) problem.about = e.links.about;
    return problem;
  });
}

const period = /* @__PURE__ */ onFirstUse(() => z.object({ start: z.string(), end: z.string() }));

const account = /* @__PURE__ */ onFirstUse(() =>
  z.object({
    data: z.object({
      id: z.string(),
      attributes: z.looseObject({
        accountName: z.optional(z.string()),
        companyName: z.optional(z.string()),
        stagingDate: z.optional(z.string()),
        prpFrequency: z.optional(z.string()),
        payrollFrequency: z.optional(z.string()),
        taxBasis: z.optional(z.string()),
        nextPayReferencePeriod: z.optional(period()),
        workerGroups: z.optional(
          z.array(
            z.looseObject({
              id: z.string(),
              description: z.nullish(z.string()),
              // TPP-hub /fields/worker-group-effective/: start and end are both optional, both inclusive;
              // no start = effective on every date up to end; no effective = effective on all dates.
              effective: z.nullish(z.object({ start: z.nullish(z.string()), end: z.nullish(z.string()) })),
              earningsBasis: z.nullish(z.string()),
            }),
          ),
        ),
      }),
    }),
  }),
);

/** TPP account information, kept in TPP's own field names: these are the gateway's scheme details. */
export function readAccount(body: string): Record<string, unknown> {
  const { data } = readJsonDocument(account, body, 'TPP account');
  return { accountId: data.id, ...data.attributes };
}

const accountList = /* @__PURE__ */ onFirstUse(() =>
  z.object({
    data: z.array(
      z.object({
        id: z.string(),
        attributes: z.looseObject({
          accountName: z.optional(z.string()),
          api: z.optional(z.object({ isSupported: z.optional(z.boolean()), reason: z.nullish(z.string()) })),
        }),
      }),
    ),
  }),
);

export interface AccountSummary {
  accountId: string;
  accountName?: string;
  apiSupported: boolean;
  reason?: string;
}

/** TPP's `GET /accounts`: every admin account the grant reaches. */
export function readAccountList(body: string): AccountSummary[] {
  return readJsonDocument(accountList, body, 'TPP account list').data.map(({ id, attributes }) => ({
    accountId: id,
    accountName: attributes.accountName,
    apiSupported: attributes.api?.isSupported ?? false,
    ...(attributes.api?.reason ? { reason: attributes.api.reason } : {}),
  }));
}

const money = /* @__PURE__ */ onFirstUse(() => z.nullish(z.union([z.number(), z.string()])));

const optOuts = /* @__PURE__ */ onFirstUse(() =>
  z.object({
    data: z.object({
      attributes: z.object({
        optOuts: z.array(
          z.looseObject({
            uniqueId: z.string(),
            forename: z.nullish(z.string()),
            surname: z.nullish(z.string()),
            niNumber: z.nullish(z.string()),
            optOutDate: z.string(),
            optOutChannel: z.nullish(z.string()),
            refundStatus: z.nullish(z.string()),
            entitledToRefund: z.nullish(z.string()),
            employeeRefund: money(),
            employerRefund: money(),
          }),
        ),
      }),
    }),
  }),
);

/** TPP's opt-outs document; an empty body (204) means none. */
export function readOptOuts(status: number, body: string): OptOutRecord[] {
  if (status === 204 || body.trim() === '') return [];
  return readJsonDocument(optOuts, body, 'TPP opt-outs').data.attributes.optOuts.map((o) => ({
    uniqueId: o.uniqueId,
    ...(o.niNumber ? { niNumber: o.niNumber } : {}),
    ...(o.forename ? { forename: o.forename } : {}),
    ...(o.surname ? { surname: o.surname } : {}),
    optOutDate: o.optOutDate,
    ...(o.optOutChannel ? { channel: o.optOutChannel } : {}),
    ...(o.refundStatus ? { refundStatus: o.refundStatus } : {}),
    ...(o.entitledToRefund ? { entitledToRefund: o.entitledToRefund } : {}),
    employeeRefundPence: Math.round(Number(o.employeeRefund ?? 0) * 100),
    employerRefundPence: Math.round(Number(o.employerRefund ?? 0) * 100),
  }));
}
