import { describe, expect, it } from 'vitest';
import type { Problem } from '#domain/problems';
import { renderErrorsCsv } from '#formats/errors-csv';

const HEADER =
  'Employee reference,Employee row,Field,Code,Message,Provided value,Expected value,Category,Source\r\n';

describe('renderErrorsCsv', () => {
  it('is the header row alone when there are no errors', () => {
    expect(renderErrorsCsv([])).toBe(HEADER);
  });

  it('writes one row per error, the employee row counted from 1, empty cells for what an error lacks', () => {
    const problems: Problem[] = [
      {
        code: 'D/B03',
        message: 'Title and gender do not match',
        field: 'employees[1].gender',
        uniqueId: '65309',
        employeeIndex: 1,
        providedValue: 'F',
        expectedValue: 'M',
        source: 'gateway',
      },
      { code: 'H/D03', message: 'Not the expected period', source: 'provider' },
    ];
    expect(renderErrorsCsv(problems)).toBe(
      `${HEADER}65309,2,employees[1].gender,D/B03,Title and gender do not match,F,M,,gateway\r\n,,,H/D03,Not the expected period,,,,provider\r\n`,
    );
  });

  it('quotes per RFC 4180: commas, double quotes (doubled) and line breaks', () => {
    const csv = renderErrorsCsv([{ code: 'x', message: 'Say "hi", then\r\nleave', source: 'provider' }]);
    expect(csv.split('\r\n')[1]).toBe(',,,x,"Say ""hi"", then');
    expect(csv).toContain('"Say ""hi"", then\r\nleave"');
  });

  it.each(['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\tTAB', "'=already"])(
    'makes %j inert for a spreadsheet with a leading apostrophe',
    (value) => {
      const [, row] = renderErrorsCsv([
        { code: 'c', message: 'm', providedValue: value, source: 'provider' },
      ]).split('\r\n');
      const cell = row?.split(',')[5] ?? '';
      expect(cell.replace(/^"/, '').startsWith("'")).toBe(true);
      expect(cell).toContain(value.replaceAll('"', '""'));
    },
  );
});
