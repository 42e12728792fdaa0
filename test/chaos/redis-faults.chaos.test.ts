/**
 * Redis fails under live traffic: paused (SIGSTOP), stalled (DEBUG SLEEP), killed and
 * restarted empty, killed and restarted with its data, flushed. While it is away the service
 * answers 503 fast (never a hang or a 500) and /readyz says so within its timeout; once it is
 * back, routing recovers without restarting the service, and every call ends exactly once.
 */
import { describe, expect, it } from 'vitest';
import {
  countsMatch,
  everyCallEndedOnce,
  firstDecisionAfter,
  live,
  noLineDoubleBooked,
  probeReadiness,
  routesAgain,
  settles,
  slowestAnswer,
  slowOrBroken,
  watched,
  watchStaleHolders,
  type Probe,
  type StaleHolds,
} from './invariants.ts';
import { disposedAfterEach } from './lifecycle.ts';
import { RedisServer, ServiceProcess, SETTLE_MS, sleep, TICK_MS, TIMEOUTS } from './processes.ts';
import { summary, Traffic, type TrafficReport } from './traffic.ts';

/** A request may wait out one command timeout per store round trip it makes; two, and a margin for this machine. */
const FAST_503_MS = 2 * TIMEOUTS.REDIS_COMMAND_TIMEOUT_MS + 1000;
/** /readyz answers within its own timeout, and a margin. */
const READY_WITHIN_MS = TIMEOUTS.READY_TIMEOUT_MS + 1000;
/** Reconnection (ioredis backs off up to 2 s between attempts) and the first tick after it. */
const RECOVERY_MS = 6000;

const started = disposedAfterEach();

interface Fault {
  /** When the fault began and ended (Redis answering again), real ms. */
  from: number;
  to: number;
  readiness: Probe[];
}

/**
 * Starts Redis and one instance, runs traffic for 2 s, applies `fault` (which resolves when
 * Redis is back) while probing /readyz, runs traffic 3 s more, then stops it and waits for
 * every line to come free, watching that no line is held past its call's end or deadline.
 */
async function underTraffic(persistent: boolean, fault: (redis: RedisServer) => Promise<void>): Promise<{ report: TrafficReport; fault: Fault; url: string; settleMs: number; stale: StaleHolds }> {
  const redis = (started.redis = await RedisServer.start({ persistent }));
  const service = await ServiceProcess.start({ redisUrl: redis.url });
  started.services.push(service);
  const traffic = new Traffic({ urls: [service.url], concurrency: 6 });
  await sleep(2000);
  const from = Date.now();
  const applied = fault(redis);
  const readiness = await probeReadiness(service.url, applied);
  await applied;
  const to = Date.now();
  const url = service.url;
  const after = sleep(3000).then(async () => {
    const report = await traffic.stop();
    return { report, settleMs: await settles(url, SETTLE_MS) };
  });
  after.catch(() => {}); // awaited below, after the watch
  const stale = await watchStaleHolders(url, 2 * TICK_MS + 1000, after, to);
  return { ...(await after), fault: { from, to, readiness }, url, stale };
}

/** /readyz said 503 within its timeout while Redis was away, and 200 again within RECOVERY_MS after. */
function readinessFollowed(fault: Fault, awayFrom: number, awayTo: number): number {
  // probes sent while Redis was away, early enough that an answer within the bound came before it was back
  const away = fault.readiness.filter((p) => p.at >= awayFrom && p.at < awayTo - READY_WITHIN_MS);
  expect(away.length, 'readiness probes while Redis was away').toBeGreaterThan(0);
  for (const p of away) {
    expect.soft(p.status, `/readyz at +${p.at - awayFrom} ms`).toBe(503);
    expect.soft(p.ms, `/readyz at +${p.at - awayFrom} ms took`).toBeLessThanOrEqual(READY_WITHIN_MS);
  }
  return Math.max(...away.map((p) => p.ms));
}

async function readyAgainWithin(url: string, boundMs: number): Promise<number> {
  const from = Date.now();
  for (;;) {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(READY_WITHIN_MS) }).catch(() => undefined);
    if (res?.status === 200) return Date.now() - from;
    if (Date.now() - from > boundMs) throw new Error(`/readyz not 200 within ${boundMs} ms of Redis coming back`);
    await sleep(100);
  }
}

function report(name: string, facts: Record<string, unknown>): void {
  console.info(`[chaos] ${name}: ${Object.entries(facts).map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('; ')}`);
}

/**
 * After a short fault: every request answered fast (503 at worst), a call routed again within
 * RECOVERY_MS, every call ended once, the live counts match the traffic, no line held twice.
 */
async function carriesOn(name: string, routedAgain: string, r: { traffic: TrafficReport; fault: Fault; url: string; settleMs: number; stale: StaleHolds }, worstReady: number): Promise<void> {
  const { traffic, fault, url } = r;
  expect(slowOrBroken(traffic.timeline, 0, Infinity, FAST_503_MS), summary(traffic)).toEqual([]);
  const recovered = firstDecisionAfter(traffic.timeline, fault.to);
  expect(recovered, routedAgain).toBeDefined();
  expect(recovered!).toBeLessThan(RECOVERY_MS);
  const ended = await everyCallEndedOnce(url, traffic.calls);
  expect(ended.lost).toBe(0);
  countsMatch((await live(url)).total.today.attempts, traffic, [url]);
  noLineDoubleBooked(traffic.calls);
  report(name, { calls: traffic.calls.length, requests: summary(traffic), slowestReadyzWhileAway: `${worstReady} ms`, slowestRequestWhileAway: `${slowestAnswer(traffic.timeline, fault.from, fault.to)} ms`, firstRoutedAfter: `${recovered} ms`, settled: `${r.settleMs} ms`, longestStaleHold: `${watched(r.stale)} ms` });
}

