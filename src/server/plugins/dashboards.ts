/**
 * The browser dashboards: the live board at / and the planner workbench at /planner, built by
 * Vite into dashboards/dist (`npm run build:dashboards`, run by `npm ci` through `prepare`),
 * and the scenario's bilingual labels the live board names categories and organisations by.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LabelSchema, type Scenario } from '../../../core/scenario/schema.ts';

export interface DashboardsOptions {
  scenario: Scenario;
  /** Where the built pages are; dashboards/dist by default. */
  root?: string;
}

/** The nearest folder above this module with a package.json: the repository, whether run from source or from dist/. */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export const DEFAULT_DASHBOARDS_ROOT = path.join(packageRoot(), 'dashboards', 'dist') + path.sep;

export const DashboardLabelsSchema = z
  .object({
    scenario: z.string(),
    timeZone: z.string(),
    categories: z.array(z.object({ id: z.string(), label: LabelSchema })),
    organisations: z.array(z.object({ id: z.string(), label: LabelSchema })),
  })
  .meta({ id: 'DashboardLabels' });

export type DashboardLabels = z.infer<typeof DashboardLabelsSchema>;

const PAGES = { '/': 'index.html', '/planner': 'planner/index.html' } as const;

export const dashboardsPlugin: FastifyPluginAsyncZod<DashboardsOptions> = async (app, { scenario, root = DEFAULT_DASHBOARDS_ROOT }) => {
  const labels: DashboardLabels = {
    scenario: scenario.name,
    timeZone: scenario.horizon.timeZone,
    categories: scenario.categories.map((c) => ({ id: c.id, label: c.label })),
    organisations: scenario.organisations.map((o) => ({ id: o.id, label: o.name })),
  };
  app.get(
    '/dashboards/labels',
    { schema: { tags: ['live'], summary: "Bilingual names of the live scenario's categories and organisations", response: { 200: DashboardLabelsSchema } } },
    async () => labels,
  );

  if (!existsSync(root + PAGES['/'])) {
    // the service still routes calls without its pages; say how to get them
    app.log.warn({ root }, 'dashboards not built: run npm run build:dashboards');
    for (const url of Object.keys(PAGES)) {
      app.get(url, { schema: { hide: true } }, async (_request, reply) =>
        reply.code(503).type('text/plain').send('Dashboards not built: run `npm run build:dashboards` (npm ci does it).\n'),
      );
    }
    return;
  }

  // file names under assets/ carry a content hash, so browsers may keep them for good
  await app.register(fastifyStatic, { root: root + 'assets', prefix: '/assets/', immutable: true, maxAge: '365d', index: false });
  for (const [url, file] of Object.entries(PAGES)) {
    // pages are never cached: a new build must reach the screens on the next reload
    app.get(url, { schema: { hide: true } }, async (_request, reply) => reply.sendFile(file, root, { maxAge: 0, immutable: false }));
  }
};
