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
 * Every measured request routes a call that is at the top menu and was never routed (calls are
 * created between rounds, unmeasured). The three servers run at once in their own processes and
 * rounds interleave (a b c a b c …); the report gives best and median rounds and per-round ratios,
 * server CPU, GC time and bytes allocated per request, and in Redis mode Redis's CPU per request.
 * With `taskset` the servers run on CPU 0 and the load generator on CPU 1.
 * What was measured and learnt with it: docs/performance.md.
 *
 * Environment: ROUNDS (5), DURATION_S (5), WARMUP_S (3), PHASES (a,b,c,fan), LOG_LEVEL (warn);
 * BASELINE_ROOT=<another checkout> (BASELINE_MODE=memory|redis) measures that checkout's service
 * in the same rounds as an A/B; CPU_PROF=<dir> / HEAP_PROF=<dir> write a CPU / sampled allocation
 * profile per server and round (bench/profile-top.ts lists them by function).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { WebSocket } from 'ws';

const DURATION_S = Number(process.env.DURATION_S ?? 5);
/** Unmeasured load on each server before round 1, so every phase is measured with its code already optimised by the JIT. */
const WARMUP_S = Number(process.env.WARMUP_S ?? 3);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const PHASES = new Set((process.env.PHASES ?? 'a,b,c,fan').split(','));
const PROFILING = process.env.CPU_PROF !== undefined || process.env.HEAP_PROF !== undefined;
const CONNECTIONS = 100;
const SCENARIO = 'scenarios/9999-like.json';
const FAN_OUT_CLIENTS = 1000;
const FAN_OUT_SECONDS = 5;
const REDIS_URL = process.env.REDIS_URL_BENCH ?? 'redis://127.0.0.1:6379';
/** Another checkout (e.g. a `git worktree` of main) whose memory-mode service is measured in the same rounds as this one's. */
const BASELINE_ROOT = process.env.BASELINE_ROOT;
/** Which of the baseline checkout's services is measured: memory (against (b), the default) or redis (against (c)). */
const BASELINE_MODE = process.env.BASELINE_MODE === 'redis' ? 'redis' : 'memory';
const BASELINE_PHASE = BASELINE_MODE === 'redis' ? 'c' : 'b';

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return os.cpus().length >= 2;
  } catch {
    return false;
  }
}
const PINNED = hasTaskset();
// the load generator (this process, every thread of it) on CPU 1; the servers go to CPU 0
if (PINNED) execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });

interface Server {
  port: number;
  ids: string[];
  /** Next unused id: rounds carry on where the last one stopped. */
  next: number;
  child: ChildProcess;
}

