import type { ProviderDocumentError } from '#providers/errors';

/** What a provider document reader refused with: its message and the fields it named. */
export function refusal(read: () => unknown): { message: string; fields: string[] | undefined } {
  try {
    read();
  } catch (error) {
    return { message: (error as Error).message, fields: (error as ProviderDocumentError).fields };
  }
  throw new Error('expected a refusal');
}
