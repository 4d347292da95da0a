import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { env } from '#config';
import type { Route } from '#domain/event-values';
import { traceable } from '#observability/aws-clients';

const sfn = /* @__PURE__ */ traceable(/* @__PURE__ */ new SFNClient({}));

/**
 * What a starter that holds the scheme tells the workflow besides the submission's id: its scheme and route
 * (ids and a fact that never change), so the first step need not read the scheme.
 */
export interface SchemeFacts {
  schemeId: string;
  route: Route;
}

/**
 * Starts the submission's workflow. The execution is named after the submission, so starting it again is
 * harmless: Step Functions answers with the running execution, and never runs a submission twice.
 */
export function startSubmissionWorkflow(submissionId: string, scheme?: SchemeFacts): Promise<void> {
  return start(submissionId, submissionId, scheme);
}

/** Starts a queued submission again; each restart has its own execution name (`<id>.<n>`). */
export function resumeSubmissionWorkflow(
  submissionId: string,
  resumeCount: number,
  scheme?: SchemeFacts,
): Promise<void> {
  return start(`${submissionId}.${resumeCount}`, submissionId, scheme);
}

/** Runs an `error` submission's workflow again on request; each retry has its own name (`<id>.retry.<n>`). */
export function retrySubmissionWorkflow(submissionId: string, retryCount: number): Promise<void> {
  return start(`${submissionId}.retry.${retryCount}`, submissionId);
}

function start(name: string, submissionId: string, scheme?: SchemeFacts): Promise<void> {
  const facts = scheme ? { schemeId: scheme.schemeId, route: scheme.route } : {};
  return startOnce(env.submissionWorkflowArn(), name, { submissionId, ...facts });
}

/** Watches a newly linked scheme until its authorisation settles; one execution per scheme. */
export function startSchemeAuthorisationWorkflow(schemeId: string, input: object): Promise<void> {
  return startOnce(env.schemeAuthorisationWorkflowArn(), schemeId, input);
}

/** Hands a sync run on to a new execution of its workflow; named by the caller, so a repeat is harmless. */
export function continueSyncRun(stateMachineArn: string, name: string, input: object): Promise<void> {
  return startOnce(stateMachineArn, name, input);
}

async function startOnce(stateMachineArn: string, name: string, input: object): Promise<void> {
  try {
    await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
}
