import { defineConfig } from 'vitest/config';

/**
 * `npm run test:chaos`: the chaos suite (test/chaos), real Redis servers and service processes
 * under faults. One file at a time: each starts its own processes and the machine has few cores.
 */
export default defineConfig({
  test: {
    include: ['test/chaos/**/*.chaos.test.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // measured recoveries are printed for docs/operations.md
    reporters: ['default'],
  },
});
