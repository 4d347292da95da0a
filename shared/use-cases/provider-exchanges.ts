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
 * in the submission's audit trail. The exchanges are kept before the step's outcome (or failure) goes on.
 */
export async function keepingExchanges<T>(submissionId: string, step: () => Promise<T>): Promise<T> {
  const heard: HeardExchange[] = [];
  const keepAll = () =>
    Promise.all(heard.map((exchange) => recordExchange(submissionId, kept(submissionId, exchange))));
  let result: T;
  try {
    result = await listenToExchanges((exchange) => heard.push(exchange), step);
  } catch (error) {
    // The step's own failure decides what the workflow does next; a failed write must not replace it.
    await keepAll().catch(() => undefined);
    throw error;
  }
  await keepAll();
  return result;
}
