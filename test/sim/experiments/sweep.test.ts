import { afterAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../../sim/io/load-scenario.ts';
import { applyChanges } from '../../../core/scenario/variant.ts';
import { gridPoints, permutations, runSweep } from '../../../sim/experiments/sweep.ts';
import { parseMenuOrders, parseSetOption } from '../../../sim/io/sweep-args.ts';
import { createRunner } from '../../../sim/run/runner.ts';

const base = applyChanges(await loadScenarioFile('scenarios/textbook/nested-menu.json'), [{ set: 'horizon.days', value: 4 }]);

describe('sweep arguments', () => {
  it('reads ranges, steps, lists and selectors', () => {
    expect(parseSetOption('pools[id=pool-a].lines[0].count=1..4')).toEqual({ path: 'pools[id=pool-a].lines[0].count', values: [1, 2, 3, 4] });
    expect(parseSetOption('callers.noInputProbability=0..0.3:0.1').values).toEqual([0, 0.1, 0.2, 0.3]);
    expect(parseSetOption('pools[id=p].policy=roundRobin,longestIdle').values).toEqual(['roundRobin', 'longestIdle']);
    expect(() => parseSetOption('nothing')).toThrow(/use path=values/);
    expect(parseMenuOrders('21,12')).toEqual([['2', '1'], ['1', '2']]);
    expect(parseMenuOrders('2-1,1-2')).toEqual([['2', '1'], ['1', '2']]);
    expect(parseMenuOrders('all')).toBe('all');
  });

  it('says why a range is refused: a step that does not go up, or too many values', () => {
    expect(() => parseSetOption('arrivals.callersPerDay=10..1')).toThrow(/range must go up by a positive step/);
    expect(() => parseSetOption('arrivals.callersPerDay=1..10:0')).toThrow(/range must go up by a positive step/);
    expect(() => parseSetOption('arrivals.callersPerDay=0..1000000')).toThrow(/a range gives at most 100000 values/);
  });

  it('makes a grid and every permutation once', () => {
    expect(gridPoints([{ path: 'a', values: [1, 2] }, { path: 'b', values: ['x', 'y', 'z'] }])).toHaveLength(6);
    const perms = permutations(['1', '2', '3', '4']);
    expect(perms).toHaveLength(24);
    expect(new Set(perms.map((p) => p.join(''))).size).toBe(24);
    expect(perms[0]).toEqual(['1', '2', '3', '4']);
  });
});

describe('sweep over lines', () => {
  const runner = createRunner(1);
  afterAll(() => runner.close());

  it('is monotone per category on common random numbers', async () => {
    const axis = parseSetOption('pools[id=pool-a].lines[0].count=0..6');
    const r = await runSweep(base, [axis], gridPoints([axis]), { seed: 5, replications: 4, runner });
    const rates = r.points.map((p) => p.categories.a!.answerRate.mean!);
    for (let i = 1; i < rates.length; i++) expect(rates[i]!).toBeGreaterThanOrEqual(rates[i - 1]!);
    expect(rates[0]).toBe(0);
    // the other pools do not move at all
    expect(new Set(r.points.map((p) => p.categories.b!.answerRate.mean)).size).toBe(1);
  });
});
