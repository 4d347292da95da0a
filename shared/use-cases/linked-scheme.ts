import { gatewayProblem, HttpProblem, NotFoundError } from '#http/problems';
import { getScheme, type Scheme } from '#store/schemes';

/*
 * Apart from scheme-links.ts: most functions look a scheme up, and that module's list and unlink schemas
 * (zod, built at import) would cost each of their cold starts 2-9 ms for routes they do not serve.
 */

/** The scheme was unlinked: it takes nothing new. Its history can still be read. */
export class SchemeUnlinkedError extends HttpProblem {
  override name = 'SchemeUnlinkedError';
  constructor(scheme: Scheme) {
    const message = `Scheme ${scheme.schemeId} was unlinked at ${scheme.unlinkedAt}; it takes no new submissions, syncs or refreshes. Link the scheme again for a new one.`;
    super(410, 'Scheme unlinked', message, [
      { ...gatewayProblem('scheme-unlinked', message, 'schemeId'), providedValue: scheme.schemeId },
    ]);
  }
}

/** The scheme, for a request that does something with it: 404 when unknown, 410 once unlinked. */
export async function linkedScheme(schemeId: string): Promise<Scheme> {
  const scheme = await getScheme(schemeId);
  if (!scheme) throw new NotFoundError(`No scheme ${schemeId}`);
  if (scheme.unlinkedAt) throw new SchemeUnlinkedError(scheme);
  return scheme;
}
