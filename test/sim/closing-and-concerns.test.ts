/**
 * Two things planners read off a report: callers still queued when the last line of their
 * route closes hear the closing message (they do not wait overnight), and the answer rate by
 * true concern shows what a late menu position costs, which the per-option rate cannot (it
 * only sees callers who got through the menu).
 */
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../core/scenario/schema.ts';
import { parseScenario } from '../../core/scenario/validate.ts';
import { applyChanges } from '../../core/scenario/variant.ts';
import { simulateReplication } from '../../sim/model/helpline-model.ts';
import { summarise } from '../../sim/report/stat.ts';
import { label, meanAndCi } from './scenarios.ts';

function twoConcerns(extra: Partial<ScenarioInput>): ScenarioInput {
  return {
    name: 'two concerns',
    horizon: { start: '2022-07-04T00:00', days: 3 },
    arrivals: { type: 'volume', callersPerDay: 600 },
    categories: [
      { id: 'a', label: label('a'), share: 0.5 },
      { id: 'b', label: label('b'), share: 0.5 },
    ],
    menu: {
      greetingSeconds: 10,
      options: [
        { digit: '1', label: label('a'), announceSeconds: 10, target: { category: 'a' } },
        { digit: '2', label: label('b'), announceSeconds: 10, target: { category: 'b' } },
      ],
    },
    callers: { noInputProbability: 0, menuPatience: { type: 'exponential', mean: 40 } },
    organisations: [{ id: 'org', name: label('org'), handleTime: { default: { type: 'exponential', mean: 600 } } }],
    pools: [
      { id: 'pa', lines: [{ organisation: 'org', count: 2 }] },
      { id: 'pb', lines: [{ organisation: 'org', count: 2 }] },
    ],
    routing: { a: { pools: ['pa'] }, b: { pools: ['pb'] } },
    ...extra,
  };
}

describe('closing time', () => {
  it('callers queued when the last line closes end "closed" at once', () => {
    const s = parseScenario(
      twoConcerns({
        callers: { noInputProbability: 0 },
        organisations: [
          { id: 'org', name: label('org'), schedule: [{ from: '09:00', to: '17:00' }], handleTime: { default: { type: 'exponential', mean: 600 } } },
        ],
        routing: { a: { pools: ['pa'], onNoLine: { action: 'queue' } }, b: { pools: ['pb'], onNoLine: { action: 'queue' } } },
      }),
    );
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
    const base = parseScenario(twoConcerns({}));
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
