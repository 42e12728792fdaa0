/**
 * BullMQ with real worker processes: a sweep split over three workers gives exactly the
 * single-process figures; a worker SIGKILLed mid-chunk has its chunk taken over and the run
 * still gives those figures; a cancel stops the chunks not yet started.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../core/scenario/validate.ts';
import { gridPoints, runSweep, type SweepAxis } from '../../sim/experiments/sweep.ts';
import { createRunner } from '../../sim/run/runner.ts';
import { api, bullmqMode, redisUrl, waitForRun, type EngineMode, type PlannerService } from '../support/planner-harness.ts';
import type { LogLine } from '../support/worker-processes.ts';
import { CHUNK_QUEUE, chunkJobId, openQueue, type ChunkJobData } from '../../src/jobs/bullmq/queues.ts';
import type { RunPlan } from '../../src/jobs/run-plan.ts';

const erlangB = JSON.parse(await readFile('scenarios/textbook/erlang-b.json', 'utf8')) as Record<string, any>;
/** a week: about 25 ms per replication, so a chunk of a few tasks takes a few hundred ms */
erlangB.horizon.days = 7;
const scenario = parseScenario(erlangB);
const LINES = 'pools[id=main].lines[0].count';

async function singleProcess(axis: SweepAxis, seed: number, replications: number) {
  const runner = createRunner(1);
  try {
    return JSON.parse(JSON.stringify(await runSweep(scenario, [axis], gridPoints([axis]), { seed, replications, runner })));
  } finally {
    await runner.close();
  }
}

describe.runIf(redisUrl !== undefined)('BullMQ worker processes', () => {
  let mode: EngineMode;
  let service: PlannerService;
  const call = <T = any>(method: string, route: string, body?: unknown) => api<T>(service.url, method, route, body);
  const chunkStarts = (runId: string): LogLine[] => mode.workers.flatMap((w) => w.lines.filter((l) => l.msg === 'chunk started' && l.runId === runId));

  beforeAll(async () => {
    // one chunk at a time per worker, eight chunks per batch: the work has to spread
    mode = await bullmqMode(3, { WORKER_CHUNK_CONCURRENCY: '1', JOB_CHUNKS: '8' });
    service = await mode.start();
  });
  afterAll(async () => {
    await service.close();
    await mode.cleanup();
  });

  it('splits a sweep over three workers and merges it to exactly the single-process result', async () => {
    const axis = { path: LINES, values: [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] };
    const started = await call('POST', '/runs', { kind: 'sweep', scenario: { scenario: erlangB }, set: [axis], seed: 11, replications: 4 });
    const run = await waitForRun(service.url, started.body.id);
    expect(run.status, run.error ?? '').toBe('succeeded');
    expect((await call('GET', `/runs/${run.id}/result`)).body).toEqual(await singleProcess(axis, 11, 4));
    const pids = new Set(chunkStarts(run.id).map((l) => l.pid));
    expect(pids.size).toBeGreaterThanOrEqual(2);
  });

  it('finishes with the right figures when a worker is SIGKILLed in the middle of a chunk', async () => {
    const axis = { path: LINES, values: Array.from({ length: 24 }, (_, i) => i + 1) };
    const started = await call('POST', '/runs', { kind: 'sweep', scenario: { scenario: erlangB }, set: [axis], seed: 5, replications: 4 });
    const id = started.body.id as string;
    const first = await Promise.race(mode.workers.map((w) => w.waitFor((l) => l.msg === 'chunk started' && l.runId === id)));
    const victim = mode.workers.find((w) => w.pid === first.pid)!;
    victim.child.kill('SIGKILL');
    const run = await waitForRun(service.url, id, 60_000);
    expect(run.status, run.error ?? '').toBe('succeeded');
    // the killed worker never finished the chunk it had started; another worker did
    expect(victim.lines.some((l) => l.msg === 'chunk done' && l.jobId === first.jobId)).toBe(false);
    const rerun = mode.workers.filter((w) => w !== victim).some((w) => w.lines.some((l) => l.msg === 'chunk done' && l.jobId === first.jobId));
    expect(rerun).toBe(true);
    expect((await call('GET', `/runs/${id}/result`)).body).toEqual(await singleProcess(axis, 5, 4));
    mode.workers.splice(mode.workers.indexOf(victim), 1);
  });

  it('retries a chunk that throws a bounded number of times, then fails the run with its error', async () => {
    const runs = service.planner.runs;
    const id = `broken-${Date.now()}`;
    await runs.runs.create({ id, kind: 'replications', status: 'queued', scenario: 'broken', createdAt: new Date().toISOString(), startedAt: null, finishedAt: null, progress: { done: 0, total: 2 }, error: null, request: {} });
    // no request can produce this plan (it skips validation): the simulation itself throws, in a worker
    await runs.engine.submit(id, { kind: 'replications', seed: 1, replications: 2, scenario: { ...scenario, pools: null } } as unknown as RunPlan);
    const run = await waitForRun(service.url, id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/null|undefined|pools/);
    const queue = openQueue<ChunkJobData>(CHUNK_QUEUE, { url: redisUrl!, prefix: mode.prefix! });
    const chunk = await queue.getJob(chunkJobId(id, 0, 0));
    const state = await chunk!.getState();
    await queue.close();
    expect(chunk!.attemptsMade).toBe(3);
    expect(state).toBe('failed');
  });

  it('cancel stops the chunks not yet started', async () => {
    const axis = { path: LINES, values: Array.from({ length: 40 }, (_, i) => i + 1) };
    const started = await call('POST', '/runs', { kind: 'sweep', scenario: { scenario: erlangB }, set: [axis], seed: 1, replications: 4 });
    const id = started.body.id as string;
    await Promise.race(mode.workers.map((w) => w.waitFor((l) => l.msg === 'chunk started' && l.runId === id)));
    const cancelled = await call('POST', `/runs/${id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    const atCancel = chunkStarts(id).length;
    const queue = openQueue<ChunkJobData>(CHUNK_QUEUE, { url: redisUrl!, prefix: mode.prefix! });
    const waiting = await queue.getJobs(['waiting', 'prioritized', 'delayed']);
    await queue.close();
    expect(waiting.filter((job) => job.data.runId === id)).toEqual([]);
    // all eight would have started by now at about 0.5 s each on the remaining workers
    await new Promise((resolve) => setTimeout(resolve, 3000));
    // eight chunks in all; only those already taken (one per worker, plus one racing the cancel) ever started
    const total = chunkStarts(id).length;
    expect(total).toBeLessThanOrEqual(atCancel + mode.workers.length);
    expect(total).toBeLessThan(8);
    expect((await call('GET', `/runs/${id}`)).body.status).toBe('cancelled');
  });
});
