import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type PapdisHeader, papdisCsvPieces, renderPapdisCsv } from '#formats/papdis-csv';
import { type PassHeader, passXmlPieces, renderPassXml } from '#formats/pass-xml';
import { canonical } from './papdis-support.ts';

/**
 * Documents as the renderers wrote them before they were made faster (hostile text from papdis-support's
 * generator, fixed seed, and a slice of the large payroll): any change to a rendered byte must be deliberate.
 */
interface RenderedDocument {
  wire: unknown;
  csvHeader: PapdisHeader;
  passHeader: PassHeader;
  csv: string;
  xml: string;
}

const documents: RenderedDocument[] = JSON.parse(
  readFileSync(new URL('../../fixtures/rendered-documents.json', import.meta.url), 'utf8'),
);

describe('rendered documents', () => {
  it('has documents to compare', () => {
    expect(documents.length).toBeGreaterThan(20);
  });

  it.each(documents.map((document, i) => [i, document] as const))(
    'document %i renders byte for byte as before, whole and in pieces',
    (_, { wire, csvHeader, passHeader, csv, xml }) => {
      const submission = canonical(wire);
      expect(renderPapdisCsv(submission, csvHeader)).toBe(csv);
      expect([...papdisCsvPieces(submission, csvHeader)].join('')).toBe(csv);
      expect(renderPassXml(submission, passHeader)).toBe(xml);
      expect([...passXmlPieces(submission, passHeader)].join('')).toBe(xml);
    },
  );
});
