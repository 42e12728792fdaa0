import { afterAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../../sim/io/load-scenario.ts';
import { applyChanges } from '../../../core/scenario/variant.ts';
import { compareScenarios } from '../../../sim/experiments/compare.ts';
import { createRunner } from '../../../sim/run/runner.ts';

// three separate pools of 3 lines behind a two-level menu: a change to one pool touches no other
const base = await loadScenarioFile('scenarios/textbook/nested-menu.json');
const short = applyChanges(base, [{ set: 'horizon.days', value: 3 }]);
const runner = createRunner(1);
afterAll(() => runner.close());

describe('compare', () => {
  it('a scenario compared with itself differs by exactly zero', async () => {
    const c = await compareScenarios(short, [short], { seed: 3, replications: 6, runner });
    for (const g of c.variants[0]!.groups) {
      for (const d of Object.values(g.figures)) {
        expect(d.difference.mean).toBe(0);
        expect(d.difference.ci95).toEqual([0, 0]);
        expect(d.significant).toBe(false);
      }
    }
  });

  it('adding lines to one pool is a significant gain there and changes nothing elsewhere', async () => {
    const more = applyChanges(short, [{ set: 'pools[id=pool-a].lines[0].count', value: 5 }], 'more lines for a');
    const c = await compareScenarios(short, [more], { seed: 3, replications: 8, runner });
    const byId = Object.fromEntries(c.variants[0]!.groups.map((g) => [g.id, g.figures.answerRate]));
    expect(byId.a!.significant).toBe(true);
    expect(byId.a!.difference.mean!).toBeGreaterThan(0.05);
    // separate pools on common random numbers: the other categories see the very same calls
    for (const id of ['b', 'c']) {
      expect(byId[id]!.difference.mean).toBe(0);
      expect(byId[id]!.significant).toBe(false);
    }
  });
});
