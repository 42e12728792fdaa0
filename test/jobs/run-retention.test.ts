/**
 * Run records do not grow without bound: past PLANNER_MAX_RUNS the oldest finished runs go, a
 * finished run past the age limit goes, queued and running runs always stay; listings carry
 * summaries without the request (which may hold whole scenarios), GET /runs/{id} the request.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { FileRunStore } from '../../src/storage/file-run-store.ts';
import { RedisRunStore } from '../../src/storage/redis-run-store.ts';
import type { RunRecord, RunStatus, RunStore } from '../../src/storage/run-store.ts';
import { dumpAndDelete, redisUrlForTests, testPrefix } from '../support/redis-for-tests.ts';
import { api, embeddedMode } from '../support/planner-harness.ts';

const DAY = 24 * 3600 * 1000;
const NOW = Date.parse('2026-01-31T00:00:00Z');
const policy = { maxRuns: 3, maxAgeMs: 10 * DAY };
const big = { kind: 'replications', scenario: { scenario: { notes: ['x'.repeat(100_000)] } } };

function record(id: string, daysAgo: number, status: RunStatus): RunRecord {
  const at = new Date(NOW - daysAgo * DAY).toISOString();
  const finished = status === 'queued' || status === 'running' ? null : at;
  return { id, kind: 'replications', status, scenario: 's', createdAt: at, startedAt: null, finishedAt: finished, progress: { done: 0, total: 2 }, error: null, request: big };
}

const redisUrl = await redisUrlForTests();
const dir = await mkdtemp(path.join(tmpdir(), 'run-retention-'));
const redis = redisUrl === undefined ? undefined : new Redis(redisUrl);
const prefix = testPrefix();
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  if (redis !== undefined) {
    redis.disconnect();
    await dumpAndDelete(redisUrl!, prefix);
  }
});

const stores: Array<{ name: string; open: () => Promise<RunStore> }> = [{ name: 'files', open: () => FileRunStore.open(dir, () => NOW, policy) }];
if (redis !== undefined) stores.push({ name: 'Redis', open: async () => new RedisRunStore(redis, prefix, policy, () => NOW) });

describe.each(stores)('run retention ($name)', ({ open }) => {
  it('removes the oldest finished runs past the count and any past the age; keeps active ones; lists without requests', async () => {
    const runs = await open();
    // oldest first: a running run 40 days old stays whatever its age
    await runs.create(record('active', 40, 'running'));
    await runs.create(record('aged', 20, 'succeeded'));
    expect(await runs.get('aged')).toBeUndefined(); // past 10 days
    for (const [id, days] of [['a', 5], ['b', 4], ['c', 3], ['d', 2]] as const) await runs.create(record(id, days, 'failed'));
    const listed = await runs.list(100);
    expect(listed.map((r) => r.id)).toEqual(['d', 'c', 'active']);
    expect(listed.every((r) => !('request' in r))).toBe(true);
    expect((await runs.get('d'))?.request).toEqual(big);
    expect(await runs.get('a')).toBeUndefined();
    expect(await runs.result('a')).toBeUndefined();
  });
});

it('leaves no files of removed runs on disk', async () => {
  const names = await readdir(dir);
  expect(names.filter((n) => n.startsWith('a.') || n.startsWith('aged.'))).toEqual([]);
  expect(names).toContain('d.request.json');
});

it('GET /runs lists summaries; GET /runs/{id} has the request; past PLANNER_MAX_RUNS the oldest finished run is gone', async () => {
  const mode = await embeddedMode();
  const service = await mode.start({ PLANNER_MAX_RUNS: '2' });
  try {
    const erlangB = JSON.parse(await (await import('node:fs/promises')).readFile('scenarios/textbook/erlang-b.json', 'utf8'));
    erlangB.horizon.days = 1;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const started = await api(service.url, 'POST', '/runs', { kind: 'replications', scenario: { scenario: erlangB }, replications: 2 });
      ids.push(started.body.id);
      await expect.poll(async () => (await api(service.url, 'GET', `/runs/${started.body.id}`)).body.status, { timeout: 30_000 }).toBe('succeeded');
    }
    const list = (await api(service.url, 'GET', '/runs')).body as Array<Record<string, unknown>>;
    expect(list.map((r) => r.id)).toEqual([ids[2], ids[1]]);
    expect(list.every((r) => r.request === undefined)).toBe(true);
    expect((await api(service.url, 'GET', `/runs/${ids[2]}`)).body.request.scenario.scenario.name).toBe(erlangB.name);
    expect((await api(service.url, 'GET', `/runs/${ids[0]}`)).status).toBe(404);
  } finally {
    await service.close();
    await mode.cleanup();
  }
});
