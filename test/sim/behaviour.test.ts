/**
 * What planners rely on when they change a scenario: the direction (and where theory exists,
 * the size) of the effect of menu order, line counts, staffing hours, redial and queue
 * priority. Variants are compared with the same seed (common random numbers); effects are
 * judged on paired per-replication differences with their 95 % CI, not on single runs.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario, ScenarioInput } from '../../core/scenario/schema.ts';
import { erlangC } from '../../core/analytic/erlang.ts';
import { simulateReplication } from '../../sim/model/helpline-model.ts';
import type { ReplicationFigures } from '../../sim/model/metrics.ts';
import { summarise, type Stat } from '../../sim/report/stat.ts';
import { buildScenario } from '../support/scenario-builder.ts';
import { meanAndCi } from './scenarios.ts';

const SEED = 2022;

function runs(scenario: Scenario, replications: number): ReplicationFigures[] {
  return Array.from({ length: replications }, (_, r) => simulateReplication(scenario, { seed: SEED, replication: r }));
}

/** Paired differences b − a of a figure, replication by replication. */
function paired(a: ReplicationFigures[], b: ReplicationFigures[], figure: (f: ReplicationFigures) => number): Stat {
  return summarise(a.map((fa, r) => figure(b[r]!) - figure(fa)));
}

function clearlyNegative(stat: Stat): void {
  const { hi } = meanAndCi(stat);
  expect(hi, `difference ${JSON.stringify(stat)}`).toBeLessThan(0);
}

interface Variant {
  order?: string[];
  lines?: Record<string, number>;
  days?: number;
  warmupHours?: number;
  callersPerDay?: number;
  callers?: ScenarioInput['callers'];
  onNoLine?: ScenarioInput['routing'][string]['onNoLine'];
}

/** Three concerns a (50 %), b (30 %), c (20 %), each with its own pool. */
function threePools(v: Variant): Scenario {
  const ids = ['a', 'b', 'c'];
  return buildScenario({
    name: 'three pools',
    days: v.days ?? 3,
    warmupHours: v.warmupHours ?? 24,
    callersPerDay: v.callersPerDay ?? 2000,
    categories: { a: 0.5, b: 0.3, c: 0.2 },
    greetingSeconds: 10,
    announceSeconds: 10,
    order: v.order ?? ids,
    callers: v.callers ?? {},
    lines: Object.fromEntries(ids.map((id) => [id, v.lines?.[id] ?? 3])),
    onNoLine: v.onNoLine ?? { action: 'busy' },
  });
}

describe('menu order, with finite menu patience', () => {
  const patience: ScenarioInput['callers'] = { menuPatience: { type: 'exponential', mean: 40 } };

  it("moving a category's option from first to last lowers the share of its callers answered and its answered calls", () => {
    for (const lines of [3, 30]) {
      // 3 lines: a's pool is congested; 30: never busy
      const first = runs(threePools({ order: ['a', 'b', 'c'], lines: { a: lines, b: lines, c: lines }, callers: patience }), 10);
      const last = runs(threePools({ order: ['b', 'c', 'a'], lines: { a: lines, b: lines, c: lines }, callers: patience }), 10);
      clearlyNegative(paired(first, last, (f) => f.categories.a!.callersAnsweredShare));
      clearlyNegative(paired(first, last, (f) => f.categories.a!.answered));
      // the caller hears two more options (20 s) before pressing: more of them hang up
      clearlyNegative(paired(first, last, (f) => f.categories.a!.attempts / f.categories.a!.callers));
    }
  });

  it('the further down an option, the more of its callers hang up (positions 1, 2, 3)', () => {
    const reached = [0, 1, 2].map((pos) => {
      const order = ['b', 'c'];
      order.splice(pos, 0, 'a');
      const f = runs(threePools({ order, lines: { a: 30, b: 30, c: 30 }, callers: patience }), 5);
      return summarise(f.map((x) => x.categories.a!.attempts / x.categories.a!.callers));
    });
    // announced at 20, 30, 40 s with exponential patience of mean 40 s: exp(−T/40)
    reached.forEach((s, i) => expect(Math.abs(s.mean! - Math.exp(-(20 + 10 * i) / 40))).toBeLessThan(0.02));
    expect(reached[0]!.mean!).toBeGreaterThan(reached[1]!.mean!);
    expect(reached[1]!.mean!).toBeGreaterThan(reached[2]!.mean!);
  });
});

