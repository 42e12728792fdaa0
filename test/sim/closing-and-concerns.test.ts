/**
 * Two things planners read off a report: callers still queued when the last line of their
 * route closes hear the closing message (they do not wait overnight), and the answer rate by
 * true concern shows what a late menu position costs, which the per-option rate cannot (it
 * only sees callers who got through the menu).
 */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../core/scenario/schema.ts';
import { applyChanges } from '../../core/scenario/variant.ts';
import { simulateReplication } from '../../sim/model/helpline-model.ts';
import { summarise } from '../../sim/report/stat.ts';
import { buildScenario, type SmallScenarioOptions } from '../support/scenario-builder.ts';
import { meanAndCi } from './scenarios.ts';

function twoConcerns(o: SmallScenarioOptions): Scenario {
  return buildScenario({
    name: 'two concerns',
    days: 3,
    callersPerDay: 600,
    categories: { a: 0.5, b: 0.5 },
    greetingSeconds: 10,
    announceSeconds: 10,
    callers: { noInputProbability: 0, menuPatience: { type: 'exponential', mean: 40 } },
    lines: { pa: 2, pb: 2 },
    routes: { a: 'pa', b: 'pb' },
    ...o,
  });
}

describe('closing time', () => {
  it('callers queued when the last line closes end "closed" at once', () => {
    const s = twoConcerns({ callers: { noInputProbability: 0 }, schedule: [{ from: '09:00', to: '17:00' }], onNoLine: { action: 'queue' } });
    for (let r = 0; r < 4; r++) {
      const f = simulateReplication(s, { seed: 11, replication: r });
      // overloaded by day (12.5 calls/h on 2 lines of 6/h each), so queues are long at 17:00
      expect(f.categories.a!.outcomes.closed).toBeGreaterThan(0);
      // nobody waits past closing: the longest possible wait is the 8 staffed hours
      expect(f.categories.a!.waitP95).toBeLessThanOrEqual(8 * 3600);
      const queuedAtClose = f.categories.a!.outcomes.closed - sumNightArrivals(f.hourly.a!.attempts);
      expect(queuedAtClose).toBeGreaterThan(0);
    }
  });
});

/** Attempts arriving 17:00–09:00, which the routing turns away as closed at once. */
function sumNightArrivals(byHour: number[]): number {
  return byHour.reduce((sum, n, h) => (h < 9 || h >= 17 ? sum + n : sum), 0);
}

describe('answer rate by true concern', () => {
  it('falls when the concern moves later in the menu, with finite menu patience', () => {
    const base = twoConcerns({});
    // a's callers press option 1 (20 s in) at first; moved second, they press 30 s in
    const late = applyChanges(base, [{ reorderMenu: { menu: [], order: ['2', '1'] } }]);
    const diffs = [];
    for (let r = 0; r < 8; r++) {
      const early = simulateReplication(base, { seed: 5, replication: r });
      const moved = simulateReplication(late, { seed: 5, replication: r });
      diffs.push(moved.concerns.a!.answerRate - early.concerns.a!.answerRate);
      expect(moved.concerns.a!.outcomes.hung_up_in_menu).toBeGreaterThan(early.concerns.a!.outcomes.hung_up_in_menu);
    }
    expect(meanAndCi(summarise(diffs)).hi).toBeLessThan(0);
  });
});
