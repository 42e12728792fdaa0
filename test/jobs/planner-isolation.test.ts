/**
 * Planner work never holds the routing service: runs past a size limit are refused at once
 * (400 naming the field, the estimate and the limit), a run's planning and simulations run on
 * worker threads while the service's event loop keeps answering, cancel stops a run's threads
 * and the next queued run starts, and a run whose thread dies fails alone.
 */
import { readFile } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/storage/run-store.ts';
import { api, embeddedMode, waitForRun, type EngineMode, type PlannerService } from '../support/planner-harness.ts';

/** Erlang B on 10 lines, one day: a few ms per replication. */
const erlangB = JSON.parse(await readFile('scenarios/textbook/erlang-b.json', 'utf8')) as Record<string, any>;
erlangB.horizon.days = 1;

/** Two pools, so an allocation has something to search. */
const twoPools = structuredClone(erlangB);
twoPools.pools.push({ id: 'spare', lines: [{ organisation: 'org', count: 1 }] });
twoPools.routing.single.pools = ['main', 'spare'];

/** Ten top-level options: 10! = 3,628,800 menu orders. */
const tenOptions = structuredClone(erlangB);
tenOptions.menu.options = [...'0123456789'].map((digit) => ({ ...erlangB.menu.options[0], digit }));

const paths = (body: { issues?: Array<{ path: string }> }) => (body.issues ?? []).map((i) => i.path);

describe('runs past a size limit', () => {
  let mode: EngineMode;
  let service: PlannerService;
  beforeAll(async () => {
    mode = await embeddedMode();
    service = await mode.start();
  });
  afterAll(async () => {
    await service.close();
    await mode.cleanup();
  });

  /** A refusal: 400, within a second (nothing of the run is built), with the paths and messages. */
  async function refused(body: unknown): Promise<{ paths: string[]; messages: string[] }> {
    const started = performance.now();
    const r = await api(service.url, 'POST', '/runs', body);
    expect(performance.now() - started, JSON.stringify(r.body)).toBeLessThan(1000);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    return { paths: paths(r.body), messages: r.body.issues.map((i: { message: string }) => i.message) };
  }

  it('counts sweep points before building any: three axes of 0..100000, or every order of a 10-option menu', async () => {
    const LINES = 'pools[id=main].lines[0].count';
    const grid = await refused({ kind: 'sweep', scenario: { scenario: erlangB }, set: [`${LINES}=0..100000`, 'arrivals.callersPerDay=0..100000', 'horizon.warmupHours=0..100000'] });
    expect(grid.paths).toContain('set');
    expect(grid.messages.join()).toMatch(/1\.0e\+15 sweep points; at most 5,000 per run \(PLANNER_MAX_SWEEP_POINTS\)/);
    const orders = await refused({ kind: 'sweep', scenario: { scenario: tenOptions }, menuOrders: 'all' });
    expect(orders.paths).toContain('menuOrders');
    expect(orders.messages[0]).toMatch(/3,628,800 sweep points/);
  });

  it('bounds an allocation: a billion lines by the schema, more than PLANNER_MAX_LINES by admission', async () => {
    expect((await refused({ kind: 'allocate', scenario: { scenario: twoPools }, totalLines: 1_000_000_000 })).paths).toContain('totalLines');
    const over = await refused({ kind: 'allocate', scenario: { scenario: twoPools }, totalLines: 100_000 });
    expect(over.paths).toEqual(['totalLines']);
    expect(over.messages[0]).toMatch(/100,000 lines; at most 5,000 .*PLANNER_MAX_LINES/);
  });

  it('refuses a billion callers a day for 366 days × 10,000 replications, and a pool of a billion lines', async () => {
    const huge = { ...erlangB, horizon: { ...erlangB.horizon, days: 366 }, arrivals: { type: 'volume', callersPerDay: 1e9 } };
    const callers = await refused({ kind: 'replications', scenario: { scenario: huge }, replications: 10_000 });
    expect(callers.paths.some((p) => p.startsWith('scenario.scenario.arrivals'))).toBe(true);
    const linesPool = { ...erlangB, pools: [{ id: 'main', lines: [{ organisation: 'org', count: 1e9 }] }] };
    expect((await refused({ kind: 'replications', scenario: { scenario: linesPool } })).paths.some((p) => p.startsWith('scenario.scenario.pools'))).toBe(true);
    // within one replication's size, too many replications: the estimate names `replications`
    const busy = { ...erlangB, arrivals: { type: 'volume', callersPerDay: 1e6 } };
    const reps = await refused({ kind: 'compare', base: { scenario: busy }, variants: [{ changes: [{ set: 'arrivals.callersPerDay', value: 5e5 }] }], replications: 1000 });
    expect(reps.paths).toEqual(['replications']);
    expect(reps.messages[0]).toMatch(/about 2,000,000,000 simulated callers \(1,000,000 per replication × 2,000 scenario replications\); at most 1,000,000,000/);
    expect((await api(service.url, 'GET', '/runs')).body).toEqual([]);
  });
});