describe('line counts', () => {
  const counts = [0, 1, 2, 3, 5, 8];

  for (const onNoLine of [{ action: 'busy' as const }, { action: 'queue' as const }]) {
    it(`adding lines to a pool never lowers its category's answer rate (${onNoLine.action}, same seed)`, () => {
      const callers: ScenarioInput['callers'] = onNoLine.action === 'queue' ? { queuePatience: { type: 'exponential', mean: 120 } } : {};
      const series = counts.map((n) => runs(threePools({ lines: { a: n, b: 3, c: 3 }, callers, onNoLine, days: 2 }), 5));
      const rates = series.map((reps) => summarise(reps.map((f) => f.categories.a!.answerRate)).mean!);
      expect(rates[0]).toBe(0);
      for (let i = 1; i < rates.length; i++) expect(rates[i]!, `answer rate with ${counts[i]} lines: ${rates.join(', ')}`).toBeGreaterThan(rates[i - 1]!);
      // replication by replication too: more lines never answer fewer of a's calls by more than noise
      for (let i = 1; i < series.length; i++) {
        const d = paired(series[i - 1]!, series[i]!, (f) => f.categories.a!.answerRate);
        expect(meanAndCi(d).lo).toBeGreaterThan(0);
      }
    });
  }

  it("adding lines to one category's pool leaves another category with its own pool exactly as it was (common random numbers)", () => {
    const figures = counts.map((n) => runs(threePools({ lines: { a: n, b: 3, c: 3 } }), 3));
    for (const f of figures.slice(1)) {
      for (let r = 0; r < f.length; r++) {
        expect(f[r]!.categories.b).toEqual(figures[0]![r]!.categories.b);
        expect(f[r]!.hourly.c).toEqual(figures[0]![r]!.hourly.c);
      }
    }
  });
});

describe('staffing hours', () => {
  it('a pool staffed 09:00–17:00 gives closed outcomes at night and none by day', () => {
    // 100 calls an hour of 1 minute on 40 lines: never busy, so by day every call is answered
    const scenario = buildScenario({
      name: 'day shift',
      days: 2,
      callersPerDay: 2400,
      categories: { day: 1 },
      schedule: [{ from: '09:00', to: '17:00' }],
      handleTime: { type: 'exponential', mean: 60 },
      lines: { p: 40 },
      onNoLine: { action: 'queue' },
    });
    for (const f of runs(scenario, 3)) {
      const { attempts, answered } = f.hourly.day!;
      let nightAttempts = 0;
      for (let h = 0; h < 24; h++) {
        expect(attempts[h]!, `hour ${h}`).toBeGreaterThan(100);
        if (h >= 9 && h < 17) expect(answered[h], `hour ${h}`).toBe(attempts[h]);
        else {
          expect(answered[h], `hour ${h}`).toBe(0);
          nightAttempts += attempts[h]!;
        }
      }
      const o = f.overall.outcomes;
      expect(o.closed).toBe(nightAttempts);
      expect(o.blocked + o.abandoned_in_queue).toBe(0);
      // lines are staffed during the shift (the horizon starts at local midnight); a line busy at
      // 17:00 finishes its call first, so hour 17 keeps a few line-seconds of staffing
      f.linesBusy.org!.staffed.forEach((s, h) => {
        const local = h % 24;
        if (local >= 9 && local < 17) expect(s, `hour ${h}`).toBeCloseTo(40, 9);
        else if (local === 17) expect(s, `hour ${h}`).toBeLessThan(1);
        else expect(s, `hour ${h}`).toBe(0);
      });
    }
  });
});

