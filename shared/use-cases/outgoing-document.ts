import type { CanonicalSubmission } from '#domain/canonical-submission';
import type { PapdisHeader } from '#formats/papdis-csv';
import { batched } from '#formats/pieces';
import type { StreamedBody } from '#providers/http';
import { getDocumentStream, putDocumentStream } from '#store/document-streams';
import { documentKeys, getDocument } from '#store/documents';
import type { Scheme } from '#store/schemes';

/** The checked canonical document, parsed; its text is let go once parsed. */
export async function readCanonical(submissionId: string): Promise<CanonicalSubmission> {
  const text = await getDocument(documentKeys.canonical(submissionId));
  if (text === undefined) throw new Error(`submission ${submissionId} has no stored document`);
  return JSON.parse(text) as CanonicalSubmission;
}

/**
 * The document to send: written once and kept, so every attempt sends exactly the same bytes, then read
 * back as a stream for the provider. `write` makes it under the key given, when it is not there yet.
 */
export async function outgoingDocument(
  submissionId: string,
  write: (key: string) => Promise<unknown>,
): Promise<{ key: string; body: StreamedBody }> {
  const key = documentKeys.outgoing(submissionId);
  let kept = await getDocumentStream(key);
  if (!kept) {
    await write(key);
    kept = await getDocumentStream(key);
    if (!kept)
      throw new Error(`submission ${submissionId}: the document to send was written but is not there`);
  }
  return { key, body: kept };
}

/** Writes the document rendered from the canonical one, piece by piece: neither is held as one string. */
export function rendered(
  submissionId: string,
  contentType: string,
  render: (canonical: CanonicalSubmission) => Iterable<string>,
): (key: string) => Promise<unknown> {
  return async (key) =>
    putDocumentStream(key, batched(render(await readCanonical(submissionId))), contentType);
}

/** Who a PAPDIS file is for: the scheme's provider and employer, as PensionSync reads them. */
export const papdisHeaderFor = (scheme: Pick<Scheme, 'provider' | 'employerReference'>): PapdisHeader => ({
  providerId: scheme.provider,
  employerId: scheme.employerReference,
});
