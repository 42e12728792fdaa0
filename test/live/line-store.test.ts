/**
 * One contract, two implementations: the memory store always, the Redis store when Redis is
 * reachable (required in CI). Same operations, same answers.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Outcome } from '../../core/scenario/schema.ts';
import type { CallRecord } from '../../src/live/call-record.ts';
import type { LineStore, OutcomeCounts } from '../../src/live/line-store.ts';
import { MemoryLineStore } from '../../src/live/memory-line-store.ts';
import { RedisLineStore } from '../../src/live/redis-line-store.ts';
import { Redis } from 'ioredis';
import { dumpAndDelete, redisUrlForTests, testPrefix } from '../support/redis-for-tests.ts';

const redisUrl = await redisUrlForTests();
const prefixes: string[] = [];

const implementations: Array<[string, (() => LineStore) | undefined]> = [
  ['memory', () => new MemoryLineStore()],
  [
    'redis',
    redisUrl === undefined
      ? undefined
      : () => {
          const prefix = testPrefix();
          prefixes.push(prefix);
          return new RedisLineStore(redisUrl, prefix);
        },
  ],
];

/** A store whose ended calls are kept for `retentionMs`, and a way to let time pass for it. */
interface Retaining {
  store: LineStore;
  retentionMs: number;
  /** Let `ms` pass on the clock the retention runs on (the injected one in memory, real time in Redis). */
  elapse(ms: number): Promise<void>;
  /** What is left of a call's lifetime in ms (-1: no expiry, -2: gone). */
  ttl(id: string): Promise<number>;
  close(): Promise<void>;
}

const retainingImplementations: Record<string, (() => Retaining) | undefined> = {
  memory: () => {
    let now = 1_000_000;
    const retentionMs = 60_000;
    const store = new MemoryLineStore({ callRetentionSeconds: retentionMs / 1000, now: () => now });
    return {
      store,
      retentionMs,
      elapse: async (ms) => {
        now += ms;
      },
      // the memory store keeps no per-call timer: the TTL is not observable there
      ttl: async (id) => ((await store.getCall(id)) === undefined ? -2 : -1),
      close: () => store.close(),
    };
  },
  redis:
    redisUrl === undefined
      ? undefined
      : () => {
          const prefix = testPrefix();
          prefixes.push(prefix);
          const retentionMs = 1200;
          const store = new RedisLineStore(redisUrl, prefix, undefined, { callRetentionSeconds: retentionMs / 1000 });
          const raw = new Redis(redisUrl);
          return {
            store,
            retentionMs,
            elapse: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
            ttl: (id) => raw.pttl(`${prefix}call:${id}`),
            close: async () => {
              raw.disconnect();
              await store.close();
            },
          };
        },
};

afterAll(async () => {
  if (redisUrl !== undefined) for (const p of prefixes) await dumpAndDelete(redisUrl, p);
});

function call(id: string): CallRecord {
  return {
    id,
    version: 0,
    callerHash: null,
    status: 'menu',
    createdAt: 0,
    menuPath: [],
    invalidPresses: 0,
    category: null,
    line: null,
    enqueuedAt: null,
    outcome: null,
    endedAt: null,
    since: 0,
    deadline: null,
    endedBy: null,
  };
}

/** No cap on active calls, for the tests about something else. */
const NO_CAP = 1_000_000;

/** Creates call `id` and queues it on `q` at `at`; its place, or null when the queue is full. */
async function enqueueNew(store: LineStore, id: string, at: number, maxLength?: number): Promise<number | null> {
  await store.createCall(call(id), NO_CAP);
  const result = await store.enqueue('q', { ...call(id), status: 'queued', category: 'q', enqueuedAt: at }, maxLength);
  if (result === 'call_changed') throw new Error(`call ${id} changed`);
  return result === 'full' ? null : result.position;
}

/**
 * Puts call `id` through to `line` with `claimForCall` (creating the call at the menu if it is
 * new): its stored record, ringing there, or why not.
 */
async function putThrough(store: LineStore, line: string, id: string, scheduledOnDuty = true) {
  let stored = await store.getCall(id);
  if (stored === undefined) {
    stored = call(id);
    await store.createCall(stored, NO_CAP);
  }
  return store.claimForCall(line, scheduledOnDuty, { ...stored, status: 'ringing', line });
}