describe('Redis fails under live traffic', () => {
  it('paused (SIGSTOP 3 s): fast 503s, /readyz 503 within its timeout, then everything carries on', async () => {
    const { report: traffic, fault, url, settleMs, stale } = await underTraffic(false, async (r) => {
      r.pause();
      await sleep(3000);
      r.resume();
    });
    const worstReady = readinessFollowed(fault, fault.from, fault.to);
    await carriesOn('Redis paused 3 s', 'a call routed after Redis came back', { traffic, fault, url, settleMs, stale }, worstReady);
  });

  it('stalled (DEBUG SLEEP 3): fast 503s, /readyz bounded, then everything carries on', async () => {
    const { report: traffic, fault, url, settleMs, stale } = await underTraffic(false, (r) => r.stall(3));
    // DEBUG SLEEP is sent once its own connection is up, a few ms after the fault begins
    const worstReady = readinessFollowed(fault, fault.from + 200, fault.to);
    await carriesOn('Redis stalled 3 s', 'a call routed after the stall', { traffic, fault, url, settleMs, stale }, worstReady);
  });

  it('killed and restarted empty: 503 while away, routing recovers without a service restart', async () => {
    let killedAt = 0;
    let backAt = 0;
    let readyMs = 0;
    let routedMs = 0;
    const { report: traffic, fault, url, settleMs, stale } = await underTraffic(false, async (r) => {
      await r.kill();
      killedAt = Date.now();
      await sleep(2500);
      await r.restart();
      backAt = Date.now();
      readyMs = await readyAgainWithin(started.services[0]!.url, RECOVERY_MS);
      routedMs = await routesAgain(started.services[0]!.url, RECOVERY_MS);
    });
    const worstReady = readinessFollowed(fault, killedAt, backAt);
    expect(slowOrBroken(traffic.timeline, 0, Infinity, FAST_503_MS), summary(traffic)).toEqual([]);
    // calls from before the loss may be forgotten (404); every other call ends exactly once
    const ended = await everyCallEndedOnce(url, traffic.calls, backAt);
    countsMatch((await live(url)).total.today.attempts, traffic, [url], { since: backAt, slackFrom: killedAt });
    noLineDoubleBooked(traffic.calls);
    report('Redis killed, restarted empty', { calls: traffic.calls.length, forgotten: ended.lost, requests: summary(traffic), slowestReadyzWhileAway: `${worstReady} ms`, slowestRequestWhileAway: `${slowestAnswer(traffic.timeline, killedAt, backAt)} ms`, readyAfterRestart: `${readyMs} ms`, newCallRoutedAfterReady: `${routedMs} ms`, settled: `${settleMs} ms`, longestStaleHold: `${watched(stale)} ms` });
  });

  it('killed and restarted with its data (append-only file): nothing lost, every call ends exactly once', async () => {
    let killedAt = 0;
    let backAt = 0;
    let readyMs = 0;
    const { report: traffic, fault, url, settleMs, stale } = await underTraffic(true, async (r) => {
      await r.kill();
      killedAt = Date.now();
      await sleep(2500);
      await r.restart();
      backAt = Date.now();
      readyMs = await readyAgainWithin(started.services[0]!.url, RECOVERY_MS);
    });
    readinessFollowed(fault, killedAt, backAt);
    expect(slowOrBroken(traffic.timeline, 0, Infinity, FAST_503_MS), summary(traffic)).toEqual([]);
    const recovered = firstDecisionAfter(traffic.timeline, backAt);
    expect(recovered, 'a call routed after Redis came back').toBeDefined();
    const ended = await everyCallEndedOnce(url, traffic.calls);
    expect(ended.lost).toBe(0);
    countsMatch((await live(url)).total.today.attempts, traffic, [url]);
    noLineDoubleBooked(traffic.calls);
    report('Redis killed, restarted with data', { calls: traffic.calls.length, requests: summary(traffic), readyAfterRestart: `${readyMs} ms`, firstRoutedAfterRestart: `${recovered} ms`, settled: `${settleMs} ms`, longestStaleHold: `${watched(stale)} ms` });
  });

  it('FLUSHALL under traffic: line state re-created, routing recovers without a restart', async () => {
    let flushedAt = 0;
    let routedMs = 0;
    const { report: traffic, fault, url, settleMs, stale } = await underTraffic(false, async (r) => {
      await r.command((c) => c.flushall());
      flushedAt = Date.now();
      routedMs = await routesAgain(started.services[0]!.url, RECOVERY_MS);
    });
    // no outage: readiness reads the lines, and missing lines read as new ones
    expect(fault.readiness.filter((p) => p.status !== 200)).toEqual([]);
    // a request in flight across the flush may have written its call to the emptied store
    const ended = await everyCallEndedOnce(url, traffic.calls, flushedAt);
    countsMatch((await live(url)).total.today.attempts, traffic, [url], { since: flushedAt, slackFrom: flushedAt - 2000 });
    expect(traffic.timeline.filter((e) => e.status === 500), summary(traffic)).toEqual([]);
    noLineDoubleBooked(traffic.calls);
    report('FLUSHALL', { calls: traffic.calls.length, forgotten: ended.lost, requests: summary(traffic), newCallRoutedAfterFlush: `${routedMs} ms`, settled: `${settleMs} ms`, longestStaleHold: `${watched(stale)} ms` });
  });
});
