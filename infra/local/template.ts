import { rmSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import type { SyncRates } from '../constructs/syncs.ts';
import { type DeliveryTuning, PensionGatewayStack, type ProviderEndpoints, STACK_NAME } from '../stack.ts';
import { ACCOUNT, REGION } from './aws-json-protocol.ts';

/** The part of a CloudFormation template the embedded runtime reads. */
export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
}

/**
 * Synthesizes the gateway's stack in-process, as `cdk synth` would, without bundling the functions and
 * without CDK's built-in template validation (seconds per start; `cdk synth` and test/infra run it).
 */
export function synthesizeTemplate(
  providers: ProviderEndpoints,
  syncRates?: Partial<SyncRates>,
  delivery?: Partial<DeliveryTuning>,
): CfnTemplate {
  const app = new App({
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:bundling-stacks': [] },
  });
  new PensionGatewayStack(app, STACK_NAME, { providers, syncRates, delivery });
  const assembly = app.synth();
  try {
    return assembly.getStackByName(STACK_NAME).template as CfnTemplate;
  } finally {
    // The assembly goes to a fresh temporary directory (about 1 MB) on every start; only the template is kept.
    rmSync(assembly.directory, { recursive: true, force: true });
  }
}

/**
 * Physical names and ARNs for the template's resources on this machine: the name the template gives, or
 * else the logical id (lower-cased for buckets, whose names must be).
 */
export function physicalName(logicalId: string, resource: CfnResource): string {
  const named = resource.Properties?.[NAME_PROPERTY[resource.Type] ?? ''];
  if (typeof named === 'string') return named;
  return resource.Type === 'AWS::S3::Bucket' ? logicalId.toLowerCase() : logicalId;
}

/** Properties by which a template may name a resource itself. */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::Scheduler::Schedule': 'Name',
};

export function arnOf(logicalId: string, resource: CfnResource): string {
  const name = physicalName(logicalId, resource);
  switch (resource.Type) {
    case 'AWS::Lambda::Function':
      return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
    case 'AWS::StepFunctions::StateMachine':
      return `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;
    case 'AWS::S3::Bucket':
      return `arn:aws:s3:::${name}`;
    case 'AWS::DynamoDB::Table':
      return `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;
    case 'AWS::Events::EventBus':
      return `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${name}`;
    default:
      return `arn:aws:local:${REGION}:${ACCOUNT}:${logicalId}`;
  }
}

/** What `Ref` answers for each resource type, as CloudFormation documents it. */
function refOf(logicalId: string, resource: CfnResource): string {
  switch (resource.Type) {
    case 'AWS::StepFunctions::StateMachine':
      return arnOf(logicalId, resource);
    default:
      // Secrets answer their ARN on AWS; their name works wherever an ARN does (SecretId), so use it.
      return physicalName(logicalId, resource);
  }
}

const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Region': REGION,
  'AWS::AccountId': ACCOUNT,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': STACK_NAME,
};

/** Resolves the intrinsic functions the gateway's template uses into plain values. */
export function resolve(value: unknown, template: CfnTemplate): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(item, template));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const [first] = entries;
  if (entries.length === 1 && first && (first[0].startsWith('Fn::') || first[0] === 'Ref')) {
    const [name, argument] = first;
    return intrinsic(name, argument, template);
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, resolve(item, template)]));
}

function intrinsic(name: string, argument: unknown, template: CfnTemplate): unknown {
  switch (name) {
    case 'Ref': {
      const id = String(argument);
      const pseudo = PSEUDO_PARAMETERS[id];
      if (pseudo) return pseudo;
      return refOf(id, resourceNamed(id, template));
    }
    case 'Fn::GetAtt': {
      const [id, attribute] = argument as [string, string];
      if (attribute !== 'Arn') throw new Error(`Fn::GetAtt ${id}.${attribute} is not supported locally`);
      return arnOf(id, resourceNamed(id, template));
    }
    case 'Fn::Join': {
      const [separator, parts] = argument as [string, unknown[]];
      return parts.map((part) => String(resolve(part, template))).join(separator);
    }
    default:
      throw new Error(`${name} is not supported by the embedded runtime`);
  }
}

function resourceNamed(logicalId: string, template: CfnTemplate): CfnResource {
  const resource = template.Resources[logicalId];
  if (!resource) throw new Error(`the template has no resource ${logicalId}`);
  return resource;
}

export function resourcesOfType(template: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}
