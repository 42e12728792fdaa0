import { afterAll, describe, expect, it } from 'vitest';
import { buildScenario } from '../../support/scenario-builder.ts';
import { cli, tempFiles, type CliRun } from '../../support/run-cli.ts';
import type { Scenario } from '../../../core/scenario/schema.ts';
import { applyChanges } from '../../../core/scenario/variant.ts';
import { allocateLines, type Allocation } from '../../../sim/experiments/allocate.ts';
import { withPoolLines } from '../../../sim/experiments/pool-lines.ts';
import { runPaired } from '../../../sim/run/run-many.ts';
import { createRunner } from '../../../sim/run/runner.ts';
import { summarise } from '../../../sim/report/stat.ts';

/**
 * Three categories, each with its own busy-signal pool: 2, 1 and 0.5 Erlangs offered (Erlang B
 * territory), two days. Small enough to simulate every allocation of 6 lines (28 of them).
 */
function threePools(): Scenario {
  return buildScenario({
    name: 'three pools',
    days: 2,
    callersPerDay: 504,
    categories: { a: 4 / 7, b: 2 / 7, c: 1 / 7 },
    repeats: 0,
    lines: { a: 1, b: 1, c: 1 },
  });
}

const TOTAL = 6;
const SEED = 7;
const runner = createRunner(2);
afterAll(() => runner.close());

/** Every allocation of TOTAL lines, simulated on the same seeds: mean answered and mean answer rate of c. */
async function bruteForce(scenario: Scenario, replications: number): Promise<Array<{ lines: Allocation; answered: number; rateC: number }>> {
  const all: Allocation[] = [];
  for (let a = 0; a <= TOTAL; a++) for (let b = 0; a + b <= TOTAL; b++) all.push({ a, b, c: TOTAL - a - b });
  const runs = await runPaired(all.map((lines) => withPoolLines(scenario, lines)), { seed: SEED, replications, runner, totalsOnly: true });
  return all.map((lines, i) => ({
    lines,
    answered: summarise(runs[i]!.map((r) => r.overall.answered)).mean!,
    rateC: summarise(runs[i]!.map((r) => r.categories['c']!.answerRate)).mean!,
  }));
}

const best = <T extends { answered: number }>(xs: readonly T[]): T => xs.reduce((m, x) => (x.answered > m.answered ? x : m));

describe('allocateLines', () => {
  const scenario = threePools();
  const request = { totalLines: TOTAL, goal: 'answered' as const, seed: SEED, replications: 6, maxReplications: 24, runner };

  it('finds the allocation that brute force over every allocation finds, on the same seeds', async () => {
    const result = await allocateLines(scenario, request);
    const truth = best(await bruteForce(scenario, result.replications));
    expect(result.recommended).toEqual(truth.lines);
    expect(result.feasible).toBe(true);
    expect(result.pools.map((p) => p.change)).toEqual([truth.lines['a']! - 1, truth.lines['b']! - 1, truth.lines['c']! - 1]);
    // the unconstrained optimum gives the light pool c few lines, so the constraint below binds
    expect(truth.lines['c']).toBeLessThan(3);
  });

  it('respects a minimum answer rate: the best allocation among those meeting it', async () => {
    const result = await allocateLines(scenario, { ...request, minRates: { c: 0.97 } });
    const feasible = (await bruteForce(scenario, result.replications)).filter((x) => x.rateC >= 0.97);
    expect(result.recommended).toEqual(best(feasible).lines);
    expect(result.feasible).toBe(true);
    expect(result.constraints[0]!.met).toBe(true);
    expect(result.constraints[0]!.rate.mean).toBeGreaterThanOrEqual(0.97);
  });

  it('reports a minimum rate that no allocation can meet, with the best rate achievable', async () => {
    const result = await allocateLines(scenario, { ...request, minRates: { a: 0.999 } });
    expect(result.feasible).toBe(false);
    const [constraint] = result.constraints;
    expect(constraint!.met).toBe(false);
    // all lines to pool a is the best a can do: Erlang B(6 lines, 2 Erlangs) = 1.2 % blocked
    expect(constraint!.bestAchievable!.lines).toEqual({ a: 6, b: 0, c: 0 });
    expect(constraint!.bestAchievable!.rate.mean).toBeGreaterThan(0.95);
    expect(constraint!.bestAchievable!.rate.mean).toBeLessThan(0.999);
  });

  it('reports a tie when two allocations cannot be told apart within the replication cap', async () => {
    // pools a and b made alike: 5 lines split 3–2 or 2–3 answer the same number of calls on average
    const twins = applyChanges(scenario, [
      { set: 'categories[id=a].share', value: 3 / 7 },
      { set: 'categories[id=b].share', value: 3 / 7 },
    ]);
    const result = await allocateLines(twins, { ...request, totalLines: 5, pools: ['a', 'b'] });
    const mirror = { a: result.recommended['b'], b: result.recommended['a'] };
    expect(mirror).not.toEqual(result.recommended);
    expect(result.decision.significant).toBe(false);
    expect(result.decision.tiedWith).toContainEqual(mirror);
    expect(result.replications).toBe(request.maxReplications);
  });
});

describe('helpline-sim allocate', () => {
  const run = async (...args: string[]): Promise<CliRun> => {
    const { 'three-pools.json': file } = await tempFiles({ 'three-pools.json': threePools() });
    return cli('allocate', file!, ...args);
  };
  const small = ['--total-lines', '6', '--replications', '4', '--max-replications', '8', '--threads', '1'];

  it('says a minimum rate cannot be met, gives the best achievable rate, and exits with code 3', async () => {
    const result = await run(...small, '--min-rate', 'a=0.999');
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/Minimum answer rate a ≥ 99\.9%: .* CANNOT BE MET with 6 lines/);
    expect(result.stdout).toMatch(/Best achievable for a: 9\d\.\d%.*\(a 6, b 0, c 0\)/);
  });

  it('prints the recommended lines per pool and exits 0 when the constraints are met', async () => {
    const result = await run(...small, '--min-rate', 'c=0.9', '--json');
    expect(result.code).toBe(0);
    const allocation = JSON.parse(result.stdout) as { feasible: boolean; pools: Array<{ id: string; recommended: number }> };
    expect(allocation.feasible).toBe(true);
    expect(allocation.pools.reduce((sum, p) => sum + p.recommended, 0)).toBe(6);
  });

  it('rejects an unknown category in one line with exit code 2', async () => {
    const result = await run(...small, '--min-rate', 'nope=0.9');
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^helpline-sim: unknown category "nope" \(categories: a, b, c\)$/);
  });
});
