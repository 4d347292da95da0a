/** Writes `docs/events/*.schema.json` from the event catalog: `npm run docs:events`. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EVENT_CATALOG, type EventType, eventJsonSchema, eventSchemaFile } from '#domain/events';

const dir = fileURLToPath(new URL('../docs/events/', import.meta.url));
mkdirSync(dir, { recursive: true });
// A retired or renamed event must not leave its old schema behind.
for (const file of readdirSync(dir).filter((name) => name.endsWith('.schema.json'))) {
  rmSync(`${dir}${file}`);
}
for (const type of Object.keys(EVENT_CATALOG) as EventType[]) {
  writeFileSync(`${dir}${eventSchemaFile(type)}`, `${JSON.stringify(eventJsonSchema(type), null, 2)}\n`);
}
// Biome lays out JSON its own way; formatting here keeps `npm run lint` clean after a regeneration.
execFileSync('npx', ['biome', 'format', '--write', dir], { stdio: 'inherit' });
