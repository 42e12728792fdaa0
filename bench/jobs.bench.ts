/**
 * npm run bench:jobs — the planner's job engines on this machine, in this run:
 *   - every order of scenarios/9999-like.json's 6-option menu (720 points) × 2 replications
 *     (scaled down from the CLI bench's 10 so three engines fit in about two minutes), through
 *     the planner's RunService: the embedded engine's thread pool (the baseline), BullMQ with 1
 *     worker process (all threads) and with 2 worker processes (the threads split between them);
 *   - queue overhead per chunk: 200 near-empty chunks taken one at a time by one worker, against
 *     the same simulations in this process.
 * Every engine's result must be the embedded one, byte for byte.
 * Targets: BullMQ with 2 workers within 15 % of the embedded pool; < 20 ms per chunk.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { loadScenarioFile } from '../sim/io/load-scenario.ts';
import { gridPoints, runSweep } from '../sim/experiments/sweep.ts';
import { createRunner } from '../sim/run/runner.ts';
import { createPlanner, type PlannerConfig } from '../src/jobs/planner.ts';
import type { RunRequest } from '../src/jobs/run-request.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const THREADS = availableParallelism();
const REPLICATIONS = 2;
const log = pino({ level: 'warn' });

const big = await loadScenarioFile('scenarios/9999-like.json');
const sweep: RunRequest = { kind: 'sweep', scenario: { scenario: big }, set: [], menuOrders: 'all', seed: 1, replications: REPLICATIONS };

async function timed(config: PlannerConfig, request: RunRequest): Promise<{ seconds: number; result: string }> {
  const planner = await createPlanner(config, log);
  try {
    const started = performance.now();
    const record = await planner.runs.start(request);
    await new Promise<void>((resolve, reject) => {
      const off = planner.runs.engine.onChange((r) => {
        if (r.id !== record.id || r.status === 'queued' || r.status === 'running') return;
        off();
        if (r.status === 'succeeded') resolve();
        else reject(new Error(`run ${r.status}: ${r.error}`));
      });
    });
    const seconds = (performance.now() - started) / 1000;
    return { seconds, result: JSON.stringify(await planner.runs.result(record.id)) };
  } finally {
    await planner.close();
  }
}

function startWorkers(n: number, env: Record<string, string>): Promise<ChildProcess[]> {
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<ChildProcess>((resolve, reject) => {
          // info level: 'worker ready' tells when it listens; the chunk lines are read and dropped
          const child = spawn(process.execPath, ['bin/run-ts.js', 'src/jobs/worker-main.ts'], { env: { ...process.env, ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'inherit'] });
          child.stdout!.on('data', (d: Buffer) => {
            if (String(d).includes('worker ready')) resolve(child);
          });
          child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
        }),
    ),
  );
}

async function withBullmq<T>(workers: number, env: Record<string, string>, work: (config: PlannerConfig) => Promise<T>): Promise<T> {
  const prefix = `helpline-bench:${randomUUID()}:`;
  const children = await startWorkers(workers, { REDIS_URL, REDIS_PREFIX: prefix, ...env });
  try {
    return await work({ REDIS_URL, REDIS_PREFIX: prefix, DATA_DIR: '' });
  } finally {
    await Promise.all(children.map((c) => new Promise((resolve) => (c.removeAllListeners('exit'), c.once('exit', resolve), c.kill('SIGTERM')))));
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}

const dir = await mkdtemp(path.join(tmpdir(), 'bench-jobs-'));
const embedded = await timed({ REDIS_PREFIX: 'x', DATA_DIR: dir, JOB_THREADS: THREADS }, sweep);
const one = await withBullmq(1, { WORKER_THREADS: String(THREADS) }, (c) => timed(c, sweep));
const perWorker = String(Math.max(1, Math.floor(THREADS / 2)));
const two = await withBullmq(2, { WORKER_THREADS: perWorker }, (c) => timed(c, sweep));

// overhead: 200 chunks of one small task each, one chunk at a time, against the same work inline
const small = await loadScenarioFile('scenarios/textbook/interval-counts.json');
const CHUNKS = 200;
const axis = { path: 'pools[0].lines[0].count', values: Array.from({ length: CHUNKS }, (_, i) => i + 1) };
const inline = createRunner(1);
let t = performance.now();
await runSweep(small, [axis], gridPoints([axis]), { seed: 1, replications: 2, runner: inline });
const inlineSeconds = (performance.now() - t) / 1000;
await inline.close();
const sequential = { WORKER_THREADS: '1', WORKER_CHUNK_CONCURRENCY: '1', JOB_CHUNKS: String(CHUNKS) };
const chunked = await withBullmq(1, sequential, (c) => timed(c, { kind: 'sweep', scenario: { scenario: small }, set: [axis], seed: 1, replications: 2 }));
await rm(dir, { recursive: true, force: true });

const fmt = (x: number, d = 1): string => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const vs = (s: number): string => `${fmt(s)} s  (${fmt(embedded.seconds / s, 2)}× the embedded speed, ${s >= embedded.seconds ? '+' : ''}${fmt((100 * (s - embedded.seconds)) / embedded.seconds)} %)`;
const same = (r: { result: string }): string => (r.result === embedded.result ? 'same figures' : 'DIFFERENT FIGURES');
process.stdout.write(
  [
    `720-order sweep × ${REPLICATIONS} replications of scenarios/9999-like.json (${720 * REPLICATIONS} replications, 32 chunks on BullMQ), ${THREADS} cores`,
    `  embedded pool, ${THREADS} threads:        ${fmt(embedded.seconds)} s  (baseline)`,
    `  BullMQ, 1 worker × ${THREADS} threads:     ${vs(one.seconds)}  ${same(one)}`,
    `  BullMQ, 2 workers × ${perWorker} thread(s):  ${vs(two.seconds)}  ${same(two)}`,
    `  target: 2 workers within 15 % of the embedded pool`,
    `Queue overhead: ${CHUNKS} chunks one at a time on one worker: ${fmt(chunked.seconds, 2)} s vs ${fmt(inlineSeconds, 2)} s inline = ${fmt((1000 * (chunked.seconds - inlineSeconds)) / CHUNKS, 2)} ms per chunk (target < 20 ms)`,
    '',
  ].join('\n'),
);
