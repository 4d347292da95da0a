import openapiTS, { astToString } from 'openapi-typescript';

/** The TypeScript types openapi-typescript generates for the document: what a client is typed with. */
export async function clientTypes(document: Record<string, unknown>): Promise<string> {
  const header =
    '// Generated from docs/openapi.json by `npm run docs:openapi` (openapi-typescript); do not edit.\n';
  return header + astToString(await openapiTS(document as never));
}
