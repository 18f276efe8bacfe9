import { defineConfig } from 'vitest/config';

// Browser tests: Debian's Chromium driven by playwright-core against a real farol server with a
// throwaway database. One file at a time: each starts its own server.
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll waits up to 1 s by default: too short for a page fetching and drawing on a
    // loaded 2-core CI machine (an inline image once missed it). A poll passes as soon as it can.
    expect: { poll: { timeout: 10_000 } },
    fileParallelism: false,
    pool: 'forks',
  },
});
