import { vi } from 'vitest';

/**
 * Switches metrics on and keeps the EMF lines Powertools writes to stdout (as CloudWatch would read them
 * from the log) until the mocks are restored; everything else is written as usual. Call in `beforeEach`,
 * with `vi.restoreAllMocks()` and `vi.unstubAllEnvs()` after each test.
 */
export function captureEmf(): { written: string[]; lines: () => any[] } {
  const written: string[] = [];
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) => {
    const text = String(chunk);
    if (text.includes('"_aws"')) {
      written.push(text);
      return true;
    }
    return write(chunk, ...(rest as []));
  });
  return { written, lines: () => written.map((line) => JSON.parse(line)) };
}
