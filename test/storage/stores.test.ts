/**
 * One suite, two backends: scenario versions and run records behave the same on local disk and
 * in Redis, and survive a restart (a fresh store over the same directory or prefix).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { FileRunStore } from '../../src/storage/file-run-store.ts';
import { FileScenarioStore } from '../../src/storage/file-scenario-store.ts';
import { RedisRunStore } from '../../src/storage/redis-run-store.ts';
import { RedisScenarioStore } from '../../src/storage/redis-scenario-store.ts';
import type { RunRecord, RunStore } from '../../src/storage/run-store.ts';
import type { ScenarioStore } from '../../src/storage/scenario-store.ts';
import { dumpAndDelete, redisUrlForTests, testPrefix } from '../support/redis-for-tests.ts';

interface Backend {
  name: string;
  /** Stores over the same place each call: a second call is the service after a restart. */
  open(): Promise<{ scenarios: ScenarioStore; runs: RunStore }>;
  cleanup(): Promise<void>;
}

const redisUrl = await redisUrlForTests();
const backends: Backend[] = [];
{
  const dir = await mkdtemp(path.join(tmpdir(), 'helpline-store-'));
  backends.push({
    name: 'file',
    open: async () => ({ scenarios: new FileScenarioStore(path.join(dir, 'scenarios')), runs: await FileRunStore.open(path.join(dir, 'runs')) }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  });
}
if (redisUrl !== undefined) {
  const redis = new Redis(redisUrl);
  const prefix = testPrefix();
  backends.push({
    name: 'redis',
    open: async () => ({ scenarios: new RedisScenarioStore(redis, prefix), runs: new RedisRunStore(redis, prefix) }),
    cleanup: async () => {
      await dumpAndDelete(redisUrl, prefix);
      redis.disconnect();
    },
  });
}

const run = (id: string, createdAt: string): RunRecord => ({
  id,
  kind: 'sweep',
  status: 'queued',
  scenario: 's',
  createdAt,
  startedAt: null,
  finishedAt: null,
  progress: { done: 0, total: 40 },
  error: null,
  request: { kind: 'sweep' },
});

describe.each(backends)('$name stores', (backend) => {
  afterAll(() => backend.cleanup());

  it('keeps every version of a scenario, lists the newest first, deletes all versions', async () => {
    const { scenarios } = await backend.open();
    const a = await scenarios.create('A', { name: 'A', x: 1 });
    expect(a.version).toBe(1);
    const b = await scenarios.create('B', { name: 'B' });
    const [v2, v3] = await Promise.all([scenarios.update(a.id, 'A2', { name: 'A2', x: 2 }), scenarios.update(a.id, 'A3', { name: 'A3', x: 3 })]);
    expect([v2!.version, v3!.version].sort()).toEqual([2, 3]);
    expect((await scenarios.get(a.id))!.latestVersion).toBe(3);
    expect((await scenarios.get(a.id, 1))!.scenario).toEqual({ name: 'A', x: 1 });
    expect(await scenarios.get(a.id, 4)).toBeUndefined();
    expect(await scenarios.update('no-such-id', 'x', {})).toBeUndefined();
    expect((await scenarios.list()).map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
    expect(await scenarios.delete(b.id)).toBe(true);
    expect(await scenarios.delete(b.id)).toBe(false);
    expect(await scenarios.get(b.id)).toBeUndefined();
    expect(await scenarios.get(b.id, 1)).toBeUndefined();
  });

  it('moves runs only from the statuses allowed, and stores a result with its status', async () => {
    const { runs } = await backend.open();
    await runs.create(run('r1', '2026-01-01T00:00:00.000Z'));
    await runs.create(run('r2', '2026-01-02T00:00:00.000Z'));
    expect(await runs.finish('r1', '{"x":1}', 'later')).toBeUndefined(); // not running yet
    expect((await runs.transition('r1', ['queued'], { status: 'running', startedAt: 'now', progress: { done: 4, total: 40 } }))!.progress.done).toBe(4);
    expect(await runs.result('r1')).toBeUndefined();
    const done = await runs.finish('r1', '{"x":1}', 'later');
    expect(done).toMatchObject({ status: 'succeeded', finishedAt: 'later', startedAt: 'now', error: null });
    expect(await runs.result('r1')).toBe('{"x":1}');
    expect(await runs.transition('r2', ['queued'], { status: 'cancelled' })).toMatchObject({ status: 'cancelled' });
    expect(await runs.transition('r2', ['queued', 'running'], { status: 'running' })).toBeUndefined();
    expect((await runs.list(10)).map((r) => r.id)).toEqual(['r2', 'r1']);
    expect(await runs.get('nothing')).toBeUndefined();
  });

  it('still has scenarios and finished results after a restart', async () => {
    const before = await backend.open();
    const s = await before.scenarios.create('kept', { name: 'kept' });
    await before.runs.create(run('r3', '2026-01-03T00:00:00.000Z'));
    await before.runs.transition('r3', ['queued'], { status: 'running' });
    const after = await backend.open();
    expect((await after.scenarios.get(s.id))!.scenario).toEqual({ name: 'kept' });
    expect(await after.runs.result('r1')).toBe('{"x":1}');
    // an embedded run cannot outlive its process; a Redis run is still some worker's to finish
    expect((await after.runs.get('r3'))!.status).toBe(backend.name === 'file' ? 'failed' : 'running');
  });
});

describe('file store', () => {
  it('leaves no temporary files behind', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'helpline-atomic-'));
    const store = new FileScenarioStore(dir);
    const s = await store.create('a', { name: 'a' });
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.update(s.id, `a${i}`, { name: `a${i}` })));
    expect((await readdir(path.join(dir, s.id))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect((await store.get(s.id))!.latestVersion).toBe(11);
    await rm(dir, { recursive: true, force: true });
  });
});
