/**
 * A replay against the service matches `helpline-sim run` on the same scenario. The service
 * runs on the scenario's time (a scaled clock at the replay's speed), the replay plays one
 * realisation of the scenario's callers and staff against it, and each figure must lie in the
 * prediction interval that 20 simulator replications give for one new replication. A service
 * with the wrong line count must fall outside, or the test proves nothing.
 *
 * The scenario has one case of everything that moves an answer rate: a busy rule (talk), a
 * queue with a maximum length, maximum wait and caller patience, a shared overflow pool with a
 * queue priority (urgent), a staffing gap (talk closed 08:00–09:00), wrap-up, a sub-menu with
 * invalid input at both levels, menu hang-ups and redials. Timing is coarse on purpose: handle
 * times of minutes are hundreds of real milliseconds at this speed, so a few ms of jitter in
 * timers and HTTP is a fraction of a percent of any duration that matters.
 */
import quantile from '@stdlib/stats-base-dists-t-quantile';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../core/scenario/schema.ts';
import { parseScenario } from '../../core/scenario/validate.ts';
import { instantOfLocal } from '../../core/time/local-time.ts';
import { ScaledClock } from '../../sim/io/clock.ts';
import type { LineStore } from '../../src/live/line-store.ts';
import { buildApp } from '../../src/server/app.ts';
import { replay, type ReplaySummary } from '../../cli/commands/replay.ts';
import type { Report } from '../../sim/report/report.ts';
import type { Stat } from '../../sim/report/stat.ts';
import { runReplications } from '../../sim/run/run-replications.ts';
import { REPLAY_TIMEOUTS, testConfig } from '../support/fixtures.ts';
import { client, storeModes } from '../support/harness.ts';
import { label, smallScenario } from '../support/scenario-builder.ts';

const input = (talkLines: number): ScenarioInput => smallScenario({
  name: 'replay agreement',
  // six hours of a Monday in Tokyo
  start: '2026-01-05T06:00',
  timeZone: 'Asia/Tokyo',
  days: 0.25,
  callersPerDay: 2000,
  categories: { talk: 0.6, urgent: 0.4 },
  labels: { talk: label('Talk'), urgent: label('Urgent') },
  menu: {
    greetingSeconds: 8,
    repeats: 1,
    inputTimeoutSeconds: 5,
    options: [
      { digit: '1', label: label('Talk'), announceSeconds: 4, target: { category: 'talk' } },
      {
        digit: '2',
        label: label('More'),
        announceSeconds: 4,
        target: { menu: { greetingSeconds: 3, options: [{ digit: '1', label: label('Urgent'), announceSeconds: 4, target: { category: 'urgent' } }] } },
      },
    ],
  },
  callers: {
    menuPatience: { type: 'exponential', mean: 150 },
    misselection: { probability: 0.1 },
    noInputProbability: 0.15,
    queuePatience: { type: 'exponential', mean: 240 },
    redial: {
      probability: { blocked: 0.6, closed: 0.4, abandoned_in_queue: 0.5, hung_up_in_menu: 0.3, invalid_input: 0.3 },
      delay: { type: 'exponential', mean: 300 },
      maxAttempts: 3,
    },
  },
  organisations: [
    {
      id: 'org-a',
      name: label('A'),
      schedule: [
        { from: '06:00', to: '08:00' },
        { from: '09:00', to: '24:00' },
      ],
      handleTime: { default: { type: 'lognormal', mean: 360, cv: 0.6 } },
      wrapUp: { type: 'fixed', value: 60 },
    },
    { id: 'org-b', name: label('B'), handleTime: { default: { type: 'lognormal', mean: 480, cv: 0.6 } }, wrapUp: { type: 'exponential', mean: 90 } },
  ],
  lines: { talk: { organisation: 'org-a', count: talkLines }, urgent: { organisation: 'org-b', count: 2 } },
  routes: { urgent: ['urgent', 'talk'] },
  onNoLine: { talk: { action: 'busy' }, urgent: { action: 'queue', maxLength: 3, maxWaitSeconds: 600, priority: 5 } },
});

const scenario = parseScenario(input(6));
/** The deliberately wrong service: two talk lines where the scenario has six. */
const wrongService = parseScenario(input(2));

/** 6 scenario hours in 25 real seconds. */
const SPEED = 864;
const REPLICATIONS = 20;
const SIM_SEED = 1;
/** Not the simulator's seed: the replay is a new realisation, independent of the replications. */
const REPLAY_SEED = 2;
/** The service's clock starts this many scenario seconds before the horizon, so that no caller is due before it is listening. */
const LEAD_SECONDS = 15 * 60;
/** Queue maximum waits and shifts starting are checked every 10 ms, 8.6 scenario seconds (maximum wait: 600). */
const TICK_MS = 10;

/** The figures compared: per-category answer rates (by the category chosen), overall answer rate and attempts. */
const FIGURES: Array<{ name: string; replay: (s: ReplaySummary) => number; sim: (r: Report) => Stat }> = [
  { name: 'talk answer rate', replay: (s) => rate(s.categories.talk!), sim: (r) => r.categories.talk!.answerRate },
  { name: 'urgent answer rate', replay: (s) => rate(s.categories.urgent!), sim: (r) => r.categories.urgent!.answerRate },
  { name: 'overall answer rate', replay: (s) => s.outcomes.answered / s.attempts, sim: (r) => r.overall.answerRate },
  { name: 'attempts', replay: (s) => s.attempts, sim: (r) => r.overall.attempts },
];

