/**
 * The service under test for bench/routing.bench.ts, in its own process so the load generator
 * does not share its event loop. Modes: `noop` (bare Fastify: the ceiling), `memory`, `redis`.
 * The no-op route takes the same POST as the routing route, so the ratio isolates the cost of
 * routing (validation, shared state, decision) from the cost of HTTP itself. In the service
 * modes, `calls` calls are pre-created at the menu; their ids and the port go to the parent.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { loadScenarioFile } from '../sim/cli/load-scenario.ts';
import { systemClock } from '../src/live/clock.ts';
import type { LineStore } from '../src/live/line-store.ts';
import { MemoryLineStore } from '../src/live/memory-line-store.ts';
import { RedisLineStore } from '../src/live/redis-line-store.ts';
import { buildApp } from '../src/server/app.ts';
import { parseConfig } from '../src/server/config.ts';

const [mode, callsArg, scenarioFile, prefix] = process.argv.slice(2);

async function noopApp(): Promise<{ app: FastifyInstance; ids: string[] }> {
  const app = Fastify({ logger: false });
  app.post('/calls/:id/digits', async () => ({}));
  return { app, ids: Array.from({ length: 1000 }, () => randomUUID()) };
}

async function serviceApp(): Promise<{ app: FastifyInstance; ids: string[] }> {
  const config = parseConfig({
    API_KEY: 'bench-admin-key-0123456789',
    CALLER_HASH_KEY: 'bench-hash-key-0123456789',
    RATE_LIMIT_MAX: '100000000',
    REDIS_URL: mode === 'redis' ? (process.env.REDIS_URL_BENCH ?? 'redis://127.0.0.1:6379') : undefined,
  });
  const store: LineStore = mode === 'redis' ? new RedisLineStore(config.REDIS_URL!, prefix!) : new MemoryLineStore();
  const app = await buildApp({
    config,
    scenario: await loadScenarioFile(scenarioFile!),
    lineStore: store,
    clock: systemClock,
    // request logs off: the bench measures routing, not log shipping
    logger: pino({ level: 'warn' }),
  });
  const ids: string[] = [];
  const total = Number(callsArg);
  while (ids.length < total) {
    const batch = await Promise.all(Array.from({ length: Math.min(1000, total - ids.length) }, () => app.helpline.callFlow.start(undefined)));
    ids.push(...batch.map((s) => s.call.id));
  }
  return { app, ids };
}

const { app, ids } = mode === 'noop' ? await noopApp() : await serviceApp();
await app.listen({ port: 0, host: '127.0.0.1' });
process.on('message', async (m) => {
  if (m !== 'stop') return;
  await app.close();
  process.exit(0);
});
process.send!({ port: (app.server.address() as { port: number }).port, ids });
