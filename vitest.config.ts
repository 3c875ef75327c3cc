import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    coverage: {
      provider: 'v8',
      include: ['src/**'],
      reporter: ['text-summary', 'json-summary'],
      reportOnFailure: true,
      // Enforced by `npm test` (vitest run --coverage): a change that leaves code untested fails the suite.
      thresholds: { lines: 95, branches: 90 },
    },
  },
});
