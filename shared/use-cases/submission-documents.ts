import * as z from 'zod/mini';
import { NotFoundError } from '#http/problems';
import {
  documentContentType,
  documentKeys,
  exchangeNameOf,
  listDocuments,
  presignedGet,
  type StoredObject,
} from '#store/documents';
import { getSubmission } from '#store/submissions';
import type { Clock } from './clock.ts';

/** How long a download link from the audit trail can be used. */
export const AUDIT_LINK_LIFETIME_SECONDS = 5 * 60;

const DOCUMENT_NAMES = ['received', 'canonical', 'sent', 'provider-errors', 'rejection'] as const;

const download = {
  bytes: z.number().check(z.int(), z.nonnegative()),
  contentType: z.string(),
  /** A presigned GET, usable until `linksExpireAt`, without AWS credentials. */
  url: z.url(),
};

export const submissionDocument = z.object({
  /**
   * `received`: the body payroll sent, or the uploaded object; `canonical`: the checked canonical document;
   * `sent`: exactly the bytes sent to the provider (TPP JSON, PASS XML or PAPDIS CSV); `provider-errors`:
   * the provider's errors, normalised; `rejection`: the problems that stopped an uploaded document.
   */
  name: z.enum(DOCUMENT_NAMES),
  storedAt: z.iso.datetime(),
  ...download,
});

export const providerExchange = z.object({
  /** When the request left. */
  at: z.iso.datetime(),
  /** As the submission's history names it, e.g. `post-contributions`, `get-job`, `get-account`. */
  operation: z.string(),
  /** The provider's HTTP status; null when no answer came (timeout, reset). */
  httpStatus: z.nullable(z.number().check(z.int())),
  ...download,
});

export const submissionDocumentsResponse = z.object({
  submissionId: z.string(),
  linksExpireAt: z.iso.datetime(),
  documents: z.array(submissionDocument),
  /** Every request to a provider for this submission and its answer, oldest first. */
  exchanges: z.array(providerExchange),
});

export type SubmissionDocuments = z.infer<typeof submissionDocumentsResponse>;

/**
 * A submission's audit trail: what was received, the canonical document, what was sent and every provider
 * exchange, each with a short-lived download link. Listed, never read: a 55 MB payroll costs one HEAD.
 */
export async function listSubmissionDocuments(
  submissionId: string,
  clock: Clock,
): Promise<SubmissionDocuments> {
  const submission = await getSubmission(submissionId);
  if (!submission) throw new NotFoundError(`No submission ${submissionId}`);
  const linksExpireAt = new Date(clock.now().getTime() + AUDIT_LINK_LIFETIME_SECONDS * 1000).toISOString();
  const link = (key: string, contentType: string) =>
    presignedGet(key, contentType, AUDIT_LINK_LIFETIME_SECONDS);
  const nameOf = new Map<string, (typeof DOCUMENT_NAMES)[number]>([
    [documentKeys.received(submissionId), 'received'],
    [documentKeys.canonical(submissionId), 'canonical'],
    [documentKeys.outgoing(submissionId), 'sent'],
    [documentKeys.providerErrors(submissionId), 'provider-errors'],
    [documentKeys.rejection(submissionId), 'rejection'],
  ]);
  const stored = await listDocuments(documentKeys.submission(submissionId));

  const named = stored.flatMap((object) => {
    const name = nameOf.get(object.key);
    return name ? [{ name, object }] : [];
  });
  const documents = await Promise.all(
    named
      .sort((a, b) => DOCUMENT_NAMES.indexOf(a.name) - DOCUMENT_NAMES.indexOf(b.name))
      .map(async ({ name, object }) => {
        // The type it was stored with: JSON or PAPDIS CSV as received, TPP JSON, PASS XML or CSV as sent.
        const contentType = (await documentContentType(object.key)) ?? 'application/octet-stream';
        return { name, storedAt: object.lastModified, ...(await downloadOf(object, contentType, link)) };
      }),
  );

  const exchanges = await Promise.all(
    stored.flatMap((object) => {
      const exchange = exchangeNameOf(object.key);
      if (!exchange) return [];
      return [
        downloadOf(object, 'application/json', link).then((download) => ({
          at: exchange.at,
          operation: exchange.operation,
          httpStatus: exchange.status ?? null,
          ...download,
        })),
      ];
    }),
  );
  return { submissionId, linksExpireAt, documents, exchanges };
}

async function downloadOf(
  object: StoredObject,
  contentType: string,
  link: (key: string, contentType: string) => Promise<string>,
) {
  return { bytes: object.bytes, contentType, url: await link(object.key, contentType) };
}
