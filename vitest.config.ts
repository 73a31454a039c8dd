import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // integration and e2e tiers start real servers / tmux: keep them from fighting over 2 cores
    fileParallelism: true,
    maxWorkers: 2,
  },
});
