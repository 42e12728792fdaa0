/**
 * The replay driver plays a scenario's callers against a running service: every attempt it
 * starts ends in one outcome, and the service's live figures count exactly those attempts.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../../core/scenario/validate.ts';
import { instantOfLocal } from '../../../core/time/local-time.ts';
import { ScaledClock } from '../../../sim/io/clock.ts';
import { MemoryLineStore } from '../../../src/live/memory-line-store.ts';
import { buildApp } from '../../../src/server/app.ts';
import { digitsTo, replay } from '../../../cli/commands/replay.ts';
import { REPLAY_TIMEOUTS, testConfig, testScenario, testScenarioInput } from '../../support/fixtures.ts';
import { client, startService, storeModes, type Running } from '../../support/harness.ts';

const scenario = parseScenario({
  ...testScenarioInput,
  arrivals: { type: 'volume', callersPerDay: 300 },
  callers: {
    menuPatience: { type: 'exponential', mean: 60 },
    misselection: { probability: 0.1 },
    noInputProbability: 0.05,
    redial: { probability: { blocked: 0.5, closed: 0.3 }, delay: { type: 'fixed', value: 120 }, maxAttempts: 3 },
  },
  // calls of 10 minutes (21 real ms at this speed) keep the two talk lines busy often enough that
  // some callers hear busy however the timers jitter; at 1 minute (2 ms) it could be none
  organisations: testScenarioInput.organisations.map((o) => ({ ...o, handleTime: { default: { type: 'fixed', value: 600 } } })),
});

describe('helpline-sim replay', () => {
  let svc: Running;
  beforeAll(async () => {
    svc = await startService({ store: storeModes()[0]!.make(), scenario });
  });
  afterAll(() => svc.close());

  it('finds the keys to a category through sub-menus', () => {
    expect(digitsTo(testScenario.menu, 'talk')).toBe('1');
    expect(digitsTo(testScenario.menu, 'night')).toBe('22');
  });

  it('plays a day of callers; every attempt ends once and the live figures count them', async () => {
    const log: string[] = [];
    const summary = await replay(scenario, { url: svc.url, speed: 86_400 / 3, seed: 7, hours: 24, apiKey: undefined, log: (l) => log.push(l) });
    const ended = Object.values(summary.outcomes).reduce((a, b) => a + b, 0);
    expect(summary.errors).toBe(0);
    expect(summary.attempts).toBeGreaterThan(250);
    expect(ended).toBe(summary.attempts);
    for (const outcome of ['answered', 'blocked', 'closed', 'hung_up_in_menu'] as const) expect(summary.outcomes[outcome]).toBeGreaterThan(0);
    const live = (await client(svc.url).get('/live')).body;
    expect(live.total.today).toMatchObject({ attempts: summary.attempts, answered: summary.outcomes.answered });
    expect(live.organisations.every((o: { busy: number }) => o.busy === 0)).toBe(true);
    expect(log.at(-1)).toMatch(/^replay: scenario \+24h00m {2}attempts/);
    // the harness's clock stands still: the replay says it cannot follow it
    expect(log[0]).toMatch(/^replay: the service's clock reads 2026-01-05T03:00:00.000Z at ×0.0, not this scenario's time/);
  });

  it("plays on the service's clock when it runs on the scenario's time: callers already due are skipped", async () => {
    const speed = 86_400 / 3;
    const twoHoursIn = instantOfLocal(scenario.horizon.start, scenario.horizon.timeZone) + 2 * 3600_000;
    const clock = new ScaledClock(twoHoursIn, speed);
    const app = await buildApp({ config: testConfig(REPLAY_TIMEOUTS), scenario, lineStore: new MemoryLineStore(), clock, logger: pino({ level: 'silent' }) });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const log: string[] = [];
      const summary = await replay(scenario, { url, speed, seed: 7, hours: 8, apiKey: undefined, log: (l) => log.push(l) });
      expect(summary.errors).toBe(0);
      // the service's clock is 2 hours in, and 1–2 more once the replay has read it (0.2 s at this speed): ~40 % of ~100 callers
      expect(summary.skipped).toBeGreaterThan(20);
      expect(summary.attempts).toBeGreaterThan(0);
      expect(log.filter((l) => !l.startsWith('replay: scenario +'))).toEqual([
        `replay: ${summary.skipped} callers were due before the service's clock when the replay started: not played`,
      ]);
    } finally {
      await app.close();
    }
  });
});
