/**
 * Confidence intervals of proportions stay in [0, 1] with any number of replications, and are
 * the Student-t interval unchanged wherever that already lies inside.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import quantile from '@stdlib/stats-base-dists-t-quantile';
import { difference } from '../../../sim/experiments/compare.ts';
import { PROPORTION, summarise, summariseAll } from '../../../sim/report/stat.ts';
import { runReplications } from '../../../sim/run/run-replications.ts';
import { testScenario } from '../../support/fixtures.ts';

/** The textbook interval, for comparison. */
function tInterval(xs: number[]): [number, number] {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  const half = quantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return [mean - half, mean + half];
}

describe('summarise', () => {
  it('clips a proportion\'s interval at 1 and at 0 with few replications', () => {
    expect(tInterval([1, 1, 0.9])[1]).toBeGreaterThan(1);
    expect(summarise([1, 1, 0.9], PROPORTION).ci95![1]).toBe(1);
    expect(tInterval([0, 0.05])[0]).toBeLessThan(0);
    expect(summarise([0, 0.05], PROPORTION).ci95![0]).toBe(0);
  });

  it('leaves every interval already inside [0, 1] exactly as it was, and the mean always', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 30 }), (xs) => {
        const plain = summarise(xs);
        const clipped = summarise(xs, PROPORTION);
        expect(clipped.mean).toBe(plain.mean);
        expect(clipped.ci95![0]).toBeGreaterThanOrEqual(0);
        expect(clipped.ci95![1]).toBeLessThanOrEqual(1);
        if (plain.ci95![0] >= 0 && plain.ci95![1] <= 1) expect(clipped.ci95).toEqual(plain.ci95);
      }),
    );
  });

  it('does not clip figures that are not proportions', () => {
    expect(summarise([0, 5]).ci95![0]).toBeLessThan(0);
    const s = summariseAll([
      { attempts: 0, answerRate: 0.9 },
      { attempts: 5, answerRate: 1 },
      { attempts: 1, answerRate: 0.95 },
    ]);
    expect(s.attempts.ci95).toEqual(tInterval([0, 5, 1]));
    expect(s.attempts.ci95![0]).toBeLessThan(0);
    expect(s.answerRate.ci95).toEqual([tInterval([0.9, 1, 0.95])[0], 1]);
  });
});

describe('reports and comparisons', () => {
  it('keep every proportion\'s interval in [0, 1] with two replications', async () => {
    // two replications: the widest intervals a report can have
    const report = await runReplications(testScenario, { seed: 7, replications: 2, threads: 1 });
    const proportions: Array<{ mean: number | null; ci95: [number, number] | null }> = [];
    for (const group of [report.overall, ...Object.values(report.categories)]) {
      proportions.push(group.answerRate, group.callersAnsweredShare, group.serviceLevel);
    }
    for (const o of Object.values(report.organisations)) proportions.push(o.occupancy);
    expect(proportions.filter((s) => s.ci95 !== null).length).toBeGreaterThan(5);
    for (const s of proportions) if (s.ci95) expect(s.ci95[0] >= 0 && s.ci95[1] <= 1, JSON.stringify(s)).toBe(true);

    const d = difference([1, 0.9], [0, 0.1], PROPORTION);
    expect(d.base.ci95![1]).toBe(1);
    expect(d.variant.ci95![0]).toBe(0);
    expect(d.difference.ci95![0]).toBeGreaterThanOrEqual(-1);
  });
});
