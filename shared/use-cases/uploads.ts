import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { gatewayProblem, HttpProblem, parsedOr400 } from '#http/problems';
import { copyDocument, documentKeys, documentSize, presignedPut } from '#store/documents';
import { claimIdempotencyKey } from '#store/idempotency';
import { getUpload, putUpload, takeUpload, UPLOAD_CONTENT_TYPES, type Upload } from '#store/uploads';
import {
  type AcceptOutcome,
  earlierClaim,
  formatFor,
  requireValidIdempotencyKey,
  storeReceivedAndStart,
} from './accept-submission.ts';
import type { Clock } from './clock.ts';
import { linkedScheme } from './linked-scheme.ts';

/** How long the presigned URL, and the uploadId with it, can be used. */
export const UPLOAD_LIFETIME_SECONDS = 15 * 60;

/**
 * The largest document taken by upload: about 200,000 employees of canonical JSON. The steps that read it
 * are sized for it (infra/stack.ts, DOCUMENT_STEP_MEMORY_MB).
 */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

export const uploadRequest = z.strictObject({ contentType: z.enum(UPLOAD_CONTENT_TYPES) });
export const uploadReference = z.strictObject({
  uploadId: z.string().check(z.minLength(1), z.maxLength(100)),
});

export interface IssuedUpload {
  uploadId: string;
  url: string;
  method: 'PUT';
  /** Headers the PUT must carry: the content type is part of the signature. */
  headers: Record<string, string>;
  expiresAt: string;
  maxBytes: number;
}

/** A presigned PUT for one payroll document, for this scheme only, expiring soon. */
export async function createUpload(schemeId: string, body: unknown, clock: Clock): Promise<IssuedUpload> {
  const { contentType } = parsedOr400(uploadRequest, body);
  const _scheme = await linkedScheme(schemeId);
  const now = clock.now();
  const uploadId = clock.newId();
  const expiresAt = new Date(now.getTime() + UPLOAD_LIFETIME_SECONDS * 1000).toISOString();
  await putUpload({
    uploadId,
    schemeId,
    contentType,
    createdAt: now.toISOString(),
    expiresAt,
    status: 'issued',
  });
  const url = await presignedPut(documentKeys.upload(uploadId), contentType, UPLOAD_LIFETIME_SECONDS);
  return {
    uploadId,
    url,
    method: 'PUT',
    headers: { 'content-type': contentType },
    expiresAt,
    maxBytes: MAX_UPLOAD_BYTES,
  };
}

/** A submission body naming an upload rather than carrying the payroll. */
export function isUploadReference(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && 'uploadId' in body;
}

const uploadProblem = (status: number, title: string, code: string, message: string) =>
  new HttpProblem(status, title, message, [gatewayProblem(code, message, 'uploadId')]);

/**
 * Accepts a submission whose document was uploaded: the upload is checked to exist, be this scheme's,
 * unexpired, unused, PUT and within the size limit, then taken by the new submission in one conditional
 * write. The document's own checks run in the workflow's first step; one that fails them ends `rejected`.
 */
export async function acceptUpload(
  request: { schemeId: string; body: unknown; idempotencyKey?: string; dryRun: boolean },
  clock: Clock,
): Promise<AcceptOutcome & { kind: 'accepted' }> {
  requireValidIdempotencyKey(request.idempotencyKey);
  const { uploadId } = parsedOr400(uploadReference, request.body);
  const scheme = await linkedScheme(request.schemeId);
  const upload = await getUpload(uploadId);
  if (!upload || upload.schemeId !== scheme.schemeId) {
    throw uploadProblem(404, 'Unknown upload', 'upload-not-found', `No upload ${uploadId} for this scheme`);
  }
  const requestHash = createHash('sha256').update(`upload:${uploadId}`).digest('base64url');
  const now = clock.now();

  let submissionId: string | undefined;
  if (request.idempotencyKey) {
    const earlier = await earlierClaim(scheme.schemeId, request.idempotencyKey, requestHash, now);
    if (earlier.replay) return earlier.replay;
    submissionId = earlier.submissionId;
  }
  if (submissionId === undefined || upload.submissionId !== submissionId) {
    await requireUsable(upload, now);
  }
  const replayed = submissionId !== undefined;
  if (submissionId === undefined) {
    submissionId = clock.newId();
    if (request.idempotencyKey) {
      const claimed = await claimIdempotencyKey(
        scheme.schemeId,
        request.idempotencyKey,
        { submissionId, requestHash },
        now,
      );
      if (!claimed) return acceptUpload(request, clock);
    }
  }
  if (!(await takeUpload(uploadId, submissionId, now))) throw alreadyUsed(uploadId);

  const receivedAs = upload.contentType === 'text/csv' ? 'papdis-csv' : 'json';
  await copyDocument(documentKeys.upload(uploadId), documentKeys.received(submissionId));
  const stored = await storeReceivedAndStart(
    {
      submissionId,
      schemeId: scheme.schemeId,
      idempotencyKey: request.idempotencyKey,
      receivedAs,
      uploadId,
      dryRun: request.dryRun,
      ...(scheme.route === 'pensionsync' ? { format: formatFor(scheme, receivedAs) } : {}),
    },
    now,
    clock,
    scheme.route,
  );
  return { kind: 'accepted', submission: stored, replayed, adjustments: [] };
}

const alreadyUsed = (uploadId: string) =>
  uploadProblem(
    409,
    'Upload already used',
    'upload-already-used',
    `Upload ${uploadId} was already submitted; create a new upload for new data`,
  );

async function requireUsable(upload: Upload, now: Date): Promise<void> {
  const { uploadId } = upload;
  if (upload.status === 'used') throw alreadyUsed(uploadId);
  if (upload.expiresAt <= now.toISOString()) {
    throw uploadProblem(
      410,
      'Upload expired',
      'upload-expired',
      `Upload ${uploadId} expired at ${upload.expiresAt}; create a new upload`,
    );
  }
  const size = await documentSize(documentKeys.upload(uploadId));
  if (size === undefined) {
    throw uploadProblem(
      409,
      'Nothing uploaded',
      'upload-missing',
      `Nothing was PUT to the URL of upload ${uploadId}; PUT the document first`,
    );
  }
  if (size > MAX_UPLOAD_BYTES) {
    throw uploadProblem(
      413,
      'Upload too large',
      'upload-too-large',
      `Upload ${uploadId} is ${size} bytes; the largest document taken is ${MAX_UPLOAD_BYTES} bytes`,
    );
  }
}
