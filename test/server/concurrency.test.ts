/**
 * 1,000 callers choose the same category at the same moment, for a pool of 10 lines with a
 * queue of 100, spread over TWO service instances sharing one Redis (and, as a baseline, one
 * instance in memory). Exactly 10 may ring, no line twice, 100 queue, the rest are busy.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../core/scenario/validate.ts';
import { testScenarioInput } from '../support/fixtures.ts';
import { client, redisAvailable, startService, storeModes, type Running } from '../support/harness.ts';
import { testPrefix } from '../support/redis-for-tests.ts';

const CALLS = 1000;
const LINES = 10;
const QUEUE = 100;

const scenario = parseScenario({
  ...testScenarioInput,
  pools: testScenarioInput.pools.map((p) => (p.id === 'talk' ? { ...p, lines: [{ organisation: 'org-a', count: LINES }] } : p)),
  routing: { ...testScenarioInput.routing, talk: { pools: ['talk'], onNoLine: { action: 'queue', maxLength: QUEUE } } },
});

async function rush(instances: Running[]): Promise<void> {
  const apis = instances.map((s) => client(s.url));
  const on = (i: number) => apis[i % apis.length]!;
  const ids = await Promise.all(Array.from({ length: CALLS }, async (_, i) => (await on(i).post('/calls', {})).body.id as string));
  // the digits go to the other instance than the one that took the call
  const routed = await Promise.all(ids.map((id, i) => on(i + 1).post(`/calls/${id}/digits`, { digits: '1' })));
  expect(routed.every((r) => r.status === 200)).toBe(true);
  const states = await Promise.all(ids.map(async (id, i) => (await on(i).get(`/calls/${id}`)).body));

  const ringing = states.filter((s) => s.status === 'ringing');
  expect(ringing).toHaveLength(LINES);
  expect(new Set(ringing.map((s) => s.line.line)).size).toBe(LINES);
  expect(states.filter((s) => s.status === 'queued')).toHaveLength(QUEUE);
  const ended = states.filter((s) => s.status === 'ended');
  expect(ended).toHaveLength(CALLS - LINES - QUEUE);
  expect(ended.every((s) => s.outcome === 'blocked')).toBe(true);
  const positions = states.filter((s) => s.status === 'queued').map((s) => s.queuePosition).sort((a, b) => a - b);
  expect(positions).toEqual(Array.from({ length: QUEUE }, (_, i) => i + 1));

  for (const api of apis) {
    const live = (await api.get('/live')).body;
    expect(live.organisations.find((o: { organisation: string }) => o.organisation === 'org-a').busy).toBe(LINES);
    expect(live.waiting).toBe(QUEUE);
    expect(live.total.today).toEqual({ attempts: CALLS - LINES - QUEUE, answered: 0, answerRate: 0 });
  }
}

const [memory, redis] = storeModes();

describe('concurrent routing', () => {
  const running: Running[] = [];
  afterAll(async () => {
    for (const s of running) await s.close();
    await memory!.cleanup();
    await redis?.cleanup();
  });

  it('one instance, memory store', async () => {
    running.push(await startService({ store: memory!.make(), scenario }));
    await rush(running.slice(-1));
  });

  it.skipIf(!redisAvailable)('two instances, one Redis', async () => {
    const prefix = testPrefix();
    const a = await startService({ store: redis!.make(prefix), scenario });
    const b = await startService({ store: redis!.make(prefix), scenario });
    running.push(a, b);
    await rush([a, b]);
  });
});
