/**
 * The planner API, one suite over both engines (embedded; BullMQ with two worker processes):
 * scenarios and their versions, 400s with field paths, 413, 401, runs of every kind with the
 * same numbers as the CLI's functions, downloads, the WebSocket feed, cancel, a failing job, and
 * a restart between writing and reading.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../core/scenario/validate.ts';
import { applyChanges } from '../../core/scenario/variant.ts';
import { compareScenarios } from '../../sim/experiments/compare.ts';
import { gridPoints, runSweep } from '../../sim/experiments/sweep.ts';
import { reportJson } from '../../sim/report/report.ts';
import { runReplications } from '../../sim/run/run-replications.ts';
import { createRunner } from '../../sim/run/runner.ts';
import type { RunRecord } from '../../src/storage/run-store.ts';
import type { RunPlan } from '../../src/jobs/run-plan.ts';
import { api, bullmqMode, download, embeddedMode, KEY as KEY_HEADERS, redisUrl, waitForRun, watchRuns, type EngineMode, type PlannerService } from '../support/planner-harness.ts';

/** Erlang B on 10 lines, one day: a few ms per replication. */
const erlangB = JSON.parse(await readFile('scenarios/textbook/erlang-b.json', 'utf8')) as Record<string, any>;
erlangB.horizon.days = 1;
const scenario = parseScenario(erlangB);
const LINES = 'pools[id=main].lines[0].count';

const modes: Array<{ name: string; make: () => Promise<EngineMode> }> = [{ name: 'embedded', make: embeddedMode }];
if (redisUrl !== undefined) modes.push({ name: 'BullMQ, 2 worker processes', make: () => bullmqMode(2) });

