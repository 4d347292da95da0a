import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { ENTRY_METADATA, PROJECT_ROOT } from '../constructs/gateway-function.ts';
import { arnOf, type CfnTemplate, resolve, resourcesOfType } from './template.ts';

export interface LocalFunction {
  logicalId: string;
  arn: string;
  entry: string;
  environment: Record<string, string>;
  timeoutSeconds: number;
}

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** The template's functions, found by the source file each one names in its metadata. */
export function functionsOf(template: CfnTemplate): LocalFunction[] {
  return resourcesOfType(template, 'AWS::Lambda::Function').map(([logicalId, resource]) => {
    const entry = resource.Metadata?.[ENTRY_METADATA];
    if (typeof entry !== 'string')
      throw new Error(`function ${logicalId} does not name its entry (${ENTRY_METADATA})`);
    const properties = resource.Properties ?? {};
    const environment = resolve(
      (properties.Environment as { Variables?: object })?.Variables ?? {},
      template,
    );
    return {
      logicalId,
      arn: arnOf(logicalId, resource),
      entry,
      environment: environment as Record<string, string>,
      timeoutSeconds: Number(properties.Timeout ?? 3),
    };
  });
}

/**
 * All functions share this process, so they share one environment: the union of what the template gives
 * each. A name given two different values would make one function see the other's, so it is refused.
 */
export function sharedEnvironment(functions: LocalFunction[]): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const fn of functions) {
    for (const [name, value] of Object.entries(fn.environment)) {
      if (merged[name] !== undefined && merged[name] !== value) {
        throw new Error(
          `${name} differs between functions (${fn.logicalId}); the embedded runtime cannot host both`,
        );
      }
      merged[name] = value;
    }
  }
  return merged;
}

/**
 * Invokes functions in-process the way Lambda does: JSON in, JSON out, errors keeping their name, and a
 * context with the function's remaining time.
 */
export class FunctionHost {
  private readonly byArn: Map<string, LocalFunction>;
  private readonly handlers = new Map<string, Promise<Handler>>();

  constructor(functions: LocalFunction[]) {
    this.byArn = new Map(functions.map((fn) => [fn.arn, fn]));
  }

  async invoke(arn: string, event: unknown): Promise<unknown> {
    const fn = this.byArn.get(arn);
    if (!fn) throw new Error(`no function ${arn} in the template`);
    const handler = await this.handler(fn);
    const deadline = Date.now() + fn.timeoutSeconds * 1000;
    const context = {
      functionName: fn.logicalId,
      invokedFunctionArn: fn.arn,
      awsRequestId: randomUUID(),
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    } as Context;
    const result = await handler(JSON.parse(JSON.stringify(event ?? null)), context);
    return result === undefined ? null : JSON.parse(JSON.stringify(result));
  }

  private handler(fn: LocalFunction): Promise<Handler> {
    let loaded = this.handlers.get(fn.entry);
    if (!loaded) {
      loaded = import(pathToFileURL(`${PROJECT_ROOT}${fn.entry}`).href).then((module) => {
        if (typeof module.handler !== 'function') throw new Error(`${fn.entry} exports no handler`);
        return module.handler as Handler;
      });
      this.handlers.set(fn.entry, loaded);
    }
    return loaded;
  }
}