/** The hand-off of queued call `id` to `line`: its stored record, written as ringing there. */
async function nextOnto(store: LineStore, id: string, line: string, queue = 'q') {
  const stored = (await store.getCall(id))!;
  return { queue, call: { ...stored, status: 'ringing' as const, line, since: 20, deadline: 120 } };
}

for (const [name, make] of implementations) {
  describe.skipIf(make === undefined)(`LineStore contract: ${name}`, () => {
    let store: LineStore;
    beforeEach(async () => {
      store = make!();
      await store.init(['a/1', 'a/2'], 1000);
      return () => store.close();
    });

    it('starts lines free, following their schedule, idle since init', async () => {
      expect(await store.lines(['a/1', 'a/2'])).toEqual([
        { key: 'a/1', call: null, duty: null, idleSince: 1000, callsTaken: 0 },
        { key: 'a/2', call: null, duty: null, idleSince: 1000, callsTaken: 0 },
      ]);
    });

    it('puts a call through to a free on-duty line once; a second call finds it taken', async () => {
      expect(await putThrough(store, 'a/1', 'c1')).toEqual({ ...call('c1'), status: 'ringing', line: 'a/1', version: 1 });
      expect(await putThrough(store, 'a/1', 'c2')).toBe('line_taken');
      const [line] = await store.lines(['a/1']);
      expect(line).toMatchObject({ call: 'c1', callsTaken: 1 });
    });

    it('refuses a line off duty by schedule unless overridden on, and one overridden off', async () => {
      expect(await putThrough(store, 'a/1', 'c1', false)).toBe('line_taken');
      await store.setDuty('a/1', 'on');
      expect(await putThrough(store, 'a/1', 'c1', false)).toMatchObject({ line: 'a/1' });
      await store.setDuty('a/2', 'off');
      expect(await putThrough(store, 'a/2', 'c2', true)).toBe('line_taken');
      await store.setDuty('a/2', null);
      expect(await putThrough(store, 'a/2', 'c2', true)).toMatchObject({ line: 'a/2' });
    });

    it('release frees the line and stamps idleSince; a second release is not_held', async () => {
      await putThrough(store, 'a/1', 'c1');
      expect(await store.release('a/1', 'c1', 5000, undefined, true)).toBe('freed');
      expect(await store.release('a/1', 'c1', 6000, undefined, true)).toBe('not_held');
      expect((await store.lines(['a/1']))[0]).toMatchObject({ call: null, idleSince: 5000 });
    });

    it('queues in order with a maximum length, and reports positions', async () => {
      expect(await enqueueNew(store, 'x', 10, 2)).toBe(1);
      expect(await enqueueNew(store, 'y', 11, 2)).toBe(2);
      expect(await enqueueNew(store, 'z', 12, 2)).toBeNull();
      expect((await store.getCall('x'))!).toMatchObject({ status: 'queued', version: 1, enqueuedAt: 10 });
      expect((await store.getCall('z'))!).toMatchObject({ status: 'menu', version: 0 });
      const entries = await store.queue('q');
      expect(entries.map((e) => [e.callId, e.enqueuedAt])).toEqual([
        ['x', 10],
        ['y', 11],
      ]);
      expect(entries[0]!.seq).toBeLessThan(entries[1]!.seq);
      expect(await store.queueLengths(['q', 'empty'])).toEqual([2, 0]);
      expect(await store.dequeue('q', 'x')).toBe(true);
      expect(await store.dequeue('q', 'x')).toBe(false);
    });

    it('release hands the line to the named head of a queue, atomically', async () => {
      await putThrough(store, 'a/1', 'c1');
      await enqueueNew(store, 'w1', 10);
      await enqueueNew(store, 'w2', 11);
      expect(await store.release('a/1', 'c1', 20, await nextOnto(store, 'w2', 'a/1'), true)).toBe('conflict');
      expect((await store.lines(['a/1']))[0]!.call).toBe('c1');
      expect(await store.release('a/1', 'c1', 20, await nextOnto(store, 'w1', 'a/1'), true)).toBe('took');
      expect((await store.lines(['a/1']))[0]).toMatchObject({ call: 'w1', callsTaken: 2 });
      expect((await store.queue('q')).map((e) => e.callId)).toEqual(['w2']);
    });

    it('the hand-off from queue to line is one step: the call is written ringing on the line with it, or nothing moves', async () => {
      await putThrough(store, 'a/1', 'c1');
      await enqueueNew(store, 'w1', 10);
      const next = await nextOnto(store, 'w1', 'a/1');
      // another writer moved the queued call since it was read: nothing changes
      await store.updateCall((await store.getCall('w1'))!);
      expect(await store.release('a/1', 'c1', 20, next, true)).toBe('conflict');
      expect((await store.lines(['a/1']))[0]!.call).toBe('c1');
      expect((await store.queue('q')).map((e) => e.callId)).toEqual(['w1']);
      expect(await store.getCall('w1')).toMatchObject({ status: 'queued', version: 2 });
      // on a fresh read it goes through: off the queue, on the line and ringing there, all at once
      const fresh = await nextOnto(store, 'w1', 'a/1');
      expect(await store.release('a/1', 'c1', 20, fresh, true)).toBe('took');
      expect(await store.getCall('w1')).toEqual({ ...fresh.call, version: 3 });
      expect((await store.lines(['a/1']))[0]!.call).toBe('w1');
      expect(await store.queue('q')).toEqual([]);
      expect(await store.expiredCalls(120, 10)).toEqual(['w1']);
    });

    it('a line going off duty does not take the next call', async () => {
      await putThrough(store, 'a/1', 'c1');
      await enqueueNew(store, 'w1', 10);
      await store.setDuty('a/1', 'off');
      expect(await store.release('a/1', 'c1', 20, await nextOnto(store, 'w1', 'a/1'), true)).toBe('freed');
      expect(await store.queueLengths(['q'])).toEqual([1]);
    });

    it('offers an already free line without touching its idle time', async () => {
      await enqueueNew(store, 'w1', 10);
      expect(await store.release('a/2', '', 99, await nextOnto(store, 'w1', 'a/2'), true)).toBe('took');
      expect(await store.release('a/1', '', 99, undefined, true)).toBe('freed');
      expect((await store.lines(['a/1']))[0]).toMatchObject({ call: null, idleSince: 1000 });
    });

    it('updates calls by compare-and-set on the version', async () => {
      await store.createCall(call('k1'), NO_CAP);
      const first = await store.updateCall({ ...call('k1'), status: 'queued' });
      expect(first).toMatchObject({ version: 1, status: 'queued' });
      expect(await store.updateCall({ ...call('k1'), status: 'ended' })).toBeUndefined();
      expect(await store.getCall('k1')).toEqual(first);
      expect(await store.getCall('nope')).toBeUndefined();
    });

    it('counts an outcome with the update that ends the call, per minute bucket and per day, never on a lost update', async () => {
      const end = async (id: string, minute: number, category: string | null, outcome: Outcome) => {
        await store.createCall(call(id), NO_CAP);
        expect(await store.updateCall({ ...call(id), status: 'ended' }, { minute, date: '2026-01-05', category, outcome })).toBeDefined();
        expect(await store.updateCall({ ...call(id), status: 'ended' }, { minute, date: '2026-01-05', category, outcome })).toBeUndefined();
      };
      await end('e1', 100, 'talk', 'answered');
      await end('e2', 100, 'talk', 'blocked');
      await end('e3', 101, null, 'hung_up_in_menu');
      const counts = await store.countsFor([101, 100, 99], '2026-01-05');
      expect(counts.minutes).toEqual([{ '-|hung_up_in_menu': 1 }, { 'talk|answered': 1, 'talk|blocked': 1 }, {}]);
      expect(counts.day).toEqual({ 'talk|answered': 1, 'talk|blocked': 1, '-|hung_up_in_menu': 1 });
    });

    it('reads a call with a route snapshot: the call (or undefined), the lines in order, the queue length', async () => {
      await store.createCall(call('r1'), NO_CAP);
      await putThrough(store, 'a/2', 'x');
      await store.setDuty('a/1', 'off');
      await enqueueNew(store, 'w1', 5);
      await enqueueNew(store, 'w2', 6);
      const read = await store.callAndRoute('r1', ['a/2', 'a/1'], 'q');
      expect(read).toEqual({ call: call('r1'), lines: await store.lines(['a/2', 'a/1']), waiting: 2 });
      expect(await store.callAndRoute('nope', ['a/1'], 'empty')).toEqual({ call: undefined, lines: await store.lines(['a/1']), waiting: 0 });
      // a line with no state reads as a new one
      expect((await store.callAndRoute('r1', ['zz/9'], 'q')).lines).toEqual([{ key: 'zz/9', call: null, duty: null, idleSince: 0, callsTaken: 0 }]);
    });

    it('claimForCall puts a call through and writes it in one step, or changes nothing', async () => {
      await store.createCall(call('p1'), NO_CAP);
      const ringing = { ...call('p1'), status: 'ringing' as const, line: 'a/1' };
      // stale version: neither the line nor the call moves
      expect(await store.claimForCall('a/1', true, { ...ringing, version: 7 })).toBe('call_changed');
      // off duty by schedule: nothing moves either
      expect(await store.claimForCall('a/1', false, ringing)).toBe('line_taken');
      expect((await store.lines(['a/1']))[0]).toMatchObject({ call: null, callsTaken: 0 });
      expect(await store.getCall('p1')).toEqual(call('p1'));
      const stored = await store.claimForCall('a/1', true, ringing);
      expect(stored).toEqual({ ...ringing, version: 1 });
      expect(await store.getCall('p1')).toEqual(stored);
      expect((await store.lines(['a/1']))[0]).toMatchObject({ call: 'p1', callsTaken: 1 });
      await store.createCall(call('p2'), NO_CAP);
      expect(await store.claimForCall('a/1', true, { ...call('p2'), status: 'ringing', line: 'a/1' })).toBe('line_taken');
      expect(await store.getCall('p2')).toEqual(call('p2'));
    });

    it('exactly one of 50 concurrent claimForCall wins, and only its call is written', async () => {
      const ids = Array.from({ length: 50 }, (_, i) => `m${i}`);
      for (const id of ids) await store.createCall(call(id), NO_CAP);
      const results = await Promise.all(ids.map((id) => store.claimForCall('a/1', true, { ...call(id), status: 'ringing', line: 'a/1' })));
      const winners = ids.filter((_, i) => typeof results[i] === 'object');
      expect(winners).toHaveLength(1);
      expect((await store.lines(['a/1']))[0]).toMatchObject({ call: winners[0], callsTaken: 1 });
      for (const id of ids) expect((await store.getCall(id))!.status).toBe(id === winners[0] ? 'ringing' : 'menu');
    });

    it('a line with no state reads, takes a call and releases as a new line; init re-creates only what is missing', async () => {
      // as after a Redis restarted empty: no init for b/1
      expect(await store.lines(['b/1'])).toEqual([{ key: 'b/1', call: null, duty: null, idleSince: 0, callsTaken: 0 }]);
      expect(await putThrough(store, 'b/1', 'c1')).toMatchObject({ version: 1 });
      expect((await store.lines(['b/1']))[0]).toMatchObject({ call: 'c1', callsTaken: 1 });
      expect(await store.release('b/1', 'c1', 50, undefined, true)).toBe('freed');
      await store.setDuty('b/2', 'off');
      expect(await store.init(['a/1', 'b/1', 'b/2', 'b/3'], 777)).toBe(1);
      const [b1, b2, b3] = await store.lines(['b/1', 'b/2', 'b/3']);
      expect(b1).toEqual({ key: 'b/1', call: null, duty: null, idleSince: 50, callsTaken: 1 });
      expect(b2).toMatchObject({ key: 'b/2', call: null, duty: 'off', callsTaken: 0 });
      expect(b3).toEqual({ key: 'b/3', call: null, duty: null, idleSince: 777, callsTaken: 0 });
      expect(await store.init(['a/1', 'b/1', 'b/2', 'b/3'], 888)).toBe(0);
    });

    it('indexes active calls by deadline as they are written, and drops them when they end', async () => {
      const at = (id: string, deadline: number | null): CallRecord => ({ ...call(id), deadline });
      await store.createCall(at('d1', 100), NO_CAP);
      await store.createCall(at('d2', 200), NO_CAP);
      await store.createCall(at('d3', null), NO_CAP);
      expect(await store.expiredCalls(150, 10)).toEqual(['d1']);
      expect(await store.expiredCalls(250, 10)).toEqual(['d1', 'd2']);
      expect(await store.expiredCalls(250, 1)).toEqual(['d1']);
      // all three count against the active-call cap, d3 (no deadline) included
      expect(await store.createCall(call('d4'), 3)).toBe(false);
      // a write moves the deadline; the end of the call drops it
      const moved = await store.updateCall(at('d1', 300));
      expect(await store.expiredCalls(250, 10)).toEqual(['d2']);
      await store.updateCall({ ...moved!, status: 'ended', outcome: 'hung_up_in_menu', deadline: null });
      expect(await store.expiredCalls(1e15, 10)).toEqual(['d2']);
      expect(await store.createCall(call('d4'), 3)).toBe(true);
      await store.dropDeadline('d2');
      expect(await store.expiredCalls(1e15, 10)).toEqual([]);
    });

    it('caps active calls: a new call beyond the cap is refused until one ends', async () => {
      expect(await store.createCall(call('k1'), 2)).toBe(true);
      expect(await store.createCall(call('k2'), 2)).toBe(true);
      expect(await store.createCall(call('k3'), 2)).toBe(false);
      expect(await store.getCall('k3')).toBeUndefined();
      await store.updateCall({ ...call('k1'), status: 'ended', outcome: 'blocked' });
      expect(await store.createCall(call('k3'), 2)).toBe(true);
      const many = await Promise.all(Array.from({ length: 20 }, (_, i) => store.createCall(call(`x${i}`), 7)));
      expect(many.filter(Boolean)).toHaveLength(5);
    });

    it('enqueue writes the call as queued with it, or changes nothing', async () => {
      await store.createCall(call('e1'), NO_CAP);
      expect(await store.enqueue('q', { ...call('e1'), version: 4, status: 'queued', enqueuedAt: 3 }, undefined)).toBe('call_changed');
      expect(await store.queueLengths(['q'])).toEqual([0]);
      expect(await store.enqueue('q', { ...call('e1'), status: 'queued', enqueuedAt: 3, deadline: 90 }, undefined)).toEqual({
        position: 1,
        call: { ...call('e1'), status: 'queued', enqueuedAt: 3, deadline: 90, version: 1 },
      });
      expect(await store.getCall('e1')).toMatchObject({ status: 'queued', version: 1 });
      expect(await store.expiredCalls(100, 10)).toEqual(['e1']);
    });

    it('keeps state across init (a restarted instance carries on)', async () => {
      await putThrough(store, 'a/1', 'c1');
      await store.setDuty('a/2', 'off');
      await store.init(['a/1', 'a/2', 'a/3'], 9999);
      expect(await store.lines(['a/1', 'a/2', 'a/3'])).toEqual([
        { key: 'a/1', call: 'c1', duty: null, idleSince: 1000, callsTaken: 1 },
        { key: 'a/2', call: null, duty: 'off', idleSince: 1000, callsTaken: 0 },
        { key: 'a/3', call: null, duty: null, idleSince: 9999, callsTaken: 0 },
      ]);
    });
  });

  describe.skipIf(make === undefined)(`LineStore retention of ended calls: ${name}`, () => {
    let r: Retaining;
    beforeEach(async () => {
      r = retainingImplementations[name]!();
      await r.store.init(['a/1', 'a/2'], 1000);
      return () => r.close();
    });

    const endedAs = (c: CallRecord, outcome: Outcome): CallRecord => ({ ...c, status: 'ended', outcome, endedAt: 5 });
    const count = (outcome: Outcome) => ({ minute: 100, date: '2026-01-05', category: 'talk', outcome });

    it('keeps an ended call for the retention, then forgets it; counts stay as they were', async () => {
      const { store } = r;
      await store.createCall(call('e1'), NO_CAP);
      const ended = await store.updateCall(endedAs(call('e1'), 'blocked'), count('blocked'));
      expect(ended).toMatchObject({ status: 'ended', version: 1 });
      if (name === 'redis') {
        // set by the script that ended the call: the retention, not the active call's safety TTL
        const ttl = await r.ttl('e1');
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(r.retentionMs);
      }
      await r.elapse(r.retentionMs / 4);
      expect(await store.getCall('e1')).toEqual(ended);
      expect((await store.callAndRoute('e1', ['a/1'], 'q')).call).toEqual(ended);
      // still there to refuse a second end (the service's 409)
      expect(await store.updateCall(endedAs(call('e1'), 'blocked'), count('blocked'))).toBeUndefined();
      await r.elapse(r.retentionMs);
      expect(await store.getCall('e1')).toBeUndefined();
      expect((await store.callAndRoute('e1', ['a/1'], 'q')).call).toBeUndefined();
      expect(await r.ttl('e1')).toBe(-2);
      // a late write to a forgotten call changes nothing (the service's 404)
      expect(await store.updateCall({ ...ended!, status: 'ended' })).toBeUndefined();
      expect(await store.getCall('e1')).toBeUndefined();
      const counts = await store.countsFor([100], '2026-01-05');
      expect(counts.minutes).toEqual([{ 'talk|blocked': 1 }]);
      expect(counts.day).toEqual({ 'talk|blocked': 1 });
    });

    it('never expires an active call (menu, queued, ringing, talking), however long it lasts', async () => {
      const { store } = r;
      await store.createCall(call('menu'), NO_CAP);
      await store.createCall(call('queued'), NO_CAP);
      const enqueued = await store.enqueue('q', { ...call('queued'), status: 'queued', enqueuedAt: 10 }, undefined);
      const queued = typeof enqueued === 'object' ? enqueued.call : undefined;
      await store.createCall(call('ringing'), NO_CAP);
      const ringing = await store.claimForCall('a/1', true, { ...call('ringing'), status: 'ringing', line: 'a/1' });
      await store.createCall(call('talking'), NO_CAP);
      const talking = await store.updateCall({ ...call('talking'), status: 'talking', line: 'a/2' });
      // an ended call beside them is forgotten on time
      await store.createCall(call('gone'), NO_CAP);
      await store.updateCall(endedAs(call('gone'), 'hung_up_in_menu'), count('hung_up_in_menu'));
      if (name === 'redis') {
        for (const id of ['menu', 'queued', 'ringing', 'talking']) expect(await r.ttl(id)).toBeGreaterThan(3600_000);
      }
      await r.elapse(r.retentionMs * 1.5);
      if (name === 'memory') await r.elapse(r.retentionMs * 100);
      expect(await store.getCall('gone')).toBeUndefined();
      expect(await store.getCall('menu')).toEqual(call('menu'));
      expect(await store.getCall('queued')).toEqual(queued);
      expect(await store.getCall('ringing')).toEqual(ringing);
      expect(await store.getCall('talking')).toEqual(talking);
      expect((await store.queue('q')).map((e) => e.callId)).toEqual(['queued']);
      expect((await store.lines(['a/1']))[0]).toMatchObject({ call: 'ringing' });
      // and once it ends, its own retention starts then
      const ended = await store.updateCall(endedAs(talking!, 'answered'), count('answered'));
      await r.elapse(r.retentionMs / 4);
      expect(await store.getCall('talking')).toEqual(ended);
      await r.elapse(r.retentionMs);
      expect(await store.getCall('talking')).toBeUndefined();
      expect((await store.countsFor([100], '2026-01-05')).day).toEqual({ 'talk|hung_up_in_menu': 1, 'talk|answered': 1 });
    });
  });
}

