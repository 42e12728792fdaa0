/**
 * Service instances fail: two instances share one Redis (no line is ever held by two calls),
 * and one of them is SIGKILLed again and again while calls end and lines pass straight to
 * queued calls (the hand-off). The other carries on, the restarted one recovers from Redis,
 * and every call ends exactly once.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { countsMatch, everyCallEndedOnce, live, noLineDoubleBooked, routesAgain, settles, watchStaleHolders } from './invariants.ts';
import { killAll, RedisServer, ServiceProcess, SETTLE_MS, sleep, TICK_MS } from './processes.ts';
import { summary, Traffic } from './traffic.ts';

let redis: RedisServer | undefined;
let services: ServiceProcess[] = [];

afterEach(async () => {
  await Promise.all(services.map((s) => s.dispose()));
  services = [];
  await redis?.dispose();
  redis = undefined;
});
afterAll(killAll);

async function twoInstances(): Promise<[ServiceProcess, ServiceProcess]> {
  redis = await RedisServer.start({ persistent: false });
  services = await Promise.all([ServiceProcess.start({ redisUrl: redis.url }), ServiceProcess.start({ redisUrl: redis.url })]);
  return services as [ServiceProcess, ServiceProcess];
}

describe('service instances', () => {
  it('two instances on one Redis never put two calls on one line', async () => {
    const [a, b] = await twoInstances();
    // callers who answer at once and talk briefly: lines change hands (and pass to queued calls) all the time
    const traffic = new Traffic({ urls: [a.url, b.url], concurrency: 10, ringMs: [0, 50], talkMs: [50, 300] });
    await sleep(8000);
    const report = await traffic.stop();
    const settleMs = await settles(a.url, SETTLE_MS);
    noLineDoubleBooked(report.calls);
    const ended = await everyCallEndedOnce(b.url, report.calls);
    expect(ended.lost).toBe(0);
    countsMatch((await live(a.url)).total.today.attempts, report);
    const heldSpans = report.calls.filter((c) => c.heldFrom !== null).length;
    expect(heldSpans, summary(report)).toBeGreaterThan(20);
    console.info(`[chaos] two instances: ${report.calls.length} calls, ${heldSpans} put through, outcomes ${JSON.stringify(ended.byOutcome)}; settled ${settleMs} ms`);
  });

  it('SIGKILL of one instance mid hand-off: the other carries on, the restarted one recovers, every call ends once', async () => {
    const [a, b] = await twoInstances();
    // mostly the queued category, so most ends hand the line to a queued call
    const traffic = new Traffic({ urls: [a.url, b.url], concurrency: 10, ringMs: [0, 50], talkMs: [50, 300], patienceMs: [3000, 6000] });
    const kills: Array<{ otherRoutedMs: number; restartMs: number; restartedRoutedMs: number }> = [];
    const watch = (async () => {
      for (let round = 0; round < 3; round++) {
        await sleep(1500);
        await a.kill();
        const otherRoutedMs = await routesAgain(b.url, 3000);
        const from = Date.now();
        await a.restart();
        const restartMs = Date.now() - from;
        kills.push({ otherRoutedMs, restartMs, restartedRoutedMs: await routesAgain(a.url, 5000) });
      }
    })();
    const worstStale = await watchStaleHolders(b.url, 2 * TICK_MS + 1000, watch);
    await watch;
    const report = await traffic.stop();
    const settleMs = await settles(b.url, SETTLE_MS);
    const ended = await everyCallEndedOnce(b.url, report.calls);
    expect(ended.lost).toBe(0);
    countsMatch((await live(b.url)).total.today.attempts, report);
    noLineDoubleBooked(report.calls);
    console.info(
      `[chaos] SIGKILL x3 under traffic: ${report.calls.length} calls (${summary(report)}); per kill ${JSON.stringify(kills)}; ` +
        `longest hold by an ended or missing call ${worstStale} ms; settled ${settleMs} ms; outcomes ${JSON.stringify(ended.byOutcome)}`,
    );
  });
});
