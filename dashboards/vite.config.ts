/**
 * Builds the two dashboard pages (live board at /, planner workbench at /planner) into
 * dashboards/dist, which the service serves (src/server/plugins/dashboards.ts). Everything is
 * bundled: the machines that run the service have no internet, so no CDN.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    // ECharts alone is ~600 kB minified even when tree-shaken; served locally, so no need to warn
    chunkSizeWarningLimit: 1200,
    rollupOptions: { input: { live: here('index.html'), planner: here('planner/index.html') } },
  },
});
