/**
 * Liveness (the process answers) and readiness: not shutting down, and the line state every
 * routing request reads can be read (missing lines read as new ones, so an emptied Redis is
 * ready) within READY_TIMEOUT_MS, so a stalled store fails readiness instead of hanging it.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { LineStore } from '../../live/line-store.ts';
import { within } from '../../live/store-errors.ts';

export interface HealthOptions {
  store: LineStore;
  /** Every line of the scenario: readiness reads them all, as routing does. */
  lineKeys: readonly string[];
  /** Longest wait for the store before answering 503. */
  timeoutMs: number;
  /** True once shutdown has begun: a load balancer should stop sending requests. */
  closing: () => boolean;
}

const Status = z.object({ status: z.enum(['ok', 'unavailable']) });

export const healthPlugin: FastifyPluginAsyncZod<HealthOptions> = async (app, { store, lineKeys, timeoutMs, closing }) => {
  const tags = ['health'];
  app.get('/healthz', { schema: { tags, response: { 200: Status } } }, async () => ({ status: 'ok' as const }));
  app.get('/readyz', { schema: { tags, response: { 200: Status, 503: Status } } }, async (request, reply) => {
    if (closing()) return reply.code(503).send({ status: 'unavailable' });
    try {
      await within(store.lines(lineKeys), timeoutMs, 'line state');
      return { status: 'ok' as const };
    } catch (err) {
      request.log.warn({ err }, 'store not ready');
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
};
