import { randomInt, randomUUID } from 'node:crypto';
import {
  ACCOUNT,
  AwsServiceError,
  epochSeconds,
  type JsonObject,
  type LocalServer,
  type OperationCounts,
  optionalString,
  REGION,
  requiredString,
  startAwsJsonServer,
} from './aws-json-protocol.ts';

interface SecretVersion {
  value: string;
  created: number;
  stages: string[];
}

interface Secret {
  arn: string;
  name: string;
  description?: string;
  created: number;
  lastChanged: number;
  deleted?: number;
  versions: Map<string, SecretVersion>;
}

export interface LocalSecretsManager extends LocalServer, OperationCounts {
  /** Creates the secret, or makes `value` its current version. */
  seed(name: string, value: string): void;
}

const SUFFIX_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function secretArn(name: string): string {
  const suffix = Array.from({ length: 6 }, () => SUFFIX_CHARS[randomInt(SUFFIX_CHARS.length)]).join('');
  return `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-${suffix}`;
}

export async function startSecretsManager(options: { port?: number } = {}): Promise<LocalSecretsManager> {
  const secrets = new Map<string, Secret>();

  const find = (input: JsonObject): Secret => {
    const id = requiredString(input, 'SecretId');
    const secret = secrets.get(id) ?? [...secrets.values()].find((candidate) => candidate.arn === id);
    if (!secret) {
      throw new AwsServiceError(
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret.",
      );
    }
    return secret;
  };

  const findLive = (input: JsonObject): Secret => {
    const secret = find(input);
    if (secret.deleted !== undefined) {
      throw new AwsServiceError(
        'InvalidRequestException',
        "You can't perform this operation on the secret because it was marked for deletion.",
      );
    }
    return secret;
  };

  // AWS moves AWSCURRENT to the new version and AWSPREVIOUS to the one it replaced.
  const addVersion = (secret: Secret, versionId: string, value: string): void => {
    for (const version of secret.versions.values()) {
      version.stages = version.stages.includes('AWSCURRENT') ? ['AWSPREVIOUS'] : [];
    }
    secret.lastChanged = Date.now();
    secret.versions.set(versionId, { value, created: secret.lastChanged, stages: ['AWSCURRENT'] });
  };

  const putVersion = (secret: Secret, input: JsonObject): string => {
    const value = requiredString(input, 'SecretString');
    const versionId = optionalString(input, 'ClientRequestToken') ?? randomUUID();
    const existing = secret.versions.get(versionId);
    if (existing && existing.value !== value) {
      throw new AwsServiceError(
        'ResourceExistsException',
        `You can't modify an existing version, you can only create a new version.`,
      );
    }
    if (!existing) addVersion(secret, versionId, value);
    return versionId;
  };

  const create = (name: string, description?: string): Secret => {
    const now = Date.now();
    const secret: Secret = {
      arn: secretArn(name),
      name,
      description,
      created: now,
      lastChanged: now,
      versions: new Map(),
    };
    secrets.set(name, secret);
    return secret;
  };

  const server = await startAwsJsonServer({
    port: options.port,
    targetPrefix: 'secretsmanager',
    operations: {
      CreateSecret: async (input) => {
        const name = requiredString(input, 'Name');
        const previous = secrets.get(name);
        if (previous?.deleted !== undefined) {
          throw new AwsServiceError(
            'InvalidRequestException',
            `You can't create this secret because a secret with this name is already scheduled for deletion.`,
          );
        }
        if (previous) {
          throw new AwsServiceError(
            'ResourceExistsException',
            `The operation failed because the secret ${name} already exists.`,
          );
        }
        const secret = create(name, optionalString(input, 'Description'));
        const versionId = input.SecretString === undefined ? undefined : putVersion(secret, input);
        return { ARN: secret.arn, Name: name, VersionId: versionId };
      },
      GetSecretValue: async (input) => {
        const secret = findLive(input);
        const versionId = optionalString(input, 'VersionId');
        const stage = optionalString(input, 'VersionStage') ?? (versionId ? undefined : 'AWSCURRENT');
        const match = [...secret.versions].find(
          ([id, version]) => (!versionId || id === versionId) && (!stage || version.stages.includes(stage)),
        );
        if (!match) {
          throw new AwsServiceError(
            'ResourceNotFoundException',
            "Secrets Manager can't find the specified secret value for the requested version.",
          );
        }
        const [id, version] = match;
        return {
          ARN: secret.arn,
          Name: secret.name,
          SecretString: version.value,
          VersionId: id,
          VersionStages: version.stages,
          CreatedDate: epochSeconds(version.created),
        };
      },
      PutSecretValue: async (input) => {
        const secret = findLive(input);
        const versionId = putVersion(secret, input);
        return {
          ARN: secret.arn,
          Name: secret.name,
          VersionId: versionId,
          VersionStages: secret.versions.get(versionId)?.stages,
        };
      },
      DescribeSecret: async (input) => {
        const secret = find(input);
        return {
          ARN: secret.arn,
          Name: secret.name,
          Description: secret.description,
          CreatedDate: epochSeconds(secret.created),
          LastChangedDate: epochSeconds(secret.lastChanged),
          DeletedDate: secret.deleted === undefined ? undefined : epochSeconds(secret.deleted),
          VersionIdsToStages: Object.fromEntries(
            [...secret.versions]
              .filter(([, version]) => version.stages.length > 0)
              .map(([id, v]) => [id, v.stages]),
          ),
        };
      },
      DeleteSecret: async (input) => {
        const secret = find(input);
        const now = Date.now();
        // Without ForceDeleteWithoutRecovery AWS only schedules deletion, defaulting to 30 days of recovery.
        const recoveryDays =
          input.ForceDeleteWithoutRecovery === true ? 0 : Number(input.RecoveryWindowInDays ?? 30);
        if (recoveryDays === 0) secrets.delete(secret.name);
        else secret.deleted = now;
        return {
          ARN: secret.arn,
          Name: secret.name,
          DeletionDate: epochSeconds(now + recoveryDays * 86_400_000),
        };
      },
    },
  });

  return {
    ...server,
    seed(name, value) {
      const secret = secrets.get(name);
      if (secret) delete secret.deleted;
      addVersion(secret ?? create(name), randomUUID(), value);
    },
  };
}
