import { defineConfig } from 'vitest/config';

/**
 * `npm run test:chaos`: the chaos suite (test/chaos), real Redis servers and service processes
 * under faults. One file at a time: each starts its own processes and the machine has few cores.
 */
export default defineConfig({
  test: {
    include: ['test/chaos/**/*.chaos.test.ts'],
    fileParallelism: false,
    // the service processes run the sources, as the other tests do (bin/compiled.js)
    env: { HELPLINE_FROM_SOURCE: '1' },
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
