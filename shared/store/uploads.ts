import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, stripKeys, table, tableName } from './table.ts';

export const UPLOAD_CONTENT_TYPES = ['application/json', 'text/csv'] as const;
export type UploadContentType = (typeof UPLOAD_CONTENT_TYPES)[number];

/**
 * A presigned upload of a payroll too large for a request body. `issued` until one submission takes it,
 * then `used` by that submission alone.
 */
export interface Upload {
  uploadId: string;
  schemeId: string;
  contentType: UploadContentType;
  createdAt: string;
  /** The URL and the uploadId both stop working here. */
  expiresAt: string;
  status: 'issued' | 'used';
  submissionId?: string;
}

const key = (uploadId: string) => ({ pk: `UPLOAD#${uploadId}`, sk: 'UPLOAD' });

export async function putUpload(upload: Upload): Promise<void> {
  await table.send(
    new PutCommand({ TableName: tableName(), Item: { ...key(upload.uploadId), type: 'upload', ...upload } }),
  );
}

export async function getUpload(uploadId: string): Promise<Upload | undefined> {
  const { Item } = await table.send(
    new GetCommand({ TableName: tableName(), Key: key(uploadId), ConsistentRead: true }),
  );
  return Item ? stripKeys<Upload>(Item) : undefined;
}

/**
 * Gives the upload to one submission, in one conditional write; true when it is (or already was) this
 * submission's, false when another submission took it first.
 */
export async function takeUpload(uploadId: string, submissionId: string, at: Date): Promise<boolean> {
  try {
    await table.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key(uploadId),
        UpdateExpression: 'SET #status = :used, submissionId = :submission, usedAt = :at',
        ConditionExpression: '#status = :issued OR submissionId = :submission',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':used': 'used',
          ':issued': 'issued',
          ':submission': submissionId,
          ':at': at.toISOString(),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
