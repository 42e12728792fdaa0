/**
 * The simulator against exact queueing theory (design.md, "Analytic cross-check").
 *
 * Each case builds the textbook system in code (one category, one 0 s option, no
 * mis-selection, no redial, exponential handle time of 180 s, flat Poisson volume, a 24 h
 * warm-up that drops the empty-start transient: 24 h = 480 mean handle times, many times the
 * relaxation time of every case here) and runs independent replications; the report's
 * Student-t 95 % CI must contain the theory value after widening.
 *
 * Why widen: the CI is itself random, and this file makes ~35 such comparisons. The
 * per-replication figures are also skewed (a replication with one long congestion episode has
 * a much larger mean wait), which makes the symmetric t-interval under-cover on the low side.
 * Measured on this model over 30 seeds × 14 cases: accepting |theory − mean| ≤ 1.5
 * half-widths gave 4 false alarms in 420 case runs (|z| 1.52–1.87: ~1 % per case, so a ~15 %
 * chance that a mere re-shuffle of the random streams turns this file red), ≤ 2 half-widths
 * gave none. So WIDEN = 2. To keep the test meaningful each comparison also bounds the
 * half-width itself (maxRel, a few per cent of the theory value): an error of more than
 * 2 × maxRel of the value cannot pass.
 */
import { describe, expect, it } from 'vitest';
import type { Distribution, Scenario } from '../../core/scenario/schema.ts';
import { parseScenario } from '../../core/scenario/validate.ts';
import { erlangA, erlangB, erlangC, erlangCMeanWait } from '../../core/analytic/erlang.ts';
import { simulateReplication } from '../../sim/model/helpline-model.ts';
import type { ReplicationFigures } from '../../sim/model/metrics.ts';
import { buildReport, reportJson, type Report } from '../../sim/report/report.ts';
import { summarise, type Stat } from '../../sim/report/stat.ts';
import { runReplications } from '../../sim/run/run-replications.ts';
import { buildScenario } from '../support/scenario-builder.ts';
import { complement, meanAndCi, singlePool } from './scenarios.ts';

const SEED = 9999;
const HOLD = 180;
const WIDEN = 2;

/** Runs the replications (as runReplications does) and keeps the per-replication figures for derived quantities. */
function replicate(scenario: Scenario, replications: number): { report: Report; figures: ReplicationFigures[] } {
  const figures: ReplicationFigures[] = [];
  for (let r = 0; r < replications; r++) figures.push(simulateReplication(scenario, { seed: SEED, replication: r }));
  return { report: buildReport(scenario, SEED, figures), figures };
}

type Annotate = (message: string) => Promise<unknown>;

/** theory within the CI widened to ±WIDEN half-widths, and the CI no wider than maxRel × theory */
async function agrees(annotate: Annotate, what: string, theory: number, stat: Stat, maxRel: number): Promise<void> {
  const { mean, lo, hi, half } = meanAndCi(stat);
  const line = `${what}: theory ${theory.toPrecision(6)}, simulated ${mean.toPrecision(6)} [${lo.toPrecision(6)}, ${hi.toPrecision(6)}] (${((mean - theory) / half).toFixed(2)} half-widths)`;
  await annotate(line);
  expect(Math.abs(theory - mean), line).toBeLessThanOrEqual(WIDEN * half);
  expect(half, `${line}: CI too wide to mean anything`).toBeLessThanOrEqual(maxRel * theory);
}

function onlyOutcomes(report: Report, allowed: readonly string[]): void {
  for (const [outcome, stat] of Object.entries(report.overall.outcomes)) {
    if (!allowed.includes(outcome)) expect(stat.mean, outcome).toBe(0);
  }
}

describe('Erlang B: busy message when no line is free', () => {
  const cases: Array<{ lines: number; load: number; reps: number; days: number; handle?: Distribution }> = [
    { lines: 1, load: 0.5, reps: 20, days: 5 }, // M/M/1/1: B = A / (1 + A) = 1/3
    { lines: 5, load: 3, reps: 20, days: 4 },
    { lines: 10, load: 8, reps: 20, days: 3 },
    { lines: 4, load: 8, reps: 20, days: 3 }, // heavy: A = 2n
    { lines: 10, load: 20, reps: 20, days: 3 }, // heavy: A = 2n
    // insensitivity: B depends on the handle time only through its mean
    { lines: 5, load: 3, reps: 20, days: 9, handle: { type: 'lognormal', mean: HOLD, cv: 2 } },
  ];
  for (const c of cases) {
    const name = `n = ${c.lines}, A = ${c.load}${c.handle ? `, ${c.handle.type} cv ${(c.handle as { cv: number }).cv}` : ''}`;
    it(`${name}: blocked / attempts = erlangB(n, A)`, async ({ annotate }) => {
      let scenario = singlePool({ ...c, holdSeconds: HOLD, warmupHours: 24, onNoLine: { action: 'busy' } });
      if (c.handle) scenario = { ...scenario, organisations: [{ ...scenario.organisations[0]!, handleTime: { default: c.handle } }] };
      const { report } = replicate(scenario, c.reps);
      onlyOutcomes(report, ['answered', 'blocked']);
      // only answered and blocked occur, so blocked / attempts = 1 − answer rate
      await agrees(annotate, `B(${c.lines}, ${c.load})`, erlangB(c.lines, c.load), complement(report.overall.answerRate), 0.03);
      // carried load = mean lines busy = A (1 − B), over every measured hour
      const hours = report.linesBusy.org!.busy.filter((s) => s.mean !== null).map((s) => s.mean!);
      expect(hours.length).toBe((c.days - 1) * 24);
      const busy = hours.reduce((s, x) => s + x, 0) / hours.length;
      expect(Math.abs(busy - c.load * (1 - erlangB(c.lines, c.load)))).toBeLessThan(0.03 * c.load);
    });
  }
});