/** A store and, in Redis, what is left of a count bucket's lifetime in seconds (-2: gone). */
const countingImplementations: Record<string, (() => { store: LineStore; bucketTtl?: (key: string) => Promise<number>; close(): Promise<void> }) | undefined> = {
  memory: () => {
    const store = new MemoryLineStore();
    return { store, close: () => store.close() };
  },
  redis:
    redisUrl === undefined
      ? undefined
      : () => {
          const prefix = testPrefix();
          prefixes.push(prefix);
          const store = new RedisLineStore(redisUrl, prefix);
          const raw = new Redis(redisUrl);
          return {
            store,
            bucketTtl: (key) => raw.ttl(prefix + key),
            close: async () => {
              raw.disconnect();
              await store.close();
            },
          };
        },
};

for (const [name, make] of Object.entries(countingImplementations)) {
  describe.skipIf(make === undefined)(`LineStore retention of outcome counts: ${name}`, () => {
    it('keeps minute buckets for 26 h and day buckets for 2 days, then drops them', async () => {
      const { store, bucketTtl, close } = make!();
      try {
        await store.init(['a/1'], 0);
        const m0 = 29_000_000; // an epoch minute of 2025
        let n = 0;
        const countAt = async (minute: number, date: string) => {
          const id = `n${n++}`;
          await store.createCall(call(id), NO_CAP);
          await store.updateCall({ ...call(id), status: 'ended', outcome: 'answered', endedAt: minute * 60_000 }, { minute, date, category: 'talk', outcome: 'answered' });
        };
        const one = { 'talk|answered': 1 };
        await countAt(m0, '2026-01-05');
        await countAt(m0 + 60, '2026-01-06');
        if (bucketTtl !== undefined) {
          // Redis: the buckets' TTLs, renewed by each count (the clock of the keys does not matter there)
          for (const key of [`m:${m0}`, `m:${m0 + 60}`]) {
            const ttl = await bucketTtl(key);
            expect(ttl).toBeGreaterThan(26 * 3600 - 60);
            expect(ttl).toBeLessThanOrEqual(26 * 3600);
          }
          const dayTtl = await bucketTtl('d:2026-01-05');
          expect(dayTtl).toBeGreaterThan(2 * 24 * 3600 - 60);
          expect(dayTtl).toBeLessThanOrEqual(2 * 24 * 3600);
          expect(await bucketTtl('m:12345')).toBe(-2);
        }
        // 26 h and one minute after the first count: its minute bucket is older than the retention
        await countAt(m0 + 26 * 60 + 1, '2026-01-08');
        const counts = await store.countsFor([m0, m0 + 60, m0 + 26 * 60 + 1], '2026-01-06');
        expect(counts.minutes.slice(1)).toEqual([one, one]);
        expect(counts.day).toEqual(one);
        if (name === 'memory') {
          expect(counts.minutes[0]).toEqual({});
          // the day two days before the newest counted date is kept, older ones are dropped
          expect((await store.countsFor([], '2026-01-05')).day).toEqual({});
          await countAt(m0 + 26 * 60 + 2, '2026-01-08');
          expect((await store.countsFor([], '2026-01-06')).day).toEqual(one);
        }
      } finally {
        await close();
      }
    });
  });
}

