/**
 * The few fields read from S3's XML answers (an upload id, an ETag, a listing's keys, an error's code), and
 * the one XML body written (CompleteMultipartUpload). S3's answers are flat and small: element text without
 * attributes, CDATA or nesting of the same name, so a match per element does what an XML parser would,
 * without bundling one.
 */

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Element text as S3 wrote it, entities decoded: `&quot;` in ETags, `&amp;` or `&#13;` in keys. */
export const xmlDecoded = (text: string) =>
  text.replace(/&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));/g, (entity, hex, decimal, name) =>
    hex || decimal
      ? String.fromCodePoint(hex ? Number.parseInt(hex, 16) : Number(decimal))
      : (NAMED_ENTITIES[name] ?? entity),
  );

/** Text safe inside an XML element. */
export const xmlEscaped = (text: string) =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** The decoded text of every `<name>` element of `xml`, in order. */
export const xmlValues = (xml: string, name: string): string[] =>
  Array.from(xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g')), ([, text = '']) =>
    xmlDecoded(text),
  );

/** The decoded text of the first `<name>` element of `xml`, if any. */
export const xmlValue = (xml: string, name: string): string | undefined => xmlValues(xml, name)[0];

/** The inner XML of every `<name>` element: the entries of a listing. */
export const xmlElements = (xml: string, name: string): string[] =>
  Array.from(xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g')), ([, inner = '']) => inner);
