/**
 * The replay driver plays a scenario's callers against a running service: every attempt it
 * starts ends in one outcome, and the service's live figures count exactly those attempts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/core/scenario/validate.ts';
import { digitsTo, replay } from '../../sim/cli/commands/replay.ts';
import { testScenario, testScenarioInput } from './fixtures.ts';
import { client, startService, storeModes, type Running } from './harness.ts';

const scenario = parseScenario({
  ...testScenarioInput,
  arrivals: { type: 'volume', callersPerDay: 300 },
  callers: {
    menuPatience: { type: 'exponential', mean: 60 },
    misselection: { probability: 0.1 },
    noInputProbability: 0.05,
    redial: { probability: { blocked: 0.5, closed: 0.3 }, delay: { type: 'fixed', value: 120 }, maxAttempts: 3 },
  },
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
  });
});
