/**
 * Lost webhooks: a front end that never presses a key, never answers a ringing call, never
 * ends a conversation or stops asking about a queued call. The service's own timeouts end
 * those calls with a stated outcome and free their lines, in memory and in Redis.
 */
import { describe, expect, it } from 'vitest';
import { countsMatch, everyCallEndedOnce, getCall, live, noLineDoubleBooked, routesAgain, settles, watched, watchStaleHolders } from './invariants.ts';
import { disposedAfterEach } from './lifecycle.ts';
import { RedisServer, ServiceProcess, SETTLE_MS, sleep, TICK_MS, TIMEOUTS } from './processes.ts';
import { summary, Traffic } from './traffic.ts';

const LOSSY = { digits: 0.15, answer: 0.25, end: 0.3, queued: 0.2 };

const started = disposedAfterEach();

describe.each(['memory', 'redis'] as const)('lost webhooks (%s)', (mode) => {
  it('lines come free and every call ends with a stated outcome after the timeouts', async () => {
    if (mode === 'redis') started.redis = await RedisServer.start({ persistent: false });
    const service = await ServiceProcess.start({ redisUrl: started.redis?.url });
    started.services.push(service);

    const traffic = new Traffic({ urls: [service.url], concurrency: 6, losses: LOSSY });
    await sleep(6000);
    const report = await traffic.stop();
    expect(report.calls.filter((c) => c.abandoned === 'lost_webhook').length, summary(report)).toBeGreaterThan(5);

    // nothing sends a webhook any more: only the service's timeouts can end what is left
    const settled = settles(service.url, SETTLE_MS);
    settled.catch(() => {}); // awaited below, after the watch
    const stale = await watchStaleHolders(service.url, 2 * TICK_MS + 1000, settled);
    const settleMs = await settled;

    const ended = await everyCallEndedOnce(service.url, report.calls);
    expect(ended.lost).toBe(0);
    countsMatch((await live(service.url)).total.today.attempts, report, [service.url]);
    noLineDoubleBooked(report.calls);

    // each silent call ends with the outcome of the state it was left in
    for (const call of report.calls.filter((c) => c.abandoned === 'lost_webhook')) {
      const expected = { menu: 'hung_up_in_menu', talking: 'answered' }[call.last.status as string];
      if (expected !== undefined) expect.soft((await getCall(service.url, call.id)).call?.outcome, call.id).toBe(expected);
    }
    const routed = await routesAgain(service.url, 5000);
    console.info(
      `[chaos] lost webhooks (${mode}): ${report.calls.length} calls, ${report.calls.filter((c) => c.abandoned).length} left silent; ` +
        `all lines free ${settleMs} ms after the last webhook (ring ${TIMEOUTS.RING_TIMEOUT_SECONDS} s, talk ${TIMEOUTS.MAX_TALK_SECONDS} s, ` +
        `menu ${TIMEOUTS.MENU_TIMEOUT_SECONDS} s); longest hold past its call's end or deadline ${watched(stale)} ms; new call routed in ${routed} ms; outcomes ${JSON.stringify(ended.byOutcome)}`,
    );
  });
});