describe('redial', () => {
  type Redial = NonNullable<NonNullable<ScenarioInput['callers']>['redial']>;
  const congested = (redial: Redial | undefined): Scenario =>
    threePools({ lines: { a: 2, b: 2, c: 2 }, callers: redial ? { redial } : {}, days: 2 });

  it('raises attempts per caller, and the share of callers answered, within maxAttempts', () => {
    const without = runs(congested(undefined), 5);
    const withRedial = runs(
      congested({ probability: { blocked: 0.7 }, delay: { type: 'exponential', mean: 300 }, maxAttempts: 3 }),
      5,
    );
    const perCaller = (f: ReplicationFigures): number => f.overall.attempts / f.overall.callers;
    for (const f of without) expect(perCaller(f)).toBe(1);
    for (const f of withRedial) {
      expect(perCaller(f)).toBeGreaterThan(1.3);
      expect(perCaller(f)).toBeLessThanOrEqual(3);
    }
    clearlyNegative(paired(withRedial, without, perCaller));
    clearlyNegative(paired(withRedial, without, (f) => f.overall.callersAnsweredShare));
  });

  it('with no lines, redial probability 1 and maxAttempts k, every caller makes k attempts', () => {
    for (const k of [1, 2, 4]) {
      const scenario = threePools({
        lines: { a: 0, b: 0, c: 0 },
        callers: { redial: { probability: { blocked: 1 }, delay: { type: 'fixed', value: 60 }, maxAttempts: k } },
        days: 2,
        warmupHours: 0, // with a warm-up, redials of callers who first called before it would count without them
      });
      for (const f of runs(scenario, 2)) {
        expect(f.overall.outcomes.blocked).toBe(f.overall.attempts);
        expect(f.overall.callers).toBeGreaterThan(3000);
        expect(f.overall.attempts).toBeLessThanOrEqual(k * f.overall.callers);
        // an attempt takes 20–40 s of menu, then 60 s to the redial: only callers in the horizon's
        // last (k − 1) × 100 s (~1.4 per minute of them) run out of time, each missing ≤ k − 1 attempts
        expect(k * f.overall.callers - f.overall.attempts).toBeLessThanOrEqual((k - 1) * 30);
        expect(f.overall.callersAnswered).toBe(0);
      }
    }
  });
});

describe('queue priority on a shared pool', () => {
  function shared(priorityA: number, priorityB: number): Scenario {
    return buildScenario({
      name: 'priority',
      // long replications: the low class's mean wait is very skewed at utilisation 0.9
      days: 11,
      warmupHours: 24,
      // 4.5 Erlangs on 5 lines (utilisation 0.9), half each
      callersPerDay: (4.5 / 180) * 86_400,
      categories: { a: 0.5, b: 0.5 },
      handleTime: { type: 'exponential', mean: 180 },
      lines: { shared: 5 },
      onNoLine: { a: { action: 'queue', priority: priorityA }, b: { action: 'queue', priority: priorityB } },
    });
  }

  it('the higher-priority category waits less, by the amount non-preemptive priority theory says', () => {
    const f = runs(shared(1, 0), 20);
    const waitA = summarise(f.map((x) => x.categories.a!.waitMean));
    const waitB = summarise(f.map((x) => x.categories.b!.waitMean));
    expect(meanAndCi(waitA).hi).toBeLessThan(meanAndCi(waitB).lo);
    // M/M/c with non-preemptive priority and equal handle times (Cobham 1954):
    // W_k = C(c, A) · s / c / ((1 − σ_{k−1})(1 − σ_k)), σ_k the utilisation of classes 1..k
    const c = 5;
    const C = erlangC(c, 4.5);
    const highTheory = (C * 180) / c / (1 - 0.45);
    const lowTheory = (C * 180) / c / ((1 - 0.45) * (1 - 0.9));
    for (const [stat, theory] of [
      [waitA, highTheory],
      [waitB, lowTheory],
    ] as const) {
      const { mean, half } = meanAndCi(stat);
      expect(Math.abs(mean - theory), `theory ${theory}, simulated ${JSON.stringify(stat)}`).toBeLessThanOrEqual(2 * half);
      expect(half).toBeLessThan(0.15 * theory);
    }
  });

  it('equal priorities: both categories wait the same (first come, first served across queues)', () => {
    const f = runs(shared(0, 0), 10);
    const d = summarise(f.map((x) => x.categories.a!.waitMean - x.categories.b!.waitMean));
    const { mean, half } = meanAndCi(d);
    // 0 within the CI widened to 2 half-widths (as in theory.test.ts), and the CI narrow
    expect(Math.abs(mean)).toBeLessThanOrEqual(2 * half);
    expect(half).toBeLessThan(10); // seconds, against a mean wait of ~80 s
    const both = summarise(f.map((x) => x.overall.waitMean));
    expect(Math.abs(both.mean! - (erlangC(5, 4.5) * 180) / 0.5)).toBeLessThan(0.15 * both.mean!);
  });
});
