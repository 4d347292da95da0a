import { type HeardExchange, listenToExchanges } from '#providers/exchange-listener';
import { documentKeys, type Exchange, recordExchange } from '#store/documents';

/** `getContributionsStatus` → `get-contributions-status`, as the submission's history names operations. */
const kebab = (operation: string) => operation.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/** The exchange as the audit trail keeps it: never its headers; a streamed body is the stored document sent. */
function kept(submissionId: string, { provider, request, startedAt, status, body, failure }: HeardExchange) {
  const sent = request.body;
  const exchange: Exchange = {
    provider,
    operation: kebab(request.operation),
    startedAt: startedAt.toISOString(),
    request: {
      method: request.method,
      url: request.url,
      ...(typeof sent === 'string' ? { body: sent } : {}),
      // The only document streamed to a provider is the one kept to send (use-cases/outgoing-document).
      ...(typeof sent === 'object'
        ? { bodyDocument: documentKeys.outgoing(submissionId), bodyBytes: sent.length }
        : {}),
    },
    ...(status === undefined ? {} : { response: { status, body: body ?? '' } }),
    ...(failure ? { failure } : {}),
  };
  return exchange;
}

/**
 * Runs one workflow step of a submission and keeps every provider exchange it made, answered or not,
 * in the submission's audit trail. Each exchange is kept as it is heard, before the step acts on the
 * answer: a status that says what an answer changed is never ahead of the trail that shows the answer.
 * One that could not be written then is written once the step is over, before its outcome goes on.
 */
export async function keepingExchanges<T>(submissionId: string, step: () => Promise<T>): Promise<T> {
  const keep = (exchange: HeardExchange) => recordExchange(submissionId, kept(submissionId, exchange));
  const unkept: HeardExchange[] = [];
  // Never fails the request it hears: an answer the provider gave must reach the step (a POST it took
  // must not be sent again because its record failed).
  const keepAsHeard = (exchange: HeardExchange) => keep(exchange).catch(() => unkept.push(exchange));
  const keepUnkept = () => Promise.all(unkept.map(keep));
  let result: T;
  try {
    result = await listenToExchanges(keepAsHeard, step);
  } catch (error) {
    // The step's own failure decides what the workflow does next; a failed write must not replace it.
    await keepUnkept().catch(() => undefined);
    throw error;
  }
  await keepUnkept();
  return result;
}
