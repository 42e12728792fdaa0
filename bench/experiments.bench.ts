/**
 * npm run bench:experiments — the planner's heavy runs, on this machine, in this run:
 *   - every order of a 6-option menu (720) × 10 replications of a trial week, on all cores,
 *     against the same sweep on one thread as the baseline (the ratio is the parallel speed-up);
 *   - an allocation of 40 lines over the 6 pools of the same scenario;
 *   - simulated attempts per second for each.
 * Target: the 720-order sweep in under 60 s.
 */
import { loadScenarioFile } from '../sim/io/load-scenario.ts';
import { gridPoints, permutations, runSweep } from '../sim/experiments/sweep.ts';
import { createRunner, defaultThreads, type Runner } from '../sim/run/runner.ts';
import { allocateLines } from '../sim/experiments/allocate.ts';

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

/** The runner, counting the attempts it simulates. */
function counting(runner: Runner): Runner & { attempts: number } {
  const counted = {
    threads: runner.threads,
    attempts: 0,
    async run(...args: Parameters<Runner['run']>) {
      const results = await runner.run(...args);
      for (const task of results) for (const f of task) counted.attempts += f.overall.attempts;
      return results;
    },
    close: () => runner.close(),
  };
  return counted;
}

async function timedAllocation(threads: number): Promise<{ seconds: number; attempts: number; allocations: number; winner: string }> {
  const scenario = await loadScenarioFile(SCENARIO);
  const runner = counting(createRunner(threads));
  const started = performance.now();
  try {
    const r = await allocateLines(scenario, { totalLines: 40, goal: 'answered', seed: 1, replications: 10, maxReplications: 80, runner });
    const winner = Object.entries(r.recommended).map(([pool, n]) => `${pool} ${n}`).join(', ');
    return { seconds: (performance.now() - started) / 1000, attempts: runner.attempts, allocations: r.search.simulatedAllocations, winner };
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
const allocation = await timedAllocation(threads);

const fmt = (x: number, d = 1): string => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
process.stdout.write(
  [
    `720-order sweep × ${REPLICATIONS} replications of ${SCENARIO}`,
    `  1 thread (baseline, ${sample.length} orders scaled to 720): ${fmt(singleFull)} s, ${fmt(single.attempts / single.seconds / 1e6, 2)} M attempts/s`,
    `  ${threads} threads:                                ${fmt(pooled.seconds)} s, ${fmt(pooled.attempts / pooled.seconds / 1e6, 2)} M attempts/s`,
    `  speed-up ${fmt(singleFull / pooled.seconds, 2)}× on ${threads} threads; target: under 60 s`,
    `allocation of 40 lines over the 6 pools of ${SCENARIO} (${threads} threads)`,
    `  ${fmt(allocation.seconds)} s, ${allocation.allocations} allocations simulated, ${fmt(allocation.attempts / allocation.seconds / 1e6, 2)} M attempts/s`,
    `  recommended: ${allocation.winner}`,
    '',
  ].join('\n'),
);