function rate(c: { attempts: number; answered: number }): number {
  return c.answered / c.attempts;
}

/**
 * Prediction interval for one new replication: mean ± t(1 − α/2, n−1)·s·√(1 + 1/n), with s
 * recovered from the report's 95 % CI half-width (t(0.975, n−1)·s/√n). The four figures are
 * checked together, so α = 5 % is shared among them (Bonferroni): a faithful service fails this
 * test with probability 5 % at most, not 1 − 0.95⁴ ≈ 19 %.
 */
function predictionInterval(stat: Stat, n: number): [number, number] {
  const mean = stat.mean!;
  const s = ((stat.ci95![1] - mean) * Math.sqrt(n)) / quantile(0.975, n - 1);
  const half = quantile(1 - 0.05 / (2 * FIGURES.length), n - 1) * s * Math.sqrt(1 + 1 / n);
  return [mean - half, mean + half];
}

/** A service routing `served` on the scenario's time, with the replay of `scenario` played against it. */
async function replayAgainst(store: LineStore, served = scenario): Promise<{ summary: ReplaySummary; liveAttempts: number; log: string[] }> {
  const { start, timeZone } = scenario.horizon;
  const clock = new ScaledClock(instantOfLocal(start, timeZone) - LEAD_SECONDS * 1000, SPEED);
  const app = await buildApp({ config: testConfig(REPLAY_TIMEOUTS), scenario: served, lineStore: store, clock, logger: pino({ level: 'silent' }), tickMs: TICK_MS });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const log: string[] = [];
    const summary = await replay(scenario, { url, speed: SPEED, seed: REPLAY_SEED, hours: undefined, apiKey: undefined, log: (l) => log.push(l) });
    const live = (await client(url).get('/live')).body;
    return { summary, liveAttempts: live.total.today.attempts, log };
  } finally {
    await app.close();
  }
}

function compare(summary: ReplaySummary, report: Report): Array<{ name: string; value: number; interval: [number, number]; inside: boolean }> {
  return FIGURES.map((f) => {
    const value = f.replay(summary);
    const interval = predictionInterval(f.sim(report), report.replications);
    return { name: f.name, value, interval, inside: value >= interval[0] && value <= interval[1] };
  });
}

function table(title: string, rows: ReturnType<typeof compare>): string {
  const fmt = (x: number) => (Math.abs(x) >= 2 ? x.toFixed(1) : x.toFixed(3));
  return [title, ...rows.map((r) => `  ${r.name.padEnd(20)} replay ${fmt(r.value).padStart(6)}   PI [${fmt(r.interval[0])}, ${fmt(r.interval[1])}]${r.inside ? '' : '  OUTSIDE'}`)].join('\n');
}

const modes = storeModes();
let report: Report;

beforeAll(async () => {
  report = await runReplications(scenario, { seed: SIM_SEED, replications: REPLICATIONS });
});
afterAll(async () => {
  for (const mode of modes) await mode.cleanup();
});

// concurrent: the replays run in real time, side by side they cost one replay's 25 s
describe.concurrent('replay against the service agrees with helpline-sim run', () => {
  for (const mode of modes) {
    it(`${mode.name} store: every figure lies in the simulator's prediction interval for one replication`, async () => {
      const { summary, liveAttempts, log } = await replayAgainst(mode.make());
      const rows = compare(summary, report);
      console.info(table(`replay vs ${REPLICATIONS} replications (${mode.name} store)`, rows));
      expect(summary.errors, log.join('\n')).toBe(0);
      // played on the service's clock (no warning that it is not on the scenario's time), and from the horizon start
      expect(log.filter((l) => !l.startsWith('replay: scenario +'))).toEqual([]);
      expect(summary.skipped).toBe(0);
      expect(Object.values(summary.outcomes).reduce((a, b) => a + b, 0)).toBe(summary.attempts);
      expect(liveAttempts).toBe(summary.attempts);
      // the scenario's cases all happen, or the agreement would say nothing about them
      for (const outcome of ['answered', 'blocked', 'abandoned_in_queue', 'hung_up_in_menu', 'invalid_input', 'closed'] as const) {
        expect(summary.outcomes[outcome], outcome).toBeGreaterThan(0);
      }
      for (const row of rows) {
        expect(row.value, row.name).toBeGreaterThanOrEqual(row.interval[0]);
        expect(row.value, row.name).toBeLessThanOrEqual(row.interval[1]);
      }
    });
  }

  it('a service with the wrong line count (2 talk lines, not 6) falls outside', async () => {
    const { summary } = await replayAgainst(modes[0]!.make(), wrongService);
    const rows = compare(summary, report);
    console.info(table('replay against a service with 2 talk lines, not 6', rows));
    const talk = rows.find((r) => r.name === 'talk answer rate')!;
    expect(talk.value).toBeLessThan(talk.interval[0]);
  });
});
