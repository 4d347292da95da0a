import * as z from 'zod/mini';
import { englishIssues } from '#domain/schema-problems';
import { ProviderDocumentError } from './errors.ts';

/** `path` of each issue; `(document)` when the document as a whole is at fault. */
function issuePaths(error: z.core.$ZodError): string[] {
  return [...new Set(error.issues.map((issue) => issue.path.map(String).join('.') || '(document)'))];
}

/** `path: problem; ...`, naming fields, never quoting their values (they may be personal data). */
function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(document)'}: ${issue.message}`)
    .join('; ');
}

/**
 * What `build` gives, built the first time it is asked for and then kept. A provider's document schemas
 * (and their parser) are built so: a function reads a few of a provider's documents, and building all of
 * them at import cost every cold start 6-20 ms of zod building schemas nothing parses with
 * (docs/cold-start.md). Each call is annotated `@__PURE__`, so that esbuild leaves out of a bundle the
 * schemas no reader in it uses, with all they would build.
 */
export function onFirstUse<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => {
    built ??= build();
    return built;
  };
}

/** A document's schema, built by the first read of a document of its kind (`onFirstUse`). */
export type DocumentSchema<S extends z.core.$ZodType> = () => S;

/**
 * Parses a provider's JSON body against the schema of what it publishes; anything else is one
 * ProviderDocumentError naming the provider, the document and each field at fault.
 */
export function readJsonDocument<S extends z.core.$ZodType>(
  schema: DocumentSchema<S>,
  body: string,
  what: string,
): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new ProviderDocumentError(`Unexpected ${what}: not JSON`, ['(document)'], { cause: error });
  }
  return readParsedDocument(schema, json, what);
}

/** Checks an already parsed document (JSON, or XML as a tree) against the schema, as readJsonDocument does. */
export function readParsedDocument<S extends z.core.$ZodType>(
  schema: DocumentSchema<S>,
  tree: unknown,
  what: string,
): z.output<S> {
  const result = z.safeParse(schema(), tree, { error: englishIssues });
  if (!result.success) {
    throw new ProviderDocumentError(
      `Unexpected ${what}: ${describeIssues(result.error)}`,
      issuePaths(result.error),
      { cause: result.error },
    );
  }
  return result.data;
}
