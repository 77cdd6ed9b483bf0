import { defineConfig } from 'vitest/config';

// Three projects: unit (parallel, no I/O), integration (run with --no-file-parallelism:
// one file at a time, against the
// real Redis and PostgreSQL that `npm test` starts; see scripts/bootstrap.mjs) and e2e
// (the built sidebar in a real browser, also one file at a time).
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
      {
        // The sidebar page in Debian's Chromium (playwright-core); needs `npm run sidebar:build` first.
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          setupFiles: ['tests/setup/integration.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
