/**
 * The service under test for bench/routing.bench.ts, in its own process so the load generator
 * does not share its event loop. Modes: `noop` (bare Fastify: the ceiling), `memory`, `redis`.
 * The no-op route takes the same POST as the routing route (its JSON body parsed by Fastify) and
 * answers with a fixed body of the same shape and size as a routing answer, so the ratio
 * isolates the cost of routing (validation, shared state, decision) from the cost of HTTP itself. In the service
 * modes, `calls` calls are pre-created at the menu; their ids and the port go to the parent, which
 * asks for more (`{ calls: n }`) before each round.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import { GCProfiler, getHeapStatistics } from 'node:v8';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { loadScenarioFile } from '../sim/io/load-scenario.ts';
import { systemClock } from '../sim/io/clock.ts';
import type { CallFlow } from '../src/live/call-flow.ts';
import type { LineStore } from '../src/live/line-store.ts';
import { createLiveService } from '../src/live/live-service.ts';
import { MemoryLineStore } from '../src/live/memory-line-store.ts';
import { RedisLineStore } from '../src/live/redis-line-store.ts';
import { buildApp } from '../src/server/app.ts';
import { liveLimits, parseConfig } from '../src/server/config.ts';
import { tuneRuntime } from '../src/server/runtime-tuning.ts';

const [mode, callsArg, scenarioFile, prefix] = process.argv.slice(2);
// the process settings of `npm start`, in every mode (the no-op's too: same start, same settings)
tuneRuntime();

/** The app, the first calls' ids, and where more calls come from. */
interface Served {
  app: FastifyInstance;
  ids: string[];
  callFlow?: CallFlow;
}

async function noopApp(): Promise<Served> {
  const app = Fastify({ logger: false });
  // the shape and size of a routing answer (a call ended busy), serialised the same way (JSON.stringify)
  app.post<{ Params: { id: string } }>('/calls/:id/digits', async (request) => ({
    id: request.params.id,
    status: 'ended',
    prompt: null,
    category: 'loneliness',
    line: null,
    queuePosition: null,
    outcome: 'blocked',
  }));
  return { app, ids: Array.from({ length: 1000 }, () => randomUUID()) };
}

async function serviceApp(): Promise<Served> {
  const config = parseConfig({
    API_KEY: 'bench-admin-key-0123456789',
    CALLER_HASH_KEY: 'bench-hash-key-0123456789',
    RATE_LIMIT_MAX: '100000000',
    // the bench holds hundreds of thousands of fresh calls at the menu for minutes: no cap, no menu expiry
    MAX_ACTIVE_CALLS: '10000000',
    MENU_TIMEOUT_SECONDS: '86400',
    // the fan-out phase opens 1,000 live-board sockets from this one address
    WS_MAX_PER_ADDRESS: '100000',
    REDIS_URL: mode === 'redis' ? (process.env.REDIS_URL_BENCH ?? 'redis://127.0.0.1:6379') : undefined,
  });
  const store: LineStore = mode === 'redis' ? new RedisLineStore(config.REDIS_URL!, prefix!) : new MemoryLineStore();
  const scenario = await loadScenarioFile(scenarioFile!);
  const app = await buildApp({
    config,
    scenario,
    lineStore: store,
    clock: systemClock,
    // request logs off by default: the bench measures routing, not log shipping; LOG_LEVEL=info
    // measures production's default logging (written to /dev/null)
    logger: pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination({ dest: '/dev/null', sync: true })),
  });
  // the calls are made by a second set of live parts over the same store, as another instance would
  const { callFlow } = createLiveService({
    scenario,
    store,
    clock: systemClock,
    limits: liveLimits(config),
    random: Math.random,
    callerHashKey: config.CALLER_HASH_KEY,
    log: app.log,
    onChange: () => {},
  });
  return { app, ids: await createCalls(callFlow, Number(callsArg)), callFlow };
}

/** `n` new calls at the top menu (unmeasured setup); their ids. */
async function createCalls(callFlow: CallFlow, n: number): Promise<string[]> {
  const ids: string[] = [];
  while (ids.length < n) {
    const batch = await Promise.all(Array.from({ length: Math.min(1000, n - ids.length) }, () => callFlow.start(undefined)));
    ids.push(...batch.map((s) => s.call.id));
  }
  return ids;
}

const { app, ids, callFlow } = mode === 'noop' ? await noopApp() : await serviceApp();
await app.listen({ port: 0, host: '127.0.0.1' });
// CPU_PROF=<dir> or HEAP_PROF=<dir>: the parent asks for a profile of each measured round (not the setup)
const heapProfile = process.env.HEAP_PROF !== undefined;
const profileDir = process.env.HEAP_PROF ?? process.env.CPU_PROF;
const profiler = profileDir === undefined ? undefined : new Session();
profiler?.connect();
let gcProfiler: { profiler: GCProfiler; usedAtStart: number } | undefined;
process.on('message', async (m: unknown) => {
  if (typeof m === 'object' && m !== null && 'calls' in m) {
    // more fresh calls for the next round, made between rounds so that no round meets a routed one
    process.send!({ created: await createCalls(callFlow!, (m as { calls: number }).calls) });
    return;
  }
  if (m === 'usage') {
    // CPU time so far (µs): the parent takes the difference over a round
    process.send!({ usage: process.cpuUsage() });
    return;
  }
  if (m === 'allocation-start') {
    gcProfiler = { profiler: new GCProfiler(), usedAtStart: getHeapStatistics().used_heap_size };
    gcProfiler.profiler.start();
    process.send!({ allocationStarted: true });
    return;
  }
  if (m === 'allocation-stop') {
    // the heap only grows between collections: what it grew by before each one, plus since the last
    const { statistics } = gcProfiler!.profiler.stop();
    let allocated = 0;
    let used = gcProfiler!.usedAtStart;
    for (const gc of statistics) {
      allocated += gc.beforeGC.heapStatistics.usedHeapSize - used;
      used = gc.afterGC.heapStatistics.usedHeapSize;
    }
    // and the collector's own time (µs), which grows with what survives, not with what is allocated
    const gcMicros = statistics.reduce((sum, gc) => sum + gc.cost, 0);
    process.send!({ allocated: { bytes: allocated + getHeapStatistics().used_heap_size - used, gcMicros } });
    return;
  }
  if (profiler !== undefined && typeof m === 'object' && m !== null && 'profile' in m) {
    const { profile: round } = m as { profile: string };
    if (round === 'start' && heapProfile) {
      // every allocation sampled, also of objects already collected: what the collector deals with
      const sampling = { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true };
      await post(profiler, 'HeapProfiler.startSampling', sampling);
    } else if (round === 'start') {
      await post(profiler, 'Profiler.enable');
      await post(profiler, 'Profiler.start');
    } else {
      const { profile } = (await post(profiler, heapProfile ? 'HeapProfiler.stopSampling' : 'Profiler.stop')) as { profile: unknown };
      writeFileSync(path.join(profileDir!, `${mode}-${round}.${heapProfile ? 'heapprofile' : 'cpuprofile'}`), JSON.stringify(profile));
    }
    process.send!({ profiled: round });
    return;
  }
  if (m !== 'stop') return;
  await app.close();
  process.exit(0);
});
function post(session: Session, method: string, params?: object): Promise<unknown> {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
}
process.send!({ port: (app.server.address() as { port: number }).port, ids });
