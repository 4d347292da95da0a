import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { SUBMISSIONS_PREFIX } from '#store/documents';
import { TTL_ATTRIBUTE } from '#store/table';

/**
 * How long a submission's audit trail (what was received, the canonical document, what was sent, every
 * provider exchange) is kept: The Pensions Regulator requires employers to keep automatic enrolment records
 * for at least six years (opt-out notices four), docs/audit-trail.md. Six years (2,192 days, leap days
 * included) and a month's margin; then S3 deletes it.
 */
export const AUDIT_RETENTION_DAYS = 2_192 + 31;

/** State in DynamoDB, documents and the audit trail in S3. Both keep their data when the stack goes. */
export class Storage extends Construct {
  readonly table: Table;
  readonly documents: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'State', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
      // OAuth states, leases and idempotency claims carry it; DynamoDB deletes them once it has passed.
      timeToLiveAttribute: TTL_ATTRIBUTE,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: 'byScheme',
      partitionKey: { name: 'gsi1pk', type: AttributeType.STRING },
      sortKey: { name: 'gsi1sk', type: AttributeType.STRING },
    });
    // Sparse: only items whose outbox holds unpublished events (shared/store/outbox.ts).
    this.table.addGlobalSecondaryIndex({
      indexName: 'byOutbox',
      partitionKey: { name: 'outboxDue', type: AttributeType.STRING },
      sortKey: { name: 'outboxDueAt', type: AttributeType.STRING },
      projectionType: ProjectionType.KEYS_ONLY,
    });

    const accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(400) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.documents = new Bucket(this, 'Documents', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'documents/',
      // An upload is copied to its submission when submitted; what is left under uploads/ is never read again.
      lifecycleRules: [
        {
          id: 'AuditRetention',
          prefix: SUBMISSIONS_PREFIX,
          expiration: Duration.days(AUDIT_RETENTION_DAYS),
          // Versions left behind once the retention ends (or by a person's delete) go a month later.
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        {
          prefix: 'uploads/',
          expiration: Duration.days(2),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The audit trail is written once. S3 takes a new object under submissions/ only with `If-None-Match: *`
    // (a key not yet there) and never with `If-Match` (a replacement), whoever asks; the parts of a
    // multipart upload (ObjectCreationOperation false) carry no such header and are let through. This is
    // also why copies there are UploadPartCopy (store/documents.ts): CopyObject takes no condition.
    const auditObjects = this.documents.arnForObjects(`${SUBMISSIONS_PREFIX}*`);
    this.documents.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AuditTrailWrittenOnlyAsNewKeys',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [auditObjects],
        conditions: {
          Null: { 's3:if-none-match': 'true' },
          Bool: { 's3:ObjectCreationOperation': 'true' },
        },
      }),
    );
    this.documents.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AuditTrailNeverReplaced',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [auditObjects],
        conditions: { Null: { 's3:if-match': 'false' } },
      }),
    );
  }
}
