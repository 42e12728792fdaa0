/**
 * Service instances fail: two instances share one Redis (no line is ever held by two calls),
 * and one of them is SIGKILLed again and again while calls end and lines pass straight to
 * queued calls (the hand-off). The other carries on, the restarted one recovers from Redis,
 * and every call ends exactly once.
 */
import { describe, expect, it } from 'vitest';
import { countsMatch, everyCallEndedOnce, live, noLineDoubleBooked, routesAgain, settles, watched, watchStaleHolders } from './invariants.ts';
import { disposedAfterEach } from './lifecycle.ts';
import { RedisServer, ServiceProcess, SETTLE_MS, sleep, TICK_MS, waitFor } from './processes.ts';
import { summary, Traffic } from './traffic.ts';

const started = disposedAfterEach();

async function twoInstances(): Promise<[ServiceProcess, ServiceProcess]> {
  const redis = (started.redis = await RedisServer.start({ persistent: false }));
  started.services = await Promise.all([ServiceProcess.start({ redisUrl: redis.url }), ServiceProcess.start({ redisUrl: redis.url })]);
  return started.services as [ServiceProcess, ServiceProcess];
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
    countsMatch((await live(a.url)).total.today.attempts, report, [a.url, b.url]);
    const heldSpans = report.calls.filter((c) => c.heldFrom !== null).length;
    expect(heldSpans, summary(report)).toBeGreaterThan(20);
    console.info(`[chaos] two instances: ${report.calls.length} calls, ${heldSpans} put through, outcomes ${JSON.stringify(ended.byOutcome)}; settled ${settleMs} ms`);
  });

  it('SIGKILL of one instance mid hand-off: the other carries on, the restarted one recovers, every call ends once', async () => {
    const [a, b] = await twoInstances();
    // callers on the instance that stays up, mostly to the busy category so that A's rounds find free lines
    const traffic = new Traffic({ urls: [b.url], concurrency: 4, queuedShare: 0.2, ringMs: [0, 50], talkMs: [50, 300] });
    const rounds: Array<Record<string, number>> = [];
    const kills = (async () => {
      // each round: A's lines full of conversations and a queue behind them; every conversation
      // ends through A at once (each /end hands its line to the head of the queue), and A is
      // killed a few ms later, while those hand-offs are in flight
      for (const killAfterMs of [2, 5, 10]) {
        // the last round's calls left on the lines are ended by the timeouts first
        await waitFor('the queued category\'s lines mostly free', SETTLE_MS, async () => ((await live(b.url)).organisations.find((o) => o.organisation === 'org-a')!.busy <= 1 ? true : undefined));
        const filled = await traffic.fill(a.url, 8);
        const ends = traffic.endTalking(filled);
        await sleep(killAfterMs);
        await a.kill();
        const answers = await ends;
        const otherRoutedMs = await routesAgain(b.url, 5000);
        const from = Date.now();
        await a.restart();
        const restartMs = Date.now() - from;
        const restartedRoutedMs = await routesAgain(a.url, 5000);
        rounds.push({
          killAfterMs,
          queued: filled.filter((c) => c.last.status === 'queued').length,
          endsSent: answers.length,
          endsAnswered: answers.filter((e) => e.status === 200).length,
          otherRoutedMs,
          restartMs,
          restartedRoutedMs,
        });
      }
    })();
    kills.catch(() => {}); // awaited below, after the watch over it
    const stale = await watchStaleHolders(b.url, 2 * TICK_MS + 1000, kills);
    await kills;
    const report = await traffic.stop();
    // the calls left on A's lines and in the queue are ended by B's timeouts if nothing else moves them
    const settleMs = await settles(b.url, SETTLE_MS);
    const ended = await everyCallEndedOnce(b.url, report.calls);
    expect(ended.lost).toBe(0);
    countsMatch((await live(b.url)).total.today.attempts, report, [a.url, b.url]);
    noLineDoubleBooked(report.calls);
    expect(rounds.reduce((n, r) => n + r.endsSent!, 0), 'conversations ended through A as it was killed').toBeGreaterThan(2);
    console.info(
      `[chaos] SIGKILL x3 mid hand-off: ${report.calls.length} calls (${summary(report)}); per kill ${JSON.stringify(rounds)}; ` +
        `longest hold past a call's end or deadline ${watched(stale)} ms; settled ${settleMs} ms; outcomes ${JSON.stringify(ended.byOutcome)}`,
    );
  });
});
