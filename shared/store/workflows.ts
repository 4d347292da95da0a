import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { env } from '#config';

const sfn = new SFNClient({});

/**
 * Starts the submission's workflow. The execution is named after the submission, so starting it again is
 * harmless: Step Functions answers with the running execution, and never runs a submission twice.
 */
export function startSubmissionWorkflow(submissionId: string): Promise<void> {
  return start(submissionId, submissionId);
}

/** Starts a queued submission again; each restart has its own execution name (`<id>.<n>`). */
export function resumeSubmissionWorkflow(submissionId: string, resumeCount: number): Promise<void> {
  return start(`${submissionId}.${resumeCount}`, submissionId);
}

async function start(name: string, submissionId: string): Promise<void> {
  try {
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: env.submissionWorkflowArn(),
        name,
        input: JSON.stringify({ submissionId }),
      }),
    );
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
}