describe('Erlang C: unlimited queue, infinitely patient callers', () => {
  // long replications: a replication's mean wait is only close to normal over many congestion episodes
  const cases = [
    { lines: 1, load: 0.5, reps: 20, days: 8, maxRelWait: 0.1 }, // M/M/1: C = ρ, W = ρ s / (1 − ρ)
    { lines: 5, load: 3.5, reps: 20, days: 8, maxRelWait: 0.1 },
    { lines: 10, load: 8, reps: 20, days: 8, maxRelWait: 0.1 },
    // heavy: utilisation 0.95 (A = 2n has no steady state). Waits are so autocorrelated here that
    // a 15 % half-width needs 15 simulated days per replication; it is still sharp, since a 1 %
    // error in the handle time alone would move Wq by ~25 %.
    { lines: 20, load: 19, reps: 20, days: 16, maxRelWait: 0.15 },
  ];
  for (const c of cases) {
    it(`n = ${c.lines}, A = ${c.load}: P(wait > 0) = erlangC, mean wait = erlangCMeanWait`, async ({ annotate }) => {
      // service level with a 0 s threshold is P(wait ≤ 0 | answered), and every caller is answered
      const scenario = singlePool({ ...c, holdSeconds: HOLD, warmupHours: 24, onNoLine: { action: 'queue' }, serviceLevelSeconds: 0 });
      const { report } = replicate(scenario, c.reps);
      onlyOutcomes(report, ['answered']);
      await agrees(annotate, `C(${c.lines}, ${c.load})`, erlangC(c.lines, c.load), complement(report.overall.serviceLevel), 0.04);
      await agrees(
        annotate,
        `Wq(${c.lines}, ${c.load})`,
        erlangCMeanWait(c.lines, c.load / HOLD, HOLD),
        report.overall.waitMean,
        c.maxRelWait,
      );
    });
  }
});

describe('Erlang A: queue with exponential patience', () => {
  const cases = [
    { lines: 1, load: 0.8, patience: 60, reps: 20, days: 5 },
    { lines: 5, load: 4, patience: 120, reps: 20, days: 4 },
    { lines: 10, load: 20, patience: 120, reps: 20, days: 3 }, // heavy: A = 2n
    { lines: 3, load: 6, patience: 300, reps: 20, days: 3 }, // heavy: A = 2n, patient callers
  ];
  for (const c of cases) {
    it(`n = ${c.lines}, A = ${c.load}, patience ${c.patience} s: abandoned / attempts = erlangA().probAbandon`, async ({ annotate }) => {
      const scenario = singlePool({
        ...c,
        holdSeconds: HOLD,
        warmupHours: 24,
        onNoLine: { action: 'queue' },
        callers: { queuePatience: { type: 'exponential', mean: c.patience } },
        serviceLevelSeconds: 0,
      });
      const { report, figures } = replicate(scenario, c.reps);
      onlyOutcomes(report, ['answered', 'abandoned_in_queue']);
      const theory = erlangA({ servers: c.lines, arrivalRate: c.load / HOLD, meanServiceTime: HOLD, meanPatience: c.patience });
      await agrees(annotate, `A(${c.lines}, ${c.load}, ${c.patience}) abandon`, theory.probAbandon, complement(report.overall.answerRate), 0.04);
      // P(wait > 0) = 1 − P(answered at once) = 1 − serviceLevel(0 s) × answer rate, per replication
      const waited = summarise(figures.map((f) => 1 - f.overall.serviceLevel * f.overall.answerRate));
      await agrees(annotate, `A(${c.lines}, ${c.load}, ${c.patience}) P(wait>0)`, theory.probWait, waited, 0.04);
    });
  }
});

