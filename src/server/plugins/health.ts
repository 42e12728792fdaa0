/** Liveness (the process answers) and readiness (the store answers and we are not shutting down). */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { LineStore } from '../../live/line-store.ts';

export interface HealthOptions {
  store: LineStore;
  /** True once shutdown has begun: a load balancer should stop sending requests. */
  closing: () => boolean;
}

const Status = z.object({ status: z.enum(['ok', 'unavailable']) });

export const healthPlugin: FastifyPluginAsyncZod<HealthOptions> = async (app, { store, closing }) => {
  const tags = ['health'];
  app.get('/healthz', { schema: { tags, response: { 200: Status } } }, async () => ({ status: 'ok' as const }));
  app.get('/readyz', { schema: { tags, response: { 200: Status, 503: Status } } }, async (request, reply) => {
    if (closing()) return reply.code(503).send({ status: 'unavailable' });
    try {
      await store.ping();
      return { status: 'ok' as const };
    } catch (err) {
      request.log.warn({ err }, 'store not ready');
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
};
