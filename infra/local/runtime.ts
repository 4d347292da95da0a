import { randomBytes } from 'node:crypto';
import { useLogLevelFromEnvironment } from '#observability/logger';
import {
  DEFAULT_CONSUMERS,
  type PensionSyncSandbox,
  type PensionSyncSandboxOptions,
  startPensionSyncSandbox,
} from '../../sandboxes/pensionsync/server.ts';
import { startTppSandbox, type TppSandbox, type TppSandboxOptions } from '../../sandboxes/tpp/server.ts';
import type { SyncRates } from '../constructs/syncs.ts';
import type { DeliveryTuning } from '../stack.ts';
import { routesOf, startApiGateway } from './api-gateway.ts';
import { LOCAL_CREDENTIALS, type LocalServer, type OperationCounts, REGION } from './aws-json-protocol.ts';
import { type LocalTable, startDynamoDb } from './dynamodb.ts';
import { type LocalEventBridge, type RecordedEvent, rulesOf, startEventBridge } from './eventbridge.ts';
import { FunctionHost, functionsOf, sharedEnvironment } from './functions.ts';
import { localRoutes } from './local-routes.ts';
import { startS3, type WriteOnceArea, writeOnceAreas } from './s3.ts';
import { type LocalScheduler, schedulesOf, startScheduler } from './scheduler.ts';
import { startSecretsManager } from './secrets-manager.ts';
import {
  type LocalStepFunctions,
  STATUS_CHANGE_EVENTS,
  startStepFunctions,
  statusChangeEvent,
} from './step-functions.ts';
import { arnOf, physicalName, resolve, resourcesOfType, synthesizeTemplate } from './template.ts';

/** A TPP server and client credentials: the real sandbox or live API, or anything speaking the protocol. */
export interface TppEndpoint {
  apiUrl: string;
  authUrl: string;
  clientId: string;
  clientSecret: string;
  /** Tokens for the seeded `sandbox` connection, when the server is not the local sandbox. */
  accessToken?: string;
}

/** A PensionSync server and consumer credentials: PensionSync's sandbox or live API, or anything speaking it. */
export interface PensionSyncEndpoint {
  apiUrl: string;
  consumerKey: string;
  consumerSecret: string;
}

export interface EmbeddedRuntimeOptions {
  port?: number;
  /** Without it, the local TPP sandbox is started and used. */
  tpp?: TppEndpoint;
  tppSandbox?: TppSandboxOptions;
  /** Without it, the local PensionSync sandbox is started and used. */
  pensionSync?: PensionSyncEndpoint;
  pensionSyncSandbox?: PensionSyncSandboxOptions;
  /** Keep DynamoDB data on disk here instead of in memory. */
  dataDirectory?: string;
  log?: (line: string) => void;
  onEvent?: (event: RecordedEvent) => void;
  /** Passed to every workflow run, e.g. shorter Retry intervals in tests. */
  stepFunctionsOverrides?: Parameters<typeof startStepFunctions>[0]['overrides'];
  /** The stack's sync rates, in minutes, as CDK context would give them. */
  syncRates?: Partial<SyncRates>;
  /** How provider outages are waited out, e.g. a short backoff in tests. */
  delivery?: Partial<DeliveryTuning>;
  /**
   * Starts the stand-ins of DynamoDB, S3 and Secrets Manager (separate services in AWS) somewhere else, e.g.
   * in another process (infra/local/stand-ins-process.ts), so this process's CPU is the gateway's side.
   * Without it they run in this process (startAwsServices).
   */
  awsServices?: (needs: AwsServiceNeeds) => Promise<AwsServices>;
}

/** What the template asks of the DynamoDB and S3 stand-ins. */
export interface AwsServiceNeeds {
  tables: LocalTable[];
  buckets: string[];
  writeOnce: WriteOnceArea[];
  /** Keep DynamoDB data on disk here instead of in memory. */
  dataDirectory?: string;
}

/** The DynamoDB, S3 and Secrets Manager stand-ins, wherever they run: their endpoints and a way to seed secrets. */
export interface AwsServices {
  dynamodb: string;
  s3: string;
  secretsManager: string;
  seedSecret(name: string, value: string): void | Promise<void>;
  close(): Promise<void>;
}

/** The stand-ins started in this process, with what they count. */
export interface LocalAwsServices extends AwsServices {
  awsCalls: { dynamodb: OperationCounts; secretsManager: OperationCounts };
}

