import { Tracer } from '@aws-lambda-powertools/tracer';
import { instrumentAwsClients } from './aws-clients.ts';
import { currentLogIds } from './logger.ts';
import { SERVICE_NAME } from './service.ts';

/**
 * X-Ray through Powertools, loaded only by the functions that call a provider (shared/providers/http.ts
 * imports it): the X-Ray SDK it brings costs every function that loads it part of its cold start (see
 * docs/operations.md), and the provider calls are the traces worth that cost. Those functions also trace
 * their AWS SDK calls (aws-clients.ts); every function still has the segment Lambda's active tracing gives.
 *
 * Powertools turns it off outside Lambda (no `AWS_EXECUTION_ENV`) or when `POWERTOOLS_TRACE_ENABLED` is
 * `false`: the embedded runtime traces nothing and needs no daemon. `fetch` is not traced globally, so no
 * trace header is added to what a provider receives; each provider call gets its own subsegment below.
 */
const tracer = new Tracer({ serviceName: SERVICE_NAME, captureHTTPsRequests: false });
instrumentAwsClients((client) => tracer.captureAWSv3Client(client));

/** What a provider call's subsegment is annotated with: names, codes and ids, never a payload. */
export type TraceAnnotations = Record<string, string | number | undefined>;

/**
 * Runs `call` in a subsegment named `name`, annotated with the invocation's ids (so X-Ray finds a
 * submission's calls) and what `call` reports through `annotate`; marked as an error when it throws.
 */
export function traceProviderCall<T>(
  name: string,
  call: (annotate: (annotations: TraceAnnotations) => void) => Promise<T>,
): Promise<T> {
  if (!tracer.isTracingEnabled()) return call(() => {});
  return tracer.provider.captureAsyncFunc(name, async (subsegment) => {
    const annotate = (annotations: TraceAnnotations) => {
      for (const [key, value] of Object.entries(annotations))
        if (value !== undefined) subsegment?.addAnnotation(key, value);
    };
    subsegment?.addAttribute('namespace', 'remote');
    annotate({ ...currentLogIds() });
    try {
      return await call(annotate);
    } catch (error) {
      subsegment?.addErrorFlag();
      throw error;
    } finally {
      subsegment?.close();
    }
  }) as Promise<T>;
}
