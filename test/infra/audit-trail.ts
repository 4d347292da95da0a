import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_RETENTION_DAYS } from '../../infra/constructs/storage.ts';

/**
 * The audit trail (everything under submissions/ in the documents bucket) can be neither deleted nor
 * overwritten by any role of the stack, and is kept as long as the record-keeping duty asks.
 */
/** Actions that erase an audit object, or undo what keeps it (policy, versioning, lifecycle, retention). */
const ERASING_ACTIONS = [
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:DeleteBucket',
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutBucketVersioning',
  's3:PutLifecycleConfiguration',
  's3:PutObjectRetention',
  's3:BypassGovernanceRetention',
  's3:PutBucketObjectLockConfiguration',
];

export interface CfnResource {
  Type: string;
  Properties: Record<string, any>;
}
interface Statement {
  Effect: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, string>>;
  Sid?: string;
}

let resources: Record<string, CfnResource>;
let documentsBucket: string;

/** Declared by test/infra/stack.test.ts, on the template it has synthesized (one synthesis for both). */
export function describeAuditTrail(templateResources: () => Record<string, CfnResource>): void {
  describe('the audit trail', () => {
    beforeAll(() => {
      resources = templateResources();
      const buckets = Object.entries(resources).filter(
        ([id, resource]) => resource.Type === 'AWS::S3::Bucket' && id.includes('Documents'),
      );
      expect(buckets).toHaveLength(1);
      documentsBucket = buckets[0]?.[0] ?? '';
    });
    auditTrailCases();
  });
}

/** Every identity policy statement in the template, with the resource (role or policy) that holds it. */
function identityStatements(): Array<{ holder: string; statement: Statement }> {
  return Object.entries(resources).flatMap(([id, resource]) => {
    const documents =
      resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy'
        ? [resource.Properties.PolicyDocument]
        : resource.Type === 'AWS::IAM::Role'
          ? (resource.Properties.Policies ?? []).map((policy: any) => policy.PolicyDocument)
          : [];
    return documents.flatMap((document: { Statement: Statement[] }) =>
      document.Statement.map((statement) => ({ holder: id, statement })),
    );
  });
}

const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : ([value].flat() as T[]));

/** Whether an IAM action pattern (`s3:Delete*`, `*`) covers an action. */
function covers(pattern: string, action: string): boolean {
  const expression = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${expression}$`, 'i').test(action);
}

/** Whether a statement's resources reach the documents bucket: `*`, or anything built from its ARN or name. */
const reachesDocuments = (statement: Statement) =>
  asList(statement.Resource).some(
    (resource) => resource === '*' || JSON.stringify(resource).includes(`"${documentsBucket}"`),
  );

/** What a statement lets its holder do to the audit trail that it must not. */
function erasingActions(statement: Statement): string[] {
  if (statement.Effect !== 'Allow' || !reachesDocuments(statement)) return [];
  // NotAction allows everything it does not name.
  if (statement.NotAction)
    return ERASING_ACTIONS.filter((a) => !asList(statement.NotAction).some((p) => covers(p, a)));
  return ERASING_ACTIONS.filter((action) =>
    asList(statement.Action).some((pattern) => covers(pattern, action)),
  );
}

function bucketPolicyStatements(): Statement[] {
  return Object.values(resources)
    .filter(
      (resource) =>
        resource.Type === 'AWS::S3::BucketPolicy' &&
        JSON.stringify(resource.Properties.Bucket) === JSON.stringify({ Ref: documentsBucket }),
    )
    .flatMap((resource) => resource.Properties.PolicyDocument.Statement as Statement[]);
}

const auditObjects = () => ({
  'Fn::Join': ['', [{ 'Fn::GetAtt': [documentsBucket, 'Arn'] }, '/submissions/*']],
});

function auditTrailCases(): void {
  it('no role of the stack may delete an audit object or loosen what keeps it', () => {
    const statements = identityStatements();
    // The walk sees the functions' grants: dozens of roles reach the bucket.
    expect(statements.filter(({ statement }) => reachesDocuments(statement)).length).toBeGreaterThan(10);
    const violations = statements.flatMap(({ holder, statement }) =>
      erasingActions(statement).map((action) => `${holder}: ${action}`),
    );
    expect(violations).toEqual([]);
  });

  it('the check would catch a grant that can delete (as grantReadWrite’s s3:DeleteObject* does)', () => {
    const grantReadWrite: Statement = {
      Effect: 'Allow',
      Action: ['s3:GetObject*', 's3:PutObject', 's3:DeleteObject*', 's3:Abort*'],
      Resource: [{ 'Fn::GetAtt': [documentsBucket, 'Arn'] }, auditObjects()],
    };
    expect(erasingActions(grantReadWrite)).toEqual(['s3:DeleteObject', 's3:DeleteObjectVersion']);
    expect(erasingActions({ Effect: 'Allow', Action: 's3:*', Resource: '*' })).toEqual(ERASING_ACTIONS);
    expect(erasingActions({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })).toEqual(ERASING_ACTIONS);
  });

  it('S3 takes a write under submissions/ only as a new key, from anyone', () => {
    const denies = bucketPolicyStatements().filter(
      (statement) =>
        statement.Effect === 'Deny' &&
        JSON.stringify(statement.Principal) === JSON.stringify({ AWS: '*' }) &&
        asList(statement.Action).includes('s3:PutObject') &&
        JSON.stringify(statement.Resource) === JSON.stringify(auditObjects()),
    );
    // Without If-None-Match, creating an object is refused (the parts of a multipart upload carry no
    // condition, ObjectCreationOperation false, and pass); with If-Match (a replacement), any write is.
    expect(denies.map((statement) => statement.Condition)).toEqual([
      { Null: { 's3:if-none-match': 'true' }, Bool: { 's3:ObjectCreationOperation': 'true' } },
      { Null: { 's3:if-match': 'false' } },
    ]);
  });

  it('is kept six years and a month (TPR: automatic enrolment records six years), then expires', () => {
    const bucket = resources[documentsBucket];
    expect(bucket?.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    const rules = bucket?.Properties.LifecycleConfiguration.Rules as Array<Record<string, any>>;
    expect(AUDIT_RETENTION_DAYS).toBeGreaterThanOrEqual(6 * 365 + 2);
    expect(rules).toContainEqual(
      expect.objectContaining({
        Prefix: 'submissions/',
        Status: 'Enabled',
        ExpirationInDays: AUDIT_RETENTION_DAYS,
      }),
    );
    // No other rule reaches the audit trail sooner.
    const reaching = rules.filter((rule) =>
      'submissions/'.startsWith(rule.Prefix ?? rule.Filter?.Prefix ?? ''),
    );
    expect(reaching).toHaveLength(1);
  });
}
