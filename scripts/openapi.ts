/** Writes docs/openapi.json from the route catalogue, and the client types generated from it: `npm run docs:openapi`. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from '#http/openapi';
import { clientTypes } from './openapi-client-types.ts';

const documentFile = fileURLToPath(new URL('../docs/openapi.json', import.meta.url));
const typesFile = fileURLToPath(new URL('../docs/examples/gateway-api.d.ts', import.meta.url));

const document = openApiDocument();
writeFileSync(documentFile, `${JSON.stringify(document, null, 2)}\n`);
writeFileSync(typesFile, await clientTypes(document));
// Biome lays out JSON its own way; formatting here keeps `npm run lint` clean after a regeneration.
execFileSync('npx', ['biome', 'format', '--write', documentFile], { stdio: 'inherit' });