/** `root`: the checkout whose service is started (this one unless it is BASELINE_ROOT's). */
function startServer(mode: 'noop' | 'memory' | 'redis', calls: number, prefix = '', root = process.cwd()): Promise<Server> {
  const args = ['bin/run-ts.js', 'bench/routing-server.ts', mode, String(calls), path.resolve(SCENARIO), prefix];
  const [command, argv] = PINNED ? ['taskset', ['-c', '0', process.execPath, ...args]] : [process.execPath, args];
  const child = spawn(command as string, argv as string[], { cwd: root, stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env: process.env });
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
  /** Server CPU time (user + system) per request answered: unlike req/s, hardly moved by other work on the machine. */
  cpuUsPerRequest?: number;
  /** The user part of it: the JavaScript (and V8) side, apart from the kernel's sockets, which vary most between machines. */
  userUsPerRequest?: number;
  /** Bytes the server's JavaScript allocated per request (V8's heap growth between collections): steady from run to run and day to day. */
  bytesPerRequest?: number;
  /** Of the CPU time, what the garbage collector took (µs per request). */
  gcUsPerRequest?: number;
  /** Redis server CPU time per request (Redis mode): it runs on the same two cores. */
  redisUsPerRequest?: number;
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

/** Asks a server to start or stop (writing `<mode>-<round>.cpuprofile` or `.heapprofile`) its profile. */
async function profile(server: Server, round: string): Promise<void> {
  if (!PROFILING) return;
  await ask(server, { profile: round }, 'profiled');
}

/** The server's CPU time so far (µs). */
async function cpuTime(server: Server): Promise<NodeJS.CpuUsage> {
  return (await ask(server, 'usage', 'usage')) as NodeJS.CpuUsage;
}

function ask(server: Server, message: unknown, answer: string): Promise<unknown> {
  return new Promise((resolve) => {
    const on = (m: unknown) => {
      if (typeof m === 'object' && m !== null && answer in m) {
        server.child.off('message', on);
        resolve((m as Record<string, unknown>)[answer]);
      }
    };
    server.child.on('message', on);
    server.child.send(message as string);
  });
}

/**
 * Makes sure `server` holds at least `needed` calls nobody has routed (unmeasured, between rounds):
 * a fast round must never run out and meet routed calls, whose 409 is cheaper than a decision.
 */
async function topUp(server: Server, needed: number): Promise<void> {
  server.ids = server.ids.slice(Math.min(server.next, server.ids.length));
  server.next = 0;
  if (server.ids.length >= needed) return;
  const created = (await ask(server, { calls: needed - server.ids.length }, 'created')) as string[];
  for (const id of created) server.ids.push(id);
}

/** The Redis server's CPU time so far (µs), from INFO cpu. */
async function redisCpuTime(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const seconds = (field: string) => Number(new RegExp(`^${field}:([0-9.]+)`, 'm').exec(info)![1]);
  return (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1e6;
}

let roundNo = 0;
/** Every request routes a call nobody has routed yet. `redis`: a connection for Redis's own CPU figure. */
async function routingLoad(server: Server, redis?: Redis): Promise<Figures> {
  await profile(server, 'start');
  await ask(server, 'allocation-start', 'allocationStarted');
  const redisBefore = redis === undefined ? 0 : await redisCpuTime(redis);
  const before = await cpuTime(server);
  const figures = await routingLoadUnprofiled(server);
  const after = await cpuTime(server);
  if (redis !== undefined) figures.redisUsPerRequest = ((await redisCpuTime(redis)) - redisBefore) / figures.requests;
  const allocated = (await ask(server, 'allocation-stop', 'allocated')) as { bytes: number; gcMicros: number };
  figures.bytesPerRequest = allocated.bytes / figures.requests;
  figures.gcUsPerRequest = allocated.gcMicros / figures.requests;
  figures.cpuUsPerRequest = (after.user + after.system - before.user - before.system) / figures.requests;
  figures.userUsPerRequest = (after.user - before.user) / figures.requests;
  await profile(server, String(roundNo));
  return figures;
}

function routingLoadUnprofiled(server: Server, duration = DURATION_S): Promise<Figures> {
  return load(`http://127.0.0.1:${server.port}`, {
    duration,
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

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Best and median round of a phase (by req/s; p99 of those same rounds), and the per-round ratios to (a). */
function line(name: string, rounds: Figures[], ceiling?: Figures[]): string {
  const byRps = [...rounds].sort((x, y) => y.rps - x.rps);
  const best = byRps[0]!;
  const mid = byRps[Math.floor((byRps.length - 1) / 2)]!;
  const fmt = (f: Figures) => `${f.rps.toFixed(0).padStart(6)} req/s p99 ${String(f.p99).padStart(3)} ms`;
  let ratio = '';
  if (ceiling !== undefined) {
    const ratios = rounds.map((f, i) => (100 * f.rps) / ceiling[i]!.rps);
    ratio = `  of (a): best ${Math.max(...ratios).toFixed(1)} %, median ${median(ratios).toFixed(1)} %`;
  }
  const errors = rounds.reduce((n, f) => n + f.non2xx, 0);
  const cpu = median(rounds.map((f) => f.cpuUsPerRequest!));
  const user = median(rounds.map((f) => f.userUsPerRequest!));
  const kb = median(rounds.map((f) => f.bytesPerRequest!)) / 1024;
  const gc = median(rounds.map((f) => f.gcUsPerRequest!));
  const redisCpu = rounds[0]!.redisUsPerRequest === undefined ? '' : `; Redis ${median(rounds.map((f) => f.redisUsPerRequest!)).toFixed(1)} µs`;
  let cpuRatio = '';
  if (ceiling !== undefined) cpuRatio = ` (${((100 * median(ceiling.map((f) => f.cpuUsPerRequest!))) / cpu).toFixed(0)} % of (a)'s rate if CPU-bound)`;
  return (
    `${name.padEnd(26)} best ${fmt(best)} | median ${fmt(mid)} | p99 median ${median(rounds.map((f) => f.p99))} ms${ratio}${errors > 0 ? `  (${errors} non-2xx: not decisions, so the figures overstate it)` : ''}\n` +
    `${''.padEnd(26)} server CPU per request, median ${cpu.toFixed(1)} µs (user ${user.toFixed(1)}, GC ${gc.toFixed(1)})${cpuRatio}; allocated ${kb.toFixed(1)} KB${redisCpu}`
  );
}

/** This checkout's phase against the baseline checkout's, round by round. */
function abLine(b: Figures[], base: Figures[]): string {
  const rps = median(b.map((f, i) => (100 * f.rps) / base[i]!.rps));
  const delta = (of: (f: Figures) => number, unit = 'µs', digits = 1) => {
    const d = median(b.map((f, i) => of(f) - of(base[i]!)));
    return `${d >= 0 ? '+' : ''}${d.toFixed(digits)} ${unit}`;
  };
  return (
    `this checkout against the baseline, median of per-round figures: req/s ${rps.toFixed(1)} %, ` +
    `CPU per request ${delta((f) => f.cpuUsPerRequest!)} (user ${delta((f) => f.userUsPerRequest!)}), ` +
    `allocated per request ${delta((f) => f.bytesPerRequest!, 'B', 0)}`
  );
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
const sizing = await routingLoadUnprofiled(noop, Math.max(WARMUP_S, 1));
/** Fresh calls a server needs for `seconds` of load: half as many again as the fastest the ceiling has gone so far. */
let ceilingRps = Math.max(sizing.rps, 15_000);
const callsFor = (seconds: number) => Math.ceil(ceilingRps * seconds * 1.5);
const calls = callsFor(WARMUP_S);
// short like a deployment's prefix (helpline:), unique per run: keys travel with every command
const prefix = `helpline-bench:${randomUUID().slice(0, 8)}:`;
const memory = PHASES.has('b') || PHASES.has('fan') ? await startServer('memory', calls) : undefined;
const redis = PHASES.has('c') ? await startServer('redis', calls, prefix) : undefined;
const redisInfo = PHASES.has('c') ? new Redis(REDIS_URL) : undefined;
const basePrefix = `helpline-bench:${randomUUID().slice(0, 8)}:`;
const baseline =
  BASELINE_ROOT !== undefined && PHASES.has(BASELINE_PHASE) ? await startServer(BASELINE_MODE, calls, basePrefix, path.resolve(BASELINE_ROOT)) : undefined;

for (const server of [memory, redis, baseline]) if (server !== undefined && WARMUP_S > 0) await routingLoadUnprofiled(server, WARMUP_S);

const a: Figures[] = [];
const b: Figures[] = [];
const c: Figures[] = [];
const base: Figures[] = [];
for (let round = 0; round < ROUNDS; round++) {
  roundNo = round + 1;
  a.push(await routingLoad(noop));
  ceilingRps = Math.max(ceilingRps, a[round]!.rps);
  for (const server of [memory, redis, baseline]) if (server !== undefined) await topUp(server, callsFor(DURATION_S));
  const phases: Array<[string, Server | undefined, Figures[]]> = [
    ['b', PHASES.has('b') ? memory : undefined, b],
    ['c', redis, c],
  ];
  for (const [phase, server, figures] of phases) {
    if (server === undefined) continue;
    // the baseline checkout's server goes first in odd rounds and second in even ones, so neither gets the better slot
    const against = phase === BASELINE_PHASE ? baseline : undefined;
    const measureBaseline = async () => {
      if (against !== undefined) base.push(await routingLoad(against, BASELINE_MODE === 'redis' ? redisInfo : undefined));
    };
    if (round % 2 === 0) await measureBaseline();
    figures.push(await routingLoad(server, server === redis ? redisInfo : undefined));
    if (round % 2 === 1) await measureBaseline();
  }
  // with each round's GC time per request: in Redis mode it stays near one of two levels per process (see the header)
  const last = (xs: Figures[]) => (xs.length > round ? `${xs[round]!.rps.toFixed(0)} (GC ${xs[round]!.gcUsPerRequest!.toFixed(1)} µs)` : '-');
  process.stderr.write(`round ${round + 1}/${ROUNDS}: a ${last(a)}  b ${last(b)}  c ${last(c)} req/s\n`);
}
const fan = memory !== undefined && PHASES.has('fan') ? await fanOut(memory) : undefined;
for (const server of [noop, memory, redis, baseline]) if (server !== undefined) await stopServer(server);
if (redis !== undefined) await deletePrefix(prefix);
if (baseline !== undefined && BASELINE_MODE === 'redis') await deletePrefix(basePrefix);
redisInfo?.disconnect();

process.stdout.write(
  [
    `bench:routing — ${CONNECTIONS} connections, ${ROUNDS} interleaved ${DURATION_S} s rounds, Node ${process.version}, ` +
      `${os.cpus().length} CPUs, ${PINNED ? 'servers pinned to CPU 0, load generator to CPU 1 (taskset)' : 'NOT pinned (no taskset)'}, ` +
      `load average at start ${loadAtStart} (other work on the machine skews all figures)`,
    line('(a) Fastify no-op', a),
    ...(b.length > 0 ? [line('(b) routing, memory store', b, a)] : []),
    ...(c.length > 0 ? [line('(c) routing, Redis store', c, a)] : []),
    ...(base.length > 0
      ? [line(`(${BASELINE_PHASE}) of ${path.basename(path.resolve(BASELINE_ROOT!))}`, base, a), abLine(BASELINE_PHASE === 'c' ? c : b, base)]
      : []),
    `targets: (b) ≥ 70 %, (c) ≥ 35 %, p99 < 20 ms`,
    ...(fan === undefined ? [] : [fan]),
    '',
  ].join('\n'),
);