describe('the report runReplications builds', () => {
  it('is the summary of the replications simulateReplication gives', async () => {
    const scenario = singlePool({ lines: 3, load: 2, holdSeconds: HOLD, days: 1.5, warmupHours: 24, onNoLine: { action: 'busy' } });
    const report = await runReplications(scenario, { seed: SEED, replications: 4 });
    expect(reportJson(report)).toBe(reportJson(replicate(scenario, 4).report));
  });
});

describe('menu layer: exponential menu patience', () => {
  const MEAN_PATIENCE = 30;
  const GREETING = 10;
  const ANNOUNCE = [5, 10, 20]; // options end at T = 15, 25, 45 s
  function menuScenario(patience: Distribution, extra: Partial<Pick<Scenario['callers'], 'noInputProbability'>> = {}, repeats = 1): Scenario {
    const ids = ['first', 'second', 'third'];
    return buildScenario({
      name: 'menu patience',
      days: 3,
      warmupHours: 24,
      callersPerDay: 6000,
      categories: Object.fromEntries(ids.map((id) => [id, 1 / 3])),
      greetingSeconds: GREETING,
      repeats,
      announceSeconds: ANNOUNCE,
      callers: { menuPatience: patience, ...extra },
      handleTime: { type: 'exponential', mean: 60 },
      lines: { main: 60 }, // ~4 Erlangs offered: never busy
    });
  }

  it('P(hung_up_in_menu) = 1 − exp(−T / m) for an option announced at T = greeting + announcements', async ({ annotate }) => {
    const scenario = menuScenario({ type: 'exponential', mean: MEAN_PATIENCE });
    const { report, figures } = replicate(scenario, 10);
    onlyOutcomes(report, ['answered', 'hung_up_in_menu']);
    let t = GREETING;
    for (const [i, id] of ['first', 'second', 'third'].entries()) {
      t += ANNOUNCE[i]!;
      // no redial and no mis-selection: the callers of a concern are its attempts, and those that
      // reached the category's routing are the category's attempts; the rest hung up in the menu
      const hungUp = summarise(figures.map((f) => 1 - f.categories[id]!.attempts / f.categories[id]!.callers));
      await agrees(annotate, `menu option ${i + 1} (T = ${t} s)`, 1 - Math.exp(-t / MEAN_PATIENCE), hungUp, 0.05);
    }
    const overall = summarise(figures.map((f) => f.overall.outcomes.hung_up_in_menu / f.overall.attempts));
    const expected = [15, 25, 45].reduce((s, x) => s + (1 - Math.exp(-x / MEAN_PATIENCE)) / 3, 0);
    await agrees(annotate, 'menu overall', expected, overall, 0.05);
  });

  it('a fixed patience of 20 s: every caller of option 1 (15 s) gets through, every other hangs up at once', () => {
    const f = simulateReplication(menuScenario({ type: 'fixed', value: 20 }), { seed: SEED, replication: 0 });
    expect(f.categories.first!.attempts).toBe(f.categories.first!.callers);
    expect(f.categories.first!.attempts).toBeGreaterThan(1000);
    for (const id of ['second', 'third']) {
      expect(f.categories[id]!.attempts).toBe(0);
      expect(f.categories[id]!.callers).toBeGreaterThan(1000);
    }
    expect(f.overall.outcomes.hung_up_in_menu).toBe(f.categories.second!.callers + f.categories.third!.callers);
  });

  it('no input on each hearing with probability q, r repeats: P(invalid_input) = q^(r + 1)', async ({ annotate }) => {
    const scenario = menuScenario({ type: 'fixed', value: 1e6 }, { noInputProbability: 0.5 }, 2);
    const { figures } = replicate(scenario, 10);
    const invalid = summarise(figures.map((f) => f.overall.outcomes.invalid_input / f.overall.attempts));
    await agrees(annotate, 'invalid input, q = 0.5, 2 repeats', 0.125, invalid, 0.05);
  });

  it('mis-selection with earlyBias b picks wrong option k with weight 1 / k^b', async ({ annotate }) => {
    const base = menuScenario({ type: 'fixed', value: 1e6 });
    const scenario = parseScenario({
      ...base,
      categories: base.categories.map((c) => ({ ...c, share: c.id === 'third' ? 1 : 0 })),
      callers: { ...base.callers, misselection: { probability: 0.3, earlyBias: 1 } },
    });
    const { figures } = replicate(scenario, 10);
    // concern "third" (option 3): wrong options 1 and 2 have weights 1 and 1/2
    const expected: Record<string, number> = { first: 0.3 * (2 / 3), second: 0.3 * (1 / 3), third: 0.7 };
    for (const [id, p] of Object.entries(expected)) {
      const share = summarise(figures.map((f) => f.categories[id]!.attempts / f.overall.attempts));
      await agrees(annotate, `mis-selection share of ${id}`, p, share, 0.05);
    }
  });
});
