import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // the chaos suite runs on its own: npm run test:chaos (vitest.chaos.config.ts)
    exclude: [...configDefaults.exclude, 'test/chaos/**'],
    // tests run the sources: bin/helpline-sim.js skips dist/ (bin/compiled.js)
    env: { HELPLINE_FROM_SOURCE: '1' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
