import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stepHandler } from '#observability/handler';
import { addLogIds, idsIn, logger, useLogLevelFromEnvironment } from '#observability/logger';

/** The JSON lines the logger writes. */
let lines: Record<string, unknown>[] = [];

beforeEach(() => {
  lines = [];
  logger.setLogLevel('INFO');
  // Powertools writes WARN and above to stderr.
  for (const stream of [process.stdout, process.stderr])
    vi.spyOn(stream, 'write').mockImplementation((chunk) => {
      lines.push(JSON.parse(String(chunk)));
      return true;
    });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  logger.setLogLevel('ERROR');
});

const context = (functionName: string, awsRequestId: string) =>
  ({
    functionName,
    awsRequestId,
    invokedFunctionArn: `arn:aws:lambda:eu-west-2:1:function:${functionName}`,
  }) as Context;

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('log lines carry their own invocation', () => {
  it('keeps each concurrent invocation’s context and ids on its own lines', async () => {
    const step = stepHandler(async (state: { submissionId: string; schemeId: string; jobId?: string }) => {
      logger.info('before');
      await tick();
      addLogIds({ providerReference: `ref-${state.submissionId}` });
      await tick();
      logger.info('after');
      return state;
    });
    await Promise.all([
      step({ submissionId: 's1', schemeId: 'scheme-1' }, context('GetJob', 'r1')),
      step({ submissionId: 's2', schemeId: 'scheme-2', jobId: 'job-2' }, context('GetJob', 'r2')),
    ]);
    const of = (submissionId: string) => lines.filter((line) => line.submissionId === submissionId);
    expect(of('s1').map((line) => line.message)).toEqual(['before', 'after']);
    expect(of('s1')[0]).toMatchObject({
      schemeId: 'scheme-1',
      function_name: 'GetJob',
      function_request_id: 'r1',
    });
    expect(of('s1')[0]).not.toHaveProperty('providerReference');
    expect(of('s1')[1]).toMatchObject({ function_request_id: 'r1', providerReference: 'ref-s1' });
    // The state's job id is the provider reference until the step learns another.
    expect(of('s2')[0]).toMatchObject({
      schemeId: 'scheme-2',
      function_request_id: 'r2',
      providerReference: 'job-2',
    });
    expect(of('s2')[1]).toMatchObject({ function_request_id: 'r2', providerReference: 'ref-s2' });
    // The first invocation of a function is its cold start.
    expect(lines.filter((line) => line.cold_start === true)).toHaveLength(2);
  });

  it('logs a failed step by its error’s name only, and still throws it', async () => {
    const step = stepHandler(async (_state: { submissionId: string }) => {
      throw Object.assign(new Error('TPP answered 400: {"surname":"Williamson"}'), {
        name: 'ProviderRejectedError',
      });
    });
    await expect(step({ submissionId: 's3' }, context('SubmitContributions', 'r3'))).rejects.toThrow('400');
    expect(lines).toEqual([
      expect.objectContaining({
        message: 'step failed',
        level: 'WARN',
        error: 'ProviderRejectedError',
        submissionId: 's3',
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('Williamson');
  });

  it('finds ids in a state or a path, and nothing else', () => {
    expect(
      idsIn({ submissionId: 'a', contributionsId: 'c', employees: [{ surname: 'x' }], pollCount: 2 }),
    ).toEqual({
      submissionId: 'a',
      providerReference: 'c',
    });
    expect(idsIn(undefined)).toEqual({});
  });
});

describe('the level a host sets after the logger was built', () => {
  it('takes POWERTOOLS_LOG_LEVEL as it is now; unset or not a level, keeps the level', () => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'WARN');
    useLogLevelFromEnvironment();
    expect(logger.getLevelName()).toBe('WARN');
    logger.info('below the level');
    logger.warn('at the level');
    expect(lines.map((line) => line.message)).toEqual(['at the level']);

    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'debug');
    useLogLevelFromEnvironment();
    expect(logger.getLevelName()).toBe('DEBUG');

    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'LOUD');
    useLogLevelFromEnvironment();
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', undefined);
    useLogLevelFromEnvironment();
    expect(logger.getLevelName()).toBe('DEBUG');
  });
});
