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
 * What is measured. Every measured request is the routing decision itself: POST
 * /calls/:id/digits with `{"digits":"1"}` on a call that is at the top menu and has never been
 * routed. The calls are created beforehand, between rounds and not measured (POST /calls
 * is a single store write and no decision; creating them inside the loop would halve the
 * decisions per request and hide the routing cost behind the call creation cost). Option 1 is
 * the 9999-like loneliness route: a line while one is free, else its no-line rule (busy), so
 * after the first few requests fill the pool nearly every decision is "busy": read the call,
 * snapshot the pool's lines and queue, ask the routing core, end the call and count its outcome.
 * Each request routes a call nobody has routed yet: before each round every server is topped up to
 * 1.5x the calls the fastest ceiling round so far would use (a fixed list sized at the start ran
 * out on a fast day, and the requests that met routed calls got a cheap 409). A round that still
 * got a non-2xx answer says so, as its figures then overstate the routing rate.
 *
 * Fairness. The ceiling takes the same request (method, path shape, JSON body parsed by
 * Fastify) and answers with a fixed body of the same shape and size as a routing answer, from
 * a server process started the same way (tsx, its own process, same CPU). All three servers
 * run at once, so rounds can be interleaved (a b c a b c …) and a neighbour's burst hits the
 * phases alike; the report gives the best and the median round of each phase, and the best
 * and median of the per-round ratios (b)/(a) and (c)/(a) (each ratio from the same round).
 *
 * Server CPU time per request (process.cpuUsage over each round, divided by the requests
 * answered) is reported too: other jobs on the machine move req/s a lot and it hardly at all.
 * (a)'s req/s can be bounded by the load generator (one core of autocannon), not by the server;
 * the CPU-per-request ratio says what (b) and (c) would reach against a server-bound ceiling.
 * So are the bytes the server's JavaScript allocates per request (v8.GCProfiler: the heap's growth
 * before each collection in the round, plus since the last), which moved by under 1 % between
 * runs where CPU time moved by 10-20 %: the figure to compare builds by when the change
 * is in allocation; and the collector's pause time per request, which follows what survives a
 * collection rather than what is allocated (what made Redis mode's high, and what fixed it: see
 * "Redis mode" below). In Redis mode the Redis server's CPU time per request is printed as well
 * (INFO cpu): it shares the machine's two cores.
 *
 * Pinning. With `taskset` (util-linux) the servers run on CPU 0 and this process (the load
 * generator, autocannon) on CPU 1, so the two never compete; Redis (not started here) runs
 * wherever the OS puts it. Without taskset the figures are unpinned and say so.
 *
 * Where the time goes. On a fast day of this VM ((a) at 33-40k req/s): (a) ~26 µs of server
 * CPU per request (user ~17, sys ~9), bounded by one core of autocannon, so the no-op server idles
 * ~15 % of the time; (b) ~43 µs (stop 8, before the allocation cuts below). Once the server is
 * the bottleneck the load generator sleeps, so every response write also wakes it (writev +4-6 µs
 * of system time against (a)). A CPU sample (`perf record -e cpu-clock` with node
 * --perf-basic-prof; no hardware counters here) puts ~9/10 of what (b) spends beyond (a) in the
 * call flow, and the largest single part of that (~40 %) in one Map lookup: the call by its id in
 * a table of ~800,000 calls, mostly cache and TLB misses. The table's size is the load's own: at
 * 25k calls a second, with a menu that takes ~27 s to reach its first option, ~675,000 callers are
 * in the menu at once. Bytes allocated per request (printed by this bench): (a) ~9 KB; (b) ~15 KB
 * at stop 8, ~12.7 KB now. Removed so far:
 * @fastify/rate-limit's async hook (~15 % of throughput), zod on the hot path (~2.5 µs, now
 * Ajv-compiled), copies of call records and line states, the pino child made per request (2-4 µs;
 * reqId is now written per line), async frames on the routing path (an await costs ~0.4 KB),
 * randomUUID request ids (~0.6 KB each), a fresh count-key string per count (a V8 string-table
 * lookup each). Tried without a measurable gain: a 64 MB young generation; fresh calls per round
 * with a 2 s call retention (smaller table); a cache of menu steps.
 *
 * Redis mode, on a fast day ((a) at ~57k req/s), before the two changes below: ~43-51 µs of
 * server CPU per request, of which the collector took 8-14 µs, and ~16 µs of Redis CPU (still
 * so after them): two EVALSHA of ~6.6 µs each, most of it the script call itself rather than
 * the commands inside (INFO commandstats). The GC share moved between processes more than any
 * change tried moved it (why: below). Call records checked by compiled Ajv instead of parsed by
 * zod allocated 1.1 KB less per request and cost ~5 µs more GC, in both orders of an A/B
 * (BASELINE_MODE=redis), so it was dropped (that was before pretenuring was switched off, which
 * may have been the cause). Also without gain (A/B): a 64 or 128 MB young generation,
 * --single-threaded-gc, --no-page-promotion, and
 * ioredis's own auto-pipelining in place of the per-loop-turn batch (+10 µs: worse). Redis pinned
 * to the load generator's CPU did no better than Redis left to the scheduler. (c)/(a) on such a
 * day: 30-37 % a run, around the 35 % target.
 * What survived, and why (stop 10): a HEAP_PROF profile of what outlived young collections was
 * 78 % ioredis. Its pipelines each define an accessor of their own, and V8 promotes such objects
 * with all they hold; the store now corks its socket for a loop turn
 * instead (one write still), which took the store alone from 30k to 55k read+write pairs a
 * second. The service's collector then settled, per process and for the whole run, near one of
 * two levels: ~2 µs a request ((c) at 36-40 % of (a)) or 13-16 µs (29-33 %; 3 processes of 4).
 * The high level is V8's allocation-site pretenuring (hot-path sites allocating straight into the
 * old generation after an early burst): with it off (src/server/runtime-tuning.ts, which these
 * servers apply as `npm start` does) every process ran at ~2 µs. The per-round GC figure on the
 * progress lines is there to catch such a level at a glance.
 *
 * Noise. On this 2-vCPU VM the same build moves ±10-20 % between runs (host steal, and a DAMON
 * pageout scan that clears page-accessed bits every 500 ms), and a whole day can be 3-4x slower
 * than another: on such a day the no-op's p99 alone is above 20 ms at 100 connections, and
 * (b)/(a) reads higher, because the kernel's share of every request, the same in both, grows.
 * Compare builds within one run (BASELINE_ROOT below; an A/A run differs by up to ~8 % of CPU per
 * request), not across runs or days.
 *
 * Warm-up. Each server first takes WARMUP_S seconds of the same load, unmeasured (the no-op's is
 * the run that sizes the first calls made), so no phase's first round pays for JIT compilation.
 *
 * A/B. BASELINE_ROOT=<another checkout> (e.g. `git worktree add /tmp/base main` with
 * node_modules linked in) also starts that checkout's memory-mode service (BASELINE_MODE=redis:
 * its Redis-mode one) and measures it in the same rounds, next to (b) (or (c)), alternating which
 * of the two goes first; the report ends with this checkout against it, round by round (req/s
 * ratio, CPU and user CPU per request and allocation difference).
 *
 * Environment: ROUNDS (5), DURATION_S (5), WARMUP_S (3), PHASES (a,b,c,fan; e.g. "a,b" to skip some), BASELINE_ROOT, BASELINE_MODE,
 * CPU_PROF=<dir>
 * (each server profiles each of its measured rounds, not its setup, into
 * <dir>/<mode>-<round>.cpuprofile; bench/profile-top.ts lists self time by function), HEAP_PROF=<dir>
 * (the same with a sampled profile of every allocation, <mode>-<round>.heapprofile), LOG_LEVEL of the
 * service (warn: request logs off, as the bench measures routing, not log shipping; `info`
 * measures production's default logging into /dev/null).
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
