import * as z from 'zod/mini';
import { gatewayProblem, InvalidRequestError } from '#http/problems';
import { InvalidPageTokenError } from '#store/table';

/** One page of a list, and where the next begins (absent on the last page). */
export const pageOf = <T extends z.core.$ZodType>(item: T) =>
  z.strictObject({
    items: z.array(item),
    nextCursor: z
      .optional(z.string())
      .check(z.describe('Absent on the last page; pass it as `cursor` for the next.')),
  });

/** A cursor this gateway did not give is the caller's mistake: a 400, not a 500. */
export async function withCursor<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidPageTokenError) {
      throw new InvalidRequestError([
        gatewayProblem(
          'invalid-cursor',
          'cursor must be a nextCursor this gateway gave for this same listing (scheme, list and filters)',
          'cursor',
        ),
      ]);
    }
    throw error;
  }
}

/** A page as the API answers it: no `nextCursor` key on the last page. */
export function answerPage<T, U>(page: { items: T[]; nextCursor?: string }, view: (item: T) => U) {
  return { items: page.items.map(view), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}