describe('MemoryLineStore retention', () => {
  it('holds at most 26 h of minute buckets and 3 days of day buckets on a long run', async () => {
    const store = new MemoryLineStore();
    await store.init(['a/1'], 0);
    // one counted call a minute for four days
    for (let minute = 0; minute < 4 * 1440; minute++) {
      const id = `c${minute}`;
      await store.createCall(call(id), NO_CAP);
      const date = new Date(minute * 60_000).toISOString().slice(0, 10);
      await store.updateCall(endedInMenu(call(id)), { minute, date, category: null, outcome: 'hung_up_in_menu' });
    }
    // a bucket is held exactly when it reads non-empty
    const held = (counts: OutcomeCounts[]) => counts.filter((c) => Object.keys(c).length > 0).length;
    const everyMinute = await store.countsFor(
      Array.from({ length: 4 * 1440 }, (_, minute) => minute),
      '1970-01-01',
    );
    expect(held(everyMinute.minutes)).toBe(26 * 60 + 1);
    const days = await Promise.all(['1970-01-01', '1970-01-02', '1970-01-03', '1970-01-04'].map(async (date) => (await store.countsFor([], date)).day));
    expect(held(days)).toBe(3);
    const last = 4 * 1440 - 1;
    const kept = await store.countsFor([last - 26 * 60, last - 26 * 60 - 1], '1970-01-02');
    expect(kept.minutes).toEqual([{ '-|hung_up_in_menu': 1 }, {}]);
    expect(kept.day).toEqual({ '-|hung_up_in_menu': 1440 });
  });


  it('holds only active calls and those ended within the retention (no growth on a long run)', async () => {
    let now = 0;
    const store = new MemoryLineStore({ callRetentionSeconds: 10, now: () => now });
    // one call a second for an hour, each ending after 5 s; one stays in the menu throughout
    await store.createCall(call('stays'), NO_CAP);
    const ids = ['stays', ...Array.from({ length: 3600 }, (_, i) => `c${i}`)];
    for (let i = 0; i < 3600; i++) {
      now = i * 1000;
      await store.createCall(call(`c${i}`), NO_CAP);
      if (i >= 5) await store.updateCall(endedInMenu(call(`c${i - 5}`)));
    }
    // a call is held exactly when it reads
    const held = async () => (await Promise.all(ids.map((id) => store.getCall(id)))).filter((c) => c !== undefined).length;
    // 5 still active + those ended in the last 10 s + the one in the menu
    expect(await held()).toBe(5 + 10 + 1);
    expect(await store.getCall('stays')).toEqual(call('stays'));
    now += 3600_000;
    expect(await held()).toBe(5 + 1);
  });

  it('an ended call written again is kept for the retention from its last write', async () => {
    let now = 0;
    const store = new MemoryLineStore({ callRetentionSeconds: 10, now: () => now });
    await store.createCall(call('x'), NO_CAP);
    const first = await store.updateCall(endedInMenu(call('x')));
    now = 8000;
    const second = await store.updateCall(first!);
    now = 12_000;
    expect(await store.getCall('x')).toEqual(second);
    now = 18_000;
    expect(await store.getCall('x')).toBeUndefined();
  });

  it('refuses a retention that is not a positive number of seconds', () => {
    expect(() => new MemoryLineStore({ callRetentionSeconds: 0 })).toThrow(RangeError);
    expect(() => new MemoryLineStore({ callRetentionSeconds: Number.NaN })).toThrow(RangeError);
  });
});

