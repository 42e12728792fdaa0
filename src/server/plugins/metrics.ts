/**
 * Prometheus text at /metrics. The figures are gauges read from the shared store at scrape
 * time, so every instance exports the same service-wide values (in Redis mode) and a scrape of
 * any one instance is enough.
 */
import type { FastifyPluginAsync } from 'fastify';
import { Gauge, Registry } from 'prom-client';
import type { LiveSnapshot } from '../../live/live-metrics.ts';
import { requireApiKey } from '../auth.ts';

export interface MetricsOptions {
  snapshot: () => Promise<LiveSnapshot>;
  apiKey: string | undefined;
}

export const metricsPlugin: FastifyPluginAsync<MetricsOptions> = async (app, { snapshot, apiKey }) => {
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[]) => new Gauge({ name, help, labelNames, registers: [registry] });
  const attempts = gauge('helpline_attempts', 'Attempts ended in the window (呼出件数)', ['category', 'window']);
  const answered = gauge('helpline_answered', 'Attempts answered in the window (接続完了)', ['category', 'window']);
  const answerRate = gauge('helpline_answer_rate', 'answered / attempts in the window', ['category', 'window']);
  const linesOnDuty = gauge('helpline_lines_on_duty', 'Lines staffed now', ['organisation']);
  const linesBusy = gauge('helpline_lines_busy', 'Lines ringing or talking now', ['organisation']);
  const waiting = gauge('helpline_calls_waiting', 'Calls queued now', ['category']);

  app.get('/metrics', { onRequest: apiKey === undefined ? [] : [requireApiKey(apiKey)], schema: { hide: true } }, async (_request, reply) => {
    const snap = await snapshot();
    for (const g of [attempts, answered, answerRate]) g.reset();
    const rows = [{ category: 'all', windows: snap.total }, ...snap.categories];
    for (const { category, windows } of rows) {
      for (const [window, f] of Object.entries(windows)) {
        attempts.set({ category, window }, f.attempts);
        answered.set({ category, window }, f.answered);
        if (f.answerRate !== null) answerRate.set({ category, window }, f.answerRate);
      }
    }
    for (const o of snap.organisations) {
      linesOnDuty.set({ organisation: o.organisation }, o.onDuty);
      linesBusy.set({ organisation: o.organisation }, o.busy);
    }
    for (const c of snap.categories) waiting.set({ category: c.category }, c.waiting);
    return reply.type(registry.contentType).send(await registry.metrics());
  });
};
