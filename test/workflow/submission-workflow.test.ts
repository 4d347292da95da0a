import { describe, expect, it } from 'vitest';
import { POLL_MARGIN_MS } from '#domain/poll-schedule';
import { systemClock } from '#use-cases/clock';
import { pollContributions } from '#use-cases/tpp-delivery';
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
  it('records processed in the poll that learns it, and a poll run again (a retried Task) keeps it once and announces it once', async () => {
    const { submission, execution } = await runToEnd(await submissionForNextPeriod(gateway));
    expect(submission.status).toBe('processed');
    const arn = execution.executionArn;
    // The poll made the move: no step after it writes the submission again before the slot is released.
    expect(stateEvents(arn, 'StateEntered', 'RecordProcessed')).toHaveLength(0);
    const lastPoll = stateEvents(arn, 'StateExited', 'GetContributionsStatus').at(-1) as StateEvent;
    expect(lastPoll.state.output.progress).toBe('processed');
    expect(stateEvents(arn, 'StateEntered', 'ReleaseAccountSlot')).toHaveLength(1);

    const statusEvents = () =>
      gateway.runtime.eventBridge
        .events()
        .filter((e) => e.DetailType === 'Submission Status Changed')
        .map((e) => e.Detail as { submissionId: string; status: string; eventId: string })
        .filter((detail) => detail.submissionId === submission.submissionId);
    await gateway.runtime.eventBridge.waitForDeliveries();
    const announced = statusEvents();
    expect(announced.map((e) => e.status)).toEqual(['received', 'submitted', 'accepted', 'processed']);

    const pollInput = (stateEvents(arn, 'StateEntered', 'GetContributionsStatus').at(-1) as StateEvent).state
      .input;
    const again = await pollContributions(pollInput, systemClock);
    expect(again.progress).toBe('processed');
    await gateway.runtime.eventBridge.waitForDeliveries();
    expect(statusEvents()).toEqual(announced);
    const after = await gateway.call('GET', `/v1/submissions/${submission.submissionId}`);
    expect(after.body.status).toBe('processed');
    expect(after.body.history.filter((entry: any) => entry.status === 'processed')).toHaveLength(1);
    // The second poll's exchange is kept in the history all the same.
    const polled = (history: any[]) =>
      history.filter((entry) => entry.kind === 'attempt' && entry.operation === 'get-contributions-status');
    expect(polled(after.body.history)).toHaveLength(polled(submission.history).length + 1);
  });
});
