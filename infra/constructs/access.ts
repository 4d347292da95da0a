import { Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { EventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { GatewayFunction } from './gateway-function.ts';
import { logicalIdOf } from './nag.ts';
import type { ProviderSecrets } from './secrets.ts';

/** What one function may touch; each function is granted only the parts it uses. */
export type Access =
  | 'state:read'
  | 'state:write'
  | 'documents:read'
  | 'documents:write'
  | 'events:put'
  | 'tpp:tokens'
  | 'tpp:client'
  | 'pensionsync:client'
  | 'workflow:start'
  | 'authorisation-workflow:start'
  | 'sync-workflows:start';

export interface Resources {
  table: Table;
  documents: Bucket;
  bus: EventBus;
  secrets: ProviderSecrets;
  /** The submission workflow's ARN, built from its name: its own steps start it, so no reference can be used. */
  submissionWorkflowArn: string;
  /** Likewise the scheme authorisation workflow's, started by the API that links a scheme. */
  schemeAuthorisationWorkflowArn: string;
  /** Likewise the scheduled sync workflows', which hand a run on to a new execution of themselves. */
  syncWorkflowArns: string[];
}

/** Creating objects (PutObject, the parts and completion of a multipart upload), and abandoning an unfinished one. */
export const DOCUMENT_WRITE_ACTIONS = ['s3:PutObject', 's3:AbortMultipartUpload'];

export function grantAccess(fn: GatewayFunction, resources: Resources, access: Access[]): void {
  const { table, documents, bus, secrets } = resources;
  const has = (part: Access) => access.includes(part);
  const acknowledge = (reason: string, ...findings: string[]) => {
    for (const finding of findings) Validations.of(fn).acknowledge({ id: `AwsSolutions-${finding}`, reason });
  };
  if (has('state:write')) table.grantReadWriteData(fn);
  else if (has('state:read')) table.grantReadData(fn);
  if (has('state:write') || has('state:read')) {
    acknowledge(
      'Queries use the table’s own indexes.',
      `IAM5[Resource::<${logicalIdOf(table)}.Arn>/index/*]`,
    );
  }
  if (has('documents:write') || has('documents:read')) {
    documents.grantRead(fn);
    acknowledge(
      'Object-level actions on this stack’s documents bucket need its object wildcard.',
      'IAM5[Action::s3:GetObject*]',
      'IAM5[Action::s3:GetBucket*]',
      'IAM5[Action::s3:List*]',
      `IAM5[Resource::<${logicalIdOf(documents)}.Arn>/*]`,
    );
  }
  // Write without delete: not grantReadWrite, whose s3:DeleteObject* would let a function erase the audit
  // trail. Nor can s3:PutObject overwrite it: the bucket policy takes only writes of new keys under
  // submissions/ (infra/constructs/storage.ts).
  if (has('documents:write')) {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: DOCUMENT_WRITE_ACTIONS,
        resources: [documents.arnForObjects('*')],
      }),
    );
  }
  if (has('events:put')) bus.grantPutEventsTo(fn);
  if (has('tpp:tokens')) secrets.grantConnectionTokens(fn);
  if (has('tpp:client')) secrets.tppClient.grantRead(fn);
  if (has('pensionsync:client')) secrets.pensionSyncConsumer.grantRead(fn);
  const start = (...stateMachineArns: string[]) =>
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['states:StartExecution'], resources: stateMachineArns }),
    );
  if (has('workflow:start')) start(resources.submissionWorkflowArn);
  if (has('authorisation-workflow:start')) start(resources.schemeAuthorisationWorkflowArn);
  if (has('sync-workflows:start')) start(...resources.syncWorkflowArns);
}
