import { en } from 'zod/locales';

/**
 * Zod's English messages, given with each parse rather than set for the process: classic zod sets them when
 * imported, zod/mini does not, and a bundle may hold either (the messages are the same). Pass it as
 * `{ error: englishIssues }`; a schema's own message still comes first.
 */
export const englishIssues = /* @__PURE__ */ en().localeError;