describe('runs on worker threads', () => {
  let mode: EngineMode;
  let service: PlannerService;
  beforeAll(async () => {
    mode = await embeddedMode();
    service = await mode.start({ JOB_THREADS: '1', PLANNER_WORKER_HEAP_MB: '96' });
  });
  afterAll(async () => {
    await service.close();
    await mode.cleanup();
  });
  const call = (method: string, route: string, body?: unknown) => api(service.url, method, route, body);

  it('keeps the event loop free while an allocation searches; cancel stops it at once and the next run starts', async () => {
    // 2,000 lines: several seconds of greedy search (it grows with the square of the lines)
    const allocation = await call('POST', '/runs', { kind: 'allocate', scenario: { scenario: twoPools }, totalLines: 2000, replications: 2, maxReplications: 2 });
    expect(allocation.status).toBe(202);
    const next = await call('POST', '/runs', { kind: 'replications', scenario: { scenario: erlangB }, replications: 2 });
    expect(next.body.status).toBe('queued');
    await expect.poll(async () => (await call('GET', `/runs/${allocation.body.id}`)).body.progress.done, { timeout: 20_000, interval: 50 }).toBeGreaterThan(0);

    // the baseline is simulated: the greedy search runs now, for seconds
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const health: number[] = [];
    for (let i = 0; i < 20; i++) {
      const at = performance.now();
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
      health.push(performance.now() - at);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    delay.disable();
    expect((await call('GET', `/runs/${allocation.body.id}`)).body.status).toBe('running');
    expect(Math.max(...health)).toBeLessThan(250);
    expect(delay.max / 1e6).toBeLessThan(250);

    const cancelled = await call('POST', `/runs/${allocation.body.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    const started = performance.now();
    expect((await waitForRun(service.url, next.body.id, 15_000)).status).toBe('succeeded');
    expect(performance.now() - started).toBeLessThan(10_000);
    expect((await call('GET', `/runs/${allocation.body.id}`)).body.status).toBe('cancelled');
  });

  it('fails a run whose thread reaches the heap cap, with the reason on it; the service and the next run carry on', async () => {
    // one line, an unlimited queue and callers who never give up: the queue grows past the cap
    const flood = {
      ...erlangB,
      arrivals: { type: 'volume', callersPerDay: 1e6 },
      pools: [{ id: 'main', lines: [{ organisation: 'org', count: 1 }] }],
      routing: { single: { pools: ['main'], onNoLine: { action: 'queue' } } },
    };
    const doomed = await call('POST', '/runs', { kind: 'replications', scenario: { scenario: flood }, replications: 2 });
    expect(doomed.status, JSON.stringify(doomed.body)).toBe(202);
    const failed = await waitForRun(service.url, doomed.body.id, 60_000);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/heap cap of 96 MB/);
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    const next = await call('POST', '/runs', { kind: 'replications', scenario: { scenario: erlangB }, replications: 2 });
    const done: RunRecord = await waitForRun(service.url, next.body.id, 30_000);
    expect(done.status).toBe('succeeded');
  });
});