describe.each(modes)('planner API ($name)', ({ make }) => {
  let mode: EngineMode;
  let service: PlannerService;
  let base: string;
  const call = <T = any>(method: string, route: string, body?: unknown, headers?: Record<string, string>) => api<T>(base, method, route, body, headers);

  beforeAll(async () => {
    mode = await make();
    service = await mode.start();
    base = service.url;
  });
  afterAll(async () => {
    await service.close();
    await mode.cleanup();
  });

  it('keeps every version of a scenario; reads, exports, lists and deletes', async () => {
    const created = await call('POST', '/scenarios', erlangB);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: 1, latestVersion: 1, name: erlangB.name });
    const id = created.body.id as string;
    const changed = { ...erlangB, name: 'Erlang B, 12 lines', pools: [{ id: 'main', lines: [{ organisation: 'org', count: 12 }] }] };
    expect((await call('PUT', `/scenarios/${id}`, changed)).body).toMatchObject({ version: 2, latestVersion: 2, name: 'Erlang B, 12 lines' });
    expect((await call('GET', `/scenarios/${id}`)).body.scenario).toEqual(changed);
    expect((await call('GET', `/scenarios/${id}/versions/1`)).body.scenario).toEqual(erlangB);
    expect((await call('GET', `/scenarios/${id}?version=1`)).body.version).toBe(1);
    const exported = await download(base, `/scenarios/${id}/export?version=1`);
    expect(JSON.parse(exported.text)).toEqual(erlangB);
    expect(exported.headers.get('content-disposition')).toMatch(/attachment/);
    expect((await call('GET', '/scenarios')).body.map((s: { id: string }) => s.id)).toContain(id);
    expect((await call('GET', `/scenarios/${id}/versions/3`)).status).toBe(404);
    expect((await call('DELETE', `/scenarios/${id}`)).status).toBe(204);
    expect((await call('GET', `/scenarios/${id}/versions/1`)).status).toBe(404);
    expect((await call('DELETE', `/scenarios/${id}`)).status).toBe(404);
  });

  it('refuses bad scenarios with 400 and the CLI\'s field paths and messages; validates without saving', async () => {
    const before = (await call('GET', '/scenarios')).body.length;
    const bad = structuredClone(erlangB);
    bad.menu.options[0].target.category = 'lonely';
    bad.pools[0].lines[0].count = -1;
    for (const route of ['/scenarios', '/scenarios/validate']) {
      const r = await call('POST', route, bad);
      expect(r.status).toBe(400);
      expect(r.body.issues).toContainEqual({ path: 'pools[0].lines[0].count', message: expect.any(String) });
    }
    bad.pools[0].lines[0].count = 10;
    const r = await call('POST', '/scenarios/validate', bad);
    expect(r.body.issues).toContainEqual({ path: 'menu.options[0].target.category', message: 'unknown category "lonely"' });
    expect((await call('POST', '/scenarios/validate', erlangB)).body).toEqual({ valid: true, name: erlangB.name });
    const csvRef = { ...erlangB, arrivals: { type: 'intervalCounts', intervalMinutes: 60, csv: { file: '/etc/passwd' } } };
    expect((await call('POST', '/scenarios', csvRef)).body.issues[0].path).toBe('arrivals.csv');
    expect((await call('GET', '/scenarios')).body.length).toBe(before);
  });

  it('imports a variant of a stored scenario and takes interval counts as CSV', async () => {
    const { id } = (await call('POST', '/scenarios/import', erlangB)).body;
    const variant = { name: 'two more lines', base: id, changes: [{ set: LINES, value: 12 }] };
    const imported = await call('POST', '/scenarios/import', variant);
    expect(imported.status).toBe(201);
    expect(imported.body.scenario.pools[0].lines[0].count).toBe(12);
    const badVariant = await call('POST', '/scenarios/import', { ...variant, changes: [{ set: 'pools[id=nope].lines[0].count', value: 1 }] });
    expect(badVariant.status).toBe(400);
    expect(badVariant.body.issues[0].path).toMatch(/^changes\[0\]/);

    const csv = 'hour,count\n0,10\n1,12\n2,8\n';
    const uploaded = await call('PUT', `/scenarios/${id}/interval-counts?intervalMinutes=60`, csv, { ...KEY_HEADERS, 'content-type': 'text/csv' });
    expect(uploaded.status).toBe(200);
    expect(uploaded.body.version).toBe(2);
    expect(uploaded.body.scenario.arrivals).toEqual({ type: 'intervalCounts', intervalMinutes: 60, mode: 'exact', counts: [0, 1, 2] });
    const named = await call('PUT', `/scenarios/${id}/interval-counts?intervalMinutes=60&column=count`, csv, { ...KEY_HEADERS, 'content-type': 'text/csv' });
    expect(named.body.scenario.arrivals.counts).toEqual([10, 12, 8]);
    const badCsv = await call('PUT', `/scenarios/${id}/interval-counts?intervalMinutes=60`, 'count\n5\n-1\n', { ...KEY_HEADERS, 'content-type': 'text/csv' });
    expect(badCsv.status).toBe(400);
    expect(badCsv.body.issues[0].message).toMatch(/row 3/);
    expect(badCsv.body.issues[0].path).toBe('body');
    // a column the CSV lacks is the query's fault, not the body's
    const badColumn = await call('PUT', `/scenarios/${id}/interval-counts?intervalMinutes=60&column=nope`, csv, { ...KEY_HEADERS, 'content-type': 'text/csv' });
    expect(badColumn.status).toBe(400);
    expect(badColumn.body.issues).toEqual([{ path: 'querystring.column', message: expect.stringMatching(/^column "nope" not found in uploaded CSV/) }]);
  });

  it('refuses an oversized upload with 413 and any planner call without the key with 401', async () => {
    const huge = { ...erlangB, notes: ['x'.repeat(1_100_000)] };
    expect((await call('POST', '/scenarios', huge)).status).toBe(413);
    const noKey = { 'content-type': 'application/json' };
    expect((await call('POST', '/runs', { kind: 'replications', scenario: { scenario: erlangB } }, noKey)).status).toBe(401);
    expect((await call('POST', '/runs/any/cancel', undefined, {})).status).toBe(401);
    expect((await call('GET', '/scenarios', undefined, {})).status).toBe(401);
    expect((await call('POST', '/runs', { kind: 'replications', scenario: { scenario: erlangB } }, { 'x-api-key': 'wrong-key-0123456789' })).status).toBe(401);
  });

  it('refuses bad run options with 400 and field paths; nothing is queued', async () => {
    const before = (await call('GET', '/runs')).body.length;
    const cases: Array<[unknown, string]> = [
      [{ kind: 'replications', scenario: { id: 'no-such-scenario' } }, 'scenario.id'],
      [{ kind: 'replications', scenario: { scenario: { ...erlangB, horizon: { ...erlangB.horizon, days: -1 } } } }, 'scenario.scenario.horizon.days'],
      [{ kind: 'replications', scenario: { scenario: erlangB }, replications: 0 }, 'replications'],
      [{ kind: 'compare', base: { scenario: erlangB }, variants: [{ changes: [{ set: 'pools[id=nope].lines[0].count', value: 1 }] }] }, 'variants[0].changes[0]'],
      [{ kind: 'sweep', scenario: { scenario: erlangB }, set: ['nonsense'] }, 'set[0]'],
      [{ kind: 'sweep', scenario: { scenario: erlangB }, set: [{ path: 'pools[id=main].lines[0].count', values: [1, -2] }] }, 'set[0]'],
      [{ kind: 'sweep', scenario: { scenario: erlangB } }, 'set'],
      [{ kind: 'allocate', scenario: { scenario: erlangB }, totalLines: 5, pools: ['nope'] }, '(root)'],
      [{ kind: 'calibrate', scenario: { scenario: erlangB }, observed: { attempts: 100 } }, '(root)'],
      [{ kind: 'teleport' }, 'kind'],
    ];
    for (const [body, path] of cases) {
      const r = await call('POST', '/runs', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.issues.map((i: { path: string }) => i.path), JSON.stringify(r.body)).toContain(path);
    }
    expect((await call('POST', '/runs', cases[7]![0])).body.issues[0].message).toBe('unknown pool "nope" (pools: main)');
    expect((await call('GET', '/runs')).body.length).toBe(before);
  });

  it('runs replications of a stored scenario: the same report as the CLI, as JSON, CSV and HTML, pushed on the WebSocket', async () => {
    const { id: scenarioId } = (await call('POST', '/scenarios', erlangB)).body;
    const feed = await watchRuns(base);
    const started = await call<RunRecord>('POST', '/runs', { kind: 'replications', scenario: { id: scenarioId }, seed: 3, replications: 6 });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'queued', kind: 'replications', progress: { done: 0, total: 6 } });
    const done = await waitForRun(base, started.body.id);
    expect(done).toMatchObject({ status: 'succeeded', progress: { done: 6, total: 6 }, error: null });
    const expected = await runReplications(scenario, { seed: 3, replications: 6, threads: 1 });
    const json = await download(base, `/runs/${done.id}/result`);
    expect(json.text).toBe(reportJson(expected));
    const csv = await download(base, `/runs/${done.id}/result?format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.text).toContain('answerRate_ci95_low');
    const html = await download(base, `/runs/${done.id}/result?format=html`);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(html.text).toMatch(/^<!doctype html>/i);
    await expect.poll(() => feed.messages.filter((m) => m.run.id === done.id).map((m) => m.run.status).at(-1)).toBe('succeeded');
    expect(feed.messages.some((m) => m.run.id === done.id && m.run.status === 'running')).toBe(true);
    feed.close();
    expect((await call('GET', '/runs')).body.map((r: RunRecord) => r.id)).toContain(done.id);
    expect((await call('POST', `/runs/${done.id}/cancel`)).status).toBe(409);
    expect((await call('GET', '/runs/nothing/result')).status).toBe(404);
  });

  it('compares and sweeps with the numbers the CLI gives for the same seed', async () => {
    const runner = createRunner(1);
    const variant = applyChanges(scenario, [{ set: LINES, value: 8 }], 'fewer lines');
    const expectedCompare = await compareScenarios(scenario, [variant], { seed: 2, replications: 4, runner });
    const axis = { path: LINES, values: [6, 8, 10, 12] };
    const expectedSweep = await runSweep(scenario, [axis], gridPoints([axis]), { seed: 2, replications: 3, runner });
    await runner.close();

    const compare = await call('POST', '/runs', { kind: 'compare', base: { scenario: erlangB }, variants: [{ name: 'fewer lines', changes: [{ set: LINES, value: 8 }] }], seed: 2, replications: 4 });
    const sweep = await call('POST', '/runs', { kind: 'sweep', scenario: { scenario: erlangB }, set: [`${LINES}=6..12:2`], seed: 2, replications: 3 });
    expect((await waitForRun(base, compare.body.id)).status).toBe('succeeded');
    expect((await call('GET', `/runs/${compare.body.id}/result`)).body).toEqual(JSON.parse(JSON.stringify(expectedCompare)));
    expect((await waitForRun(base, sweep.body.id)).progress).toEqual({ done: 12, total: 12 });
    expect((await call('GET', `/runs/${sweep.body.id}/result`)).body).toEqual(JSON.parse(JSON.stringify(expectedSweep)));
    expect((await download(base, `/runs/${sweep.body.id}/result?format=csv`)).text).toContain('overall_answerRate');
  });

  it('allocates and calibrates', async () => {
    const twoPools = structuredClone(erlangB);
    twoPools.pools.push({ id: 'spare', lines: [{ organisation: 'org', count: 1 }] });
    twoPools.routing.single.pools = ['main', 'spare'];
    const allocate = await call('POST', '/runs', { kind: 'allocate', scenario: { scenario: twoPools }, totalLines: 10, replications: 2, maxReplications: 4 });
    const calibrating = { ...erlangB, calibration: { free: [{ path: 'arrivals.callersPerDay', min: 2000, max: 6000 }] } };
    const calibrate = await call('POST', '/runs', { kind: 'calibrate', scenario: { scenario: calibrating }, observed: { attempts: 3000 }, replications: 2, maxEvaluations: 6 });
    const a = await waitForRun(base, allocate.body.id);
    expect(a.status, a.error ?? '').toBe('succeeded');
    expect(a.progress.total).toBeNull();
    expect(a.progress.done).toBeGreaterThan(0);
    const allocation = (await call('GET', `/runs/${a.id}/result`)).body;
    expect(allocation.recommended.main + allocation.recommended.spare).toBe(10);
    const c = await waitForRun(base, calibrate.body.id);
    expect(c.status, c.error ?? '').toBe('succeeded');
    expect((await call('GET', `/runs/${c.id}/result`)).body.parameters[0].path).toBe('arrivals.callersPerDay');
    expect((await call('GET', `/runs/${c.id}/result?format=html`)).status).toBe(200);
  });

  it('fails a job that throws on its own, with its error shown; the next run still succeeds', async () => {
    const runs = service.planner.runs;
    const record: RunRecord = { ...(await runs.start({ kind: 'replications', scenario: { scenario: erlangB }, seed: 1, replications: 2 })) };
    await waitForRun(base, record.id);
    const broken = { ...record, id: `broken-${record.id}`, status: 'queued' as const, createdAt: new Date().toISOString() };
    await runs.runs.create(broken);
    // a plan no request could produce: the experiment throws inside the engine
    await runs.engine.submit(broken.id, { kind: 'sweep', seed: 1, replications: 2, base: scenario, axes: [{ path: 'pools[id=gone].count', values: [1] }], pointCount: 1 } satisfies RunPlan);
    const failed = await waitForRun(base, broken.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/gone/);
    expect((await call('GET', `/runs/${broken.id}/result`)).status).toBe(409);
    const next = await call('POST', '/runs', { kind: 'replications', scenario: { scenario: erlangB }, replications: 2 });
    expect((await waitForRun(base, next.body.id)).status).toBe('succeeded');
  });

  it('cancels a run: it stops before its remaining work', async () => {
    const slow = { ...erlangB, horizon: { ...erlangB.horizon, days: 7 } };
    const started = await call('POST', '/runs', { kind: 'sweep', scenario: { scenario: slow }, set: [`${LINES}=1..40`], replications: 4 });
    await expect.poll(async () => (await call('GET', `/runs/${started.body.id}`)).body.status, { timeout: 20_000 }).toBe('running');
    const cancelled = await call('POST', `/runs/${started.body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = await call<RunRecord>('GET', `/runs/${started.body.id}`);
    expect(after.body.status).toBe('cancelled');
    expect(after.body.progress.done).toBeLessThan(160);
    expect((await call('GET', `/runs/${started.body.id}/result`)).status).toBe(409);
  });

  it('still has scenarios and results after a restart', async () => {
    const { id } = (await call('POST', '/scenarios', erlangB)).body;
    const run = await call('POST', '/runs', { kind: 'replications', scenario: { id }, replications: 2 });
    await waitForRun(base, run.body.id);
    const result = (await download(base, `/runs/${run.body.id}/result`)).text;
    await service.close();
    service = await mode.start();
    base = service.url;
    expect((await call('GET', `/scenarios/${id}`)).body.scenario).toEqual(erlangB);
    expect((await download(base, `/runs/${run.body.id}/result`)).text).toBe(result);
  });
});

