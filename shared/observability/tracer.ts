import type { Tracer } from '@aws-lambda-powertools/tracer';
import { instrumentAwsClients } from './aws-clients.ts';
import { currentLogIds } from './logger.ts';
import { SERVICE_NAME } from './service.ts';

/**
 * X-Ray through Powertools, loaded and created on a process's first provider call: the X-Ray SDK it brings
 * would add to the cold start of every function bundling a provider client, including those that never call
 * one (docs/operations.md has the figures). A bundle does not even hold it: #observability/xray-tracer is a
 * file of its own beside the bundle (docs/cold-start.md). From then on the process also traces its AWS SDK
 * calls (aws-clients.ts); every function has the segment Lambda's active tracing gives in any case.
 *
 * Powertools turns it off outside Lambda (no `AWS_EXECUTION_ENV`) or when `POWERTOOLS_TRACE_ENABLED` is
 * `false`: the embedded runtime traces nothing and needs no daemon. `fetch` is not traced globally, so no
 * trace header is added to what a provider receives; each provider call gets its own subsegment below.
 */
let created: Promise<Tracer> | undefined;

function tracer(): Promise<Tracer> {
  created ??= import('#observability/xray-tracer').then(({ Tracer }) => {
    const tracer = new Tracer({ serviceName: SERVICE_NAME, captureHTTPsRequests: false });
    instrumentAwsClients((client) => tracer.captureAWSv3Client(client));
    return tracer;
  });
  return created;
}

/**
 * `POWERTOOLS_TRACE_ENABLED=false` switches tracing off before anything is loaded: the X-Ray SDK's
 * context (cls-hooked) enables async hooks with destroy tracking as it loads, which makes every promise
 * in the process several times dearer, traced or not (docs/month-end.md).
 */
const tracingSwitchedOff = () => process.env.POWERTOOLS_TRACE_ENABLED?.toLowerCase() === 'false';

/** What a provider call's subsegment is annotated with: names, codes and ids, never a payload. */
export type TraceAnnotations = Record<string, string | number | undefined>;

/**
 * Runs `call` in a subsegment named `name`, annotated with the invocation's ids (so X-Ray finds a
 * submission's calls) and what `call` reports through `annotate`; marked as an error when it throws.
 */
export async function traceProviderCall<T>(
  name: string,
  call: (annotate: (annotations: TraceAnnotations) => void) => Promise<T>,
): Promise<T> {
  if (tracingSwitchedOff()) return call(() => {});
  const xray = await tracer();
  if (!xray.isTracingEnabled()) return call(() => {});
  return xray.provider.captureAsyncFunc(name, async (subsegment) => {
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
