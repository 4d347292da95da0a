import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // e2e and workflow suites start servers; two cores, so keep the file-level parallelism modest.
    maxWorkers: 2,
    // EMF metric lines and INFO log lines would flood the output; test/unit/observability turns them on
    // where it reads them.
    env: { POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'ERROR' },
  },
});
