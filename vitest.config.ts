import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Workspace packages resolve to their TypeScript sources in tests, so no build is needed first.
    conditions: ['slipway-source'],
  },
  ssr: { resolve: { conditions: ['slipway-source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'e2e/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Test files share their worker's module graph instead of importing the server's sources again
    // for each of ~320 files (a file's import cost 5-8 s here; the suite took 44 minutes isolated).
    // Tests therefore leave no global state behind: every mock restored, every server closed.
    isolate: false,
    globalSetup: ['./scripts/vitest-global-setup.ts'],
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
