import { describe, expect, it } from 'vitest';
import { POLL_MARGIN_MS } from '#domain/poll-schedule';
import type { ExecutionEvent } from '../../infra/local/step-functions.ts';
import { submissionForNextPeriod, untilFinished, useRunningGateway } from '../support/http.ts';

/**
 * The synthesized SubmissionWorkflow definition, run by aws-local-stepfunctions with the real functions,
 * judged from the interpreter's own event log.
 */
const gateway = useRunningGateway({ tppSandbox: { pollDelayMs: 1_000 } });

type StateEvent = ExecutionEvent & { state: { name: string; input: any; output?: any } };

function stateEvents(executionArn: string, type: 'StateEntered' | 'StateExited', name: string): StateEvent[] {
  return gateway.runtime.stepFunctions
    .history(executionArn)
    .filter((e): e is StateEvent => e.type === type && (e as StateEvent).state?.name === name);
}

async function runToEnd(document: unknown) {
  const accepted = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/submissions`, document);
  expect(accepted.status).toBe(202);
  const submission = await untilFinished(gateway.call, accepted.body.submissionId);
  await gateway.runtime.stepFunctions.waitForIdle();
  const execution = gateway.runtime.stepFunctions
    .executions()
    .find((e) => e.name === submission.submissionId);
  if (!execution) throw new Error(`no execution named ${submission.submissionId}`);
  return { submission, execution };
}

describe('SubmissionWorkflow on the embedded interpreter', () => {
  it('never polls before nextPollAfter, and polls only as often as TPP allows', async () => {
    const { submission, execution } = await runToEnd(await submissionForNextPeriod(gateway));
    expect(submission.status).toBe('processed');
    expect(execution.status).toBe('SUCCEEDED');

    const polls = stateEvents(execution.executionArn, 'StateEntered', 'GetContributionsStatus');
    expect(polls.length).toBe(3);
    // The Wait ends at TPP's nextPollAfter plus POLL_MARGIN_MS. Node timers may fire a millisecond early
    // against the wall clock; the margin absorbs that, so no poll reaches TPP before TPP's own time.
    for (const poll of polls) {
      const tppTime = Date.parse(poll.state.input.nextPollAfter) - POLL_MARGIN_MS;
      expect(poll.timestamp).toBeGreaterThanOrEqual(tppTime);
      expect(poll.timestamp).toBeGreaterThan(tppTime + POLL_MARGIN_MS / 2);
    }
    // Each poll waits for the time set on the answer before it.
    const submitted = stateEvents(execution.executionArn, 'StateExited', 'SubmitContributions')[0];
    const answers = [
      submitted,
      ...stateEvents(execution.executionArn, 'StateExited', 'GetContributionsStatus'),
    ];
    polls.forEach((poll, i) => {
      expect(poll.state.input.nextPollAfter).toBe(answers[i]?.state.output.nextPollAfter);
    });
    expect(gateway.runtime.tppSandbox?.earlyPolls(submission.providerReference)).toBe(0);
  });

  it('carries ids and timestamps between states, never the payroll', async () => {
    const { execution } = await runToEnd(await submissionForNextPeriod(gateway));
    for (const event of gateway.runtime.stepFunctions.history(execution.executionArn) as StateEvent[]) {
      if (!event.state) continue;
      const carried = JSON.stringify([event.state.input, event.state.output ?? null]);
      expect(carried).not.toContain('Williamson');
      expect(carried.length).toBeLessThan(2_000);
    }
  });
});
