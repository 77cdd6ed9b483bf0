import { defineConfig } from 'vitest/config';

// Two projects: unit (parallel, no I/O) and integration (run with --no-file-parallelism:
// one file at a time, against the
// real Redis and PostgreSQL that `npm test` starts; see scripts/bootstrap.mjs).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          setupFiles: ['tests/setup/unit.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          setupFiles: ['tests/setup/integration.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