/** Starts the DynamoDB, S3 and Secrets Manager stand-ins the template needs, in this process. */
export async function startAwsServices(
  needs: AwsServiceNeeds,
  log: (line: string) => void = () => {},
): Promise<LocalAwsServices> {
  const started: Pick<LocalServer, 'close'>[] = [];
  const close = async () => {
    for (const server of started.reverse()) await server.close();
  };
  try {
    const dynamodb = await startDynamoDb({ tables: needs.tables, path: needs.dataDirectory });
    started.push(dynamodb);
    log(`dynamodb         ${dynamodb.url} (${needs.tables.length} table)`);
    const s3 = await startS3({ buckets: needs.buckets, writeOnce: needs.writeOnce });
    started.push(s3);
    log(`s3               ${s3.url} (${needs.buckets.length} buckets)`);
    const secrets = await startSecretsManager();
    started.push(secrets);
    log(`secrets manager  ${secrets.url}`);
    return {
      dynamodb: dynamodb.url,
      s3: s3.url,
      secretsManager: secrets.url,
      seedSecret: (name, value) => secrets.seed(name, value),
      close,
      awsCalls: { dynamodb, secretsManager: secrets },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A local TPP sandbox as the gateway's TPP, with a token it takes for the seeded connection. */
export function tppSandboxEndpoint(sandbox: TppSandbox): TppEndpoint {
  const accessToken = randomBytes(24).toString('base64url');
  sandbox.addAccessToken(accessToken);
  return { apiUrl: sandbox.url, authUrl: sandbox.url, clientId: 'local', clientSecret: 'local', accessToken };
}

/** A local PensionSync sandbox as the gateway's PensionSync, calling as its first consumer. */
export function pensionSyncSandboxEndpoint(
  sandbox: PensionSyncSandbox,
  options?: PensionSyncSandboxOptions,
): PensionSyncEndpoint {
  const [[consumerKey, consumerSecret]] = Object.entries(options?.consumers ?? DEFAULT_CONSUMERS) as [
    [string, string],
  ];
  return { apiUrl: sandbox.url, consumerKey, consumerSecret };
}

export interface EmbeddedRuntime {
  url: string;
  tppSandbox?: TppSandbox;
  pensionSyncSandbox?: PensionSyncSandbox;
  stepFunctions: LocalStepFunctions;
  eventBridge: LocalEventBridge;
  /** The template's schedules, running on their rates; `fire` starts one now. */
  schedules: LocalScheduler;
  /**
   * Requests the DynamoDB and Secrets Manager stand-ins received, by operation: what the gateway costs.
   * Absent when `awsServices` started them elsewhere (ask them there).
   */
  awsCalls?: LocalAwsServices['awsCalls'];
  stop(): Promise<void>;
}

/** Whether a runtime in this process has pointed the gateway's AWS clients at its engines. */
let endpointsSet = false;

/** The TPP connection every embedded runtime starts with, so a scheme can be linked at once. */
export const SEEDED_CONNECTION_ID = 'sandbox';

/**
 * Hosts the synthesized template on this machine: real engines behind the AWS endpoints, the functions
 * in this process, and the provider sandboxes. Only endpoints differ from AWS, through the standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables, so one runtime per process.
 */
export async function startEmbeddedRuntime(options: EmbeddedRuntimeOptions = {}): Promise<EmbeddedRuntime> {
  if (endpointsSet) {
    throw new Error(
      "An embedded runtime was already started in this process: the gateway's AWS SDK clients keep the endpoints they first read, so a second one would reach the first one's engines. Start each in a process of its own (as test/bench/run.ts does).",
    );
  }
  const log = options.log ?? (() => {});
  const started: Pick<LocalServer, 'close'>[] = [];
  let stopping = false;
  const stop = async () => {
    stopping = true;
    for (const server of started.reverse()) await server.close();
  };
  try {
    let tppSandbox: TppSandbox | undefined;
    let tpp = options.tpp;
    if (!tpp) {
      tppSandbox = await startTppSandbox(options.tppSandbox);
      started.push(tppSandbox);
      tpp = tppSandboxEndpoint(tppSandbox);
      log(`tpp sandbox      ${tppSandbox.url}`);
    }

    let pensionSyncSandbox: PensionSyncSandbox | undefined;
    let pensionSync = options.pensionSync;
    if (!pensionSync) {
      pensionSyncSandbox = await startPensionSyncSandbox(options.pensionSyncSandbox);
      started.push(pensionSyncSandbox);
      pensionSync = pensionSyncSandboxEndpoint(pensionSyncSandbox, options.pensionSyncSandbox);
      log(`pensionsync      ${pensionSyncSandbox.url} (sandbox)`);
    }

    log('synthesizing the CDK app');
    const template = synthesizeTemplate(
      { tppApiUrl: tpp.apiUrl, tppAuthUrl: tpp.authUrl, pensionSyncApiUrl: pensionSync.apiUrl },
      options.syncRates,
      options.delivery,
    );
    const functions = functionsOf(template);
    const environment = sharedEnvironment(functions);

    const tables = resourcesOfType(template, 'AWS::DynamoDB::Table').map(
      ([id, resource]) =>
        ({ ...resource.Properties, TableName: physicalName(id, resource) }) as unknown as LocalTable,
    );
    const needs: AwsServiceNeeds = {
      tables,
      buckets: resourcesOfType(template, 'AWS::S3::Bucket').map(([id, resource]) =>
        physicalName(id, resource),
      ),
      writeOnce: resourcesOfType(template, 'AWS::S3::BucketPolicy').flatMap(([, policy]) =>
        writeOnceAreas(resolve(policy.Properties?.PolicyDocument, template)),
      ),
      dataDirectory: options.dataDirectory,
    };
    let services: AwsServices;
    let awsCalls: LocalAwsServices['awsCalls'] | undefined;
    if (options.awsServices) services = await options.awsServices(needs);
    else ({ awsCalls, ...services } = await startAwsServices(needs, log));
    started.push(services);

    const host = new FunctionHost(functions);
    const rules = rulesOf(template);
    const eventBridge = await startEventBridge({
      onEvent: options.onEvent,
      rules,
      invokeTarget: (arn, event) => host.invoke(arn, event),
      log,
    });
    started.push(eventBridge);
    log(`eventbridge      ${eventBridge.url} (${rules.length} rule${rules.length === 1 ? '' : 's'})`);

    const stepFunctions = await startStepFunctions({
      stateMachines: resourcesOfType(template, 'AWS::StepFunctions::StateMachine').map(([id, resource]) => ({
        arn: arnOf(id, resource),
        name: physicalName(id, resource),
        definition: JSON.parse(String(resolve(resource.Properties?.DefinitionString, template))),
      })),
      invokeFunction: (arn, payload) => host.invoke(arn, payload),
      // Stopping the runtime aborts what still runs; that is the runtime going away, not an execution dying.
      onExecutionEnd: (execution) => {
        if (!stopping && STATUS_CHANGE_EVENTS.includes(execution.status)) {
          eventBridge.putServiceEvent(statusChangeEvent(execution));
        }
      },
      overrides: options.stepFunctionsOverrides,
    });
    started.push(stepFunctions);
    log(`step functions   ${stepFunctions.url}`);

    endpointsSet = true;
    Object.assign(process.env, {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: services.dynamodb,
      AWS_ENDPOINT_URL_S3: services.s3,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: services.secretsManager,
      AWS_ENDPOINT_URL_EVENTBRIDGE: eventBridge.url,
      AWS_ENDPOINT_URL_SFN: stepFunctions.url,
      // Lambda's stdout is a log group; here it is a terminal, so EMF metric lines are opt-in.
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
      // Nothing here receives traces; off, the X-Ray SDK is not even loaded (shared/observability/tracer.ts).
      POWERTOOLS_TRACE_ENABLED: process.env.POWERTOOLS_TRACE_ENABLED ?? 'false',
      // Log lines below WARN likewise: POWERTOOLS_LOG_LEVEL=INFO shows each provider call and status change.
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      ...environment,
    });
    // The one logger was built when the gateway's modules loaded, before the level above was set.
    useLogLevelFromEnvironment();

    await services.seedSecret(
      String(environment.TPP_CLIENT_SECRET_ARN),
      JSON.stringify({ clientId: tpp.clientId, clientSecret: tpp.clientSecret }),
    );
    await services.seedSecret(
      String(environment.PENSIONSYNC_SECRET_ARN),
      JSON.stringify({ consumerKey: pensionSync.consumerKey, consumerSecret: pensionSync.consumerSecret }),
    );
    if (tpp.accessToken) {
      await services.seedSecret(
        `${environment.CONNECTION_SECRET_PREFIX}${SEEDED_CONNECTION_ID}`,
        JSON.stringify({ accessToken: tpp.accessToken }),
      );
      // The gateway's own store writes the record, so it is exactly what linking a connection would leave.
      const { putConnection } = await import('#store/connections');
      await putConnection({
        connectionId: SEEDED_CONNECTION_ID,
        status: 'active',
        createdAt: new Date().toISOString(),
      });
      log(`tpp connection   "${SEEDED_CONNECTION_ID}" seeded`);
    }

    const schedules = startScheduler({
      schedules: schedulesOf(template),
      startTarget: (arn, input) => {
        if (!arn.startsWith('arn:aws:lambda:'))
          return stepFunctions.startExecution(arn, undefined, input).executionArn;
        // Scheduler invokes a function asynchronously, as Lambda's Event invocation type does.
        host
          .invoke(arn, JSON.parse(input))
          .catch((error) => log(`schedule         ${arn} failed: ${String(error)}`));
        return arn;
      },
      log,
    });
    started.push(schedules);
    for (const { name, expression, targetArn, enabled } of schedules.list()) {
      const workflow = targetArn.slice(targetArn.lastIndexOf(':') + 1);
      log(`schedule         ${name} ${expression} → ${workflow}${enabled ? '' : ' (disabled)'}`);
    }

    const api = await startApiGateway({
      port: options.port,
      routes: routesOf(template),
      functions: host,
      localRoutes: localRoutes({ scheduler: schedules, eventBridge, tppSandbox, pensionSyncSandbox }),
    });
    started.push(api);
    return {
      url: api.url,
      tppSandbox,
      pensionSyncSandbox,
      stepFunctions,
      eventBridge,
      schedules,
      awsCalls,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
