/**
 * npm run bench:routing — how fast the live service takes routing decisions, against a bare
 * Fastify no-op route measured in the same run, and how the live feed fans out.
 *
 *   (a) bare Fastify, no-op POST /calls/:id/digits         the ceiling (same request, no work)
 *   (b) POST /calls/:id/digits, memory store              target ≥ 70 % of (a)
 *   (c) POST /calls/:id/digits, Redis store               target ≥ 35 % of (a)
 *   p99 < 20 ms for each, at 100 connections.
 *   WebSocket fan-out: 1,000 clients each get every 1 s update with lag < 200 ms.
 *
 * Each digits request routes a fresh call (pre-created at the menu) by the scenario's route for
 * option 1: a line while one is free, otherwise its no-line rule (the 9999-like loneliness
 * route: busy), so the mix is mostly "busy" decisions after the first few lines fill.
 * Load goes to 127.0.0.1 only; each round of each phase stops after DURATION_S seconds.
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { WebSocket } from 'ws';

const DURATION_S = 5;
/** Phases run interleaved (a b c a b c …) and each keeps its best round: neighbours' load only ever slows a round down. */
const ROUNDS = 3;
const CONNECTIONS = 100;
const SCENARIO = 'scenarios/9999-like.json';
const FAN_OUT_CLIENTS = 1000;
const FAN_OUT_SECONDS = 5;
const REDIS_URL = process.env.REDIS_URL_BENCH ?? 'redis://127.0.0.1:6379';

interface Server {
  port: number;
  ids: string[];
  /** Next unused id: rounds carry on where the last one stopped. */
  next: number;
  child: ChildProcess;
}

function startServer(mode: 'noop' | 'memory' | 'redis', calls: number, prefix = ''): Promise<Server> {
  const child = fork('bin/run-ts.js', ['bench/routing-server.ts', mode, String(calls), SCENARIO, prefix], { stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ ...(m as { port: number; ids: string[] }), next: 0, child }));
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
}

async function stopServer(server: Server): Promise<void> {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.send('stop');
  await exited;
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  requests: number;
}

async function load(url: string, opts: Partial<autocannon.Options>): Promise<Figures> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, ...opts });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    requests: result.requests.total,
  };
}

/** Every request routes a call nobody has routed yet. */
function routingLoad(server: Server): Promise<Figures> {
  return load(`http://127.0.0.1:${server.port}`, {
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"digits":"1"}',
        setupRequest: (req) => ({ ...req, path: `/calls/${server.ids[server.next++ % server.ids.length]}/digits` }),
      },
    ],
  });
}

function line(name: string, f: Figures, ceiling?: Figures): string {
  const ratio = ceiling === undefined ? '' : `  ${((100 * f.rps) / ceiling.rps).toFixed(1)} % of (a)`;
  const errors = f.non2xx > 0 ? `  (${f.non2xx} non-2xx)` : '';
  return `${name.padEnd(28)} ${f.rps.toFixed(0).padStart(7)} req/s  p50 ${f.p50} ms  p99 ${f.p99} ms${ratio}${errors}`;
}

async function fanOut(server: Server): Promise<string> {
  const lags: number[] = [];
  const perClient = new Array<number>(FAN_OUT_CLIENTS).fill(0);
  const sockets = await Promise.all(
    Array.from(
      { length: FAN_OUT_CLIENTS },
      (_, i) =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws/live`);
          ws.on('open', () => resolve(ws));
          ws.on('error', reject);
          let first = true;
          ws.on('message', (data) => {
            if (first) return void (first = false); // the snapshot sent on connect, not a periodic update
            const received = Date.now();
            const at = Date.parse((JSON.parse(String(data)) as { at: string }).at);
            lags.push(received - at);
            perClient[i]!++;
          });
        }),
    ),
  );
  await new Promise((r) => setTimeout(r, FAN_OUT_SECONDS * 1000 + 200));
  for (const ws of sockets) ws.close();
  lags.sort((a, b) => a - b);
  const q = (p: number) => lags[Math.min(lags.length - 1, Math.floor(p * lags.length))] ?? NaN;
  const fewest = Math.min(...perClient);
  return (
    `WebSocket fan-out: ${FAN_OUT_CLIENTS} clients, ${FAN_OUT_SECONDS} s: ${lags.length} updates received, ` +
    `fewest per client ${fewest} (expected ≥ ${FAN_OUT_SECONDS - 1}); lag p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${lags[lags.length - 1]} ms (target < 200 ms)`
  );
}

async function deletePrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 5000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

const loadAtStart = os.loadavg()[0]!.toFixed(1);
const noop = await startServer('noop', 0);
const sizing = await routingLoad(noop);
// enough fresh calls for every round at the ceiling's rate, so no request meets an already routed call
const calls = Math.min(400_000, Math.ceil(Math.max(sizing.rps, 15_000) * DURATION_S * ROUNDS * 1.5));
const prefix = `helpline-bench:${randomUUID()}:`;
const memory = await startServer('memory', calls);
const redis = await startServer('redis', calls, prefix);

const best = (x: Figures | undefined, y: Figures) => (x === undefined || y.rps > x.rps ? y : x);
let a: Figures | undefined;
let b: Figures | undefined;
let c: Figures | undefined;
for (let round = 0; round < ROUNDS; round++) {
  a = best(a, await routingLoad(noop));
  b = best(b, await routingLoad(memory));
  c = best(c, await routingLoad(redis));
}
const fan = await fanOut(memory);
for (const server of [noop, memory, redis]) await stopServer(server);
await deletePrefix(prefix);

process.stdout.write(
  [
    `bench:routing — ${CONNECTIONS} connections, best of ${ROUNDS} interleaved ${DURATION_S} s rounds, Node ${process.version}, ` +
      `${os.cpus().length} CPUs, load average at start ${loadAtStart} (other work on the machine skews all figures)`,
    line('(a) Fastify no-op', a!),
    line('(b) routing, memory store', b!, a),
    line('(c) routing, Redis store', c!, a),
    `targets: (b) ≥ 70 %, (c) ≥ 35 %, p99 < 20 ms`,
    fan,
    '',
  ].join('\n'),
);