function endedInMenu(c: CallRecord): CallRecord {
  return { ...c, status: 'ended', outcome: 'hung_up_in_menu', endedAt: 1 };
}

describe.skipIf(redisUrl === undefined)('RedisLineStore recovery', () => {
  it('routing carries on over a Redis emptied under it: lines read and take calls as new, init re-creates them', async () => {
    const prefix = testPrefix();
    prefixes.push(prefix);
    const store = new RedisLineStore(redisUrl!, prefix);
    try {
      await store.init(['a/1', 'a/2'], 1);
      await store.setDuty('a/2', 'on');
      await store.createCall(call('p1'), NO_CAP);
      await dumpAndDelete(redisUrl!, prefix); // every key gone, as after a restart without persistence
      await store.createCall(call('p2'), NO_CAP);
      const route = await store.callAndRoute('p2', ['a/1', 'a/2'], 'q');
      expect(route.lines.map((l) => l.call)).toEqual([null, null]);
      expect(await store.claimForCall('a/1', true, { ...call('p2'), status: 'ringing', line: 'a/1' })).toMatchObject({ version: 1 });
      expect(await store.init(['a/1', 'a/2'], 5)).toBe(1);
      expect(await store.lines(['a/1', 'a/2'])).toEqual([
        { key: 'a/1', call: 'p2', duty: null, idleSince: 5, callsTaken: 1 },
        { key: 'a/2', call: null, duty: null, idleSince: 5, callsTaken: 0 },
      ]);
    } finally {
      await store.close();
    }
  });

  it('the active-call cap counts across instances sharing one Redis', async () => {
    const prefix = testPrefix();
    prefixes.push(prefix);
    const one = new RedisLineStore(redisUrl!, prefix);
    const two = new RedisLineStore(redisUrl!, prefix);
    try {
      const made = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? one : two).createCall(call(`s${i}`), 5)));
      expect(made.filter(Boolean)).toHaveLength(5);
      expect(await two.createCall(call('s-late'), 5)).toBe(false);
      expect(await one.createCall(call('s-late'), 6)).toBe(true);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('a new store on the same prefix sees the state a closed one left', async () => {
    const prefix = testPrefix();
    prefixes.push(prefix);
    const first = new RedisLineStore(redisUrl!, prefix);
    await first.init(['a/1'], 1);
    await putThrough(first, 'a/1', 'c1');
    await enqueueNew(first, 'w1', 5);
    await first.close();
    const second = new RedisLineStore(redisUrl!, prefix);
    await second.init(['a/1'], 2);
    expect((await second.lines(['a/1']))[0]).toMatchObject({ call: 'c1', idleSince: 1 });
    expect(await second.getCall('c1')).toMatchObject({ id: 'c1' });
    expect((await second.queue('q')).map((e) => e.callId)).toEqual(['w1']);
    await second.close();
  });
});
