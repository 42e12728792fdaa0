/**
 * npm run bench:experiments — the planner's heavy runs, on this machine, in this run:
 *   - every order of a 6-option menu (720) × 10 replications of a trial week, on all cores,
 *     against the same sweep on one thread as the baseline (the ratio is the parallel speed-up);
 *   - simulated attempts per second for each.
 * Target (issue 3): the 720-order sweep in under 60 s.
 */
import { loadScenarioFile } from '../sim/cli/load-scenario.ts';
import { gridPoints, permutations, runSweep } from '../sim/experiments/sweep.ts';
import { createRunner, defaultThreads } from '../sim/run/runner.ts';

const SCENARIO = 'scenarios/9999-like.json';
const REPLICATIONS = 10;

async function timedSweep(threads: number, orders: string[][]): Promise<{ seconds: number; attempts: number }> {
  const base = await loadScenarioFile(SCENARIO);
  const runner = createRunner(threads);
  const started = performance.now();
  try {
    const r = await runSweep(base, [], gridPoints([], orders), { seed: 1, replications: REPLICATIONS, runner });
    const attempts = r.points.reduce((s, p) => s + (p.overall.attempts.mean ?? 0) * REPLICATIONS, 0);
    return { seconds: (performance.now() - started) / 1000, attempts };
  } finally {
    await runner.close();
  }
}

const base = await loadScenarioFile(SCENARIO);
const all = permutations(base.menu.options.map((o) => o.digit));
const threads = defaultThreads();
// the one-thread baseline runs a tenth of the orders and is scaled: same work per point
const sample = all.slice(0, Math.ceil(all.length / 10));
const single = await timedSweep(1, sample);
const singleFull = single.seconds * (all.length / sample.length);
const pooled = await timedSweep(threads, all);

const fmt = (x: number, d = 1): string => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
process.stdout.write(
  [
    `720-order sweep × ${REPLICATIONS} replications of ${SCENARIO}`,
    `  1 thread (baseline, ${sample.length} orders scaled to 720): ${fmt(singleFull)} s, ${fmt(single.attempts / single.seconds / 1e6, 2)} M attempts/s`,
    `  ${threads} threads:                                ${fmt(pooled.seconds)} s, ${fmt(pooled.attempts / pooled.seconds / 1e6, 2)} M attempts/s`,
    `  speed-up ${fmt(singleFull / pooled.seconds, 2)}× on ${threads} threads; target: under 60 s`,
    '',
  ].join('\n'),
);
