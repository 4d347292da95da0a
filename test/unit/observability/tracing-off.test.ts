import { afterAll, describe, expect, it, vi } from 'vitest';
import { traceProviderCall } from '#observability/tracer';

// Loading the X-Ray SDK enables its async hooks for the whole process: switched off, it must not load.
const tracersMade = vi.hoisted(() => [] as string[]);
vi.mock('@aws-lambda-powertools/tracer', () => ({
  Tracer: class {
    constructor({ serviceName }: { serviceName: string }) {
      tracersMade.push(serviceName);
    }
    isTracingEnabled = () => false;
  },
}));

afterAll(() => vi.unstubAllEnvs());

describe('provider calls with tracing switched off', () => {
  it('run without loading the tracer, in Lambda too, when POWERTOOLS_TRACE_ENABLED is false', async () => {
    vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs22.x');
    vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'false');
    const annotated: unknown[] = [];
    const answer = await traceProviderCall('TPP postContributions', async (annotate) => {
      annotate({ status: 202 });
      annotated.push('called');
      return 'accepted';
    });
    expect(answer).toBe('accepted');
    expect(annotated).toEqual(['called']);
    expect(tracersMade).toEqual([]);
  });

  it('load it otherwise', async () => {
    vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'true');
    expect(await traceProviderCall('TPP getAccount', async () => 'read')).toBe('read');
    expect(tracersMade).toHaveLength(1);
  });
});
