/**
 * RFC 4180 records: fields split on commas; quoted fields may hold commas, doubled quotes and line breaks;
 * records end at CRLF, LF or CR, and a final line break starts no record. Throws on a malformed file.
 */
export function readCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  const fail = (message: string): never => {
    throw new Error(`Record ${records.length + 1}: ${message}`);
  };
  for (;;) {
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote === -1) fail('a quoted field is never closed.');
        value += text.slice(i, quote);
        i = quote + 1;
        if (text[i] !== '"') break;
        value += '"';
        i++;
      }
      if (i < text.length && !isSeparator(text[i])) fail('text follows a closing quote.');
    } else {
      let end = i;
      while (end < text.length && !isSeparator(text[end])) end++;
      value = text.slice(i, end);
      if (value.includes('"')) fail('a quote inside an unquoted field.');
      i = end;
    }
    record.push(value);
    if (i >= text.length) break;
    if (text[i] === ',') {
      i++;
      continue;
    }
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    records.push(record);
    record = [];
    if (i >= text.length) return records;
  }
  records.push(record);
  return records;
}

function isSeparator(c: string | undefined): boolean {
  return c === ',' || c === '\n' || c === '\r';
}

// A writer puts one apostrophe before text a spreadsheet would run (and before apostrophes already there,
// so exactly one can always come off).
const INERT_FORMULA = /^'+[=+\-@\t\r]/;

export function fromInertText(cell: string): string {
  return INERT_FORMULA.test(cell) ? cell.slice(1) : cell;
}
