/**
 * How many lines a pool has, and how a pool is resized to n lines while keeping its
 * organisation mix: the n lines are shared among the pool's line entries in proportion to
 * their current counts by the D'Hondt divisor method. Divisor methods are house-monotone
 * (the pool with n + 1 lines is the pool with n lines plus one line), so "one more line for
 * this pool" always means one more line for one organisation, never a reshuffle; with n equal
 * to the current total they give back the current counts exactly. Ties go to the entry listed
 * first, and a pool whose entries all have 0 lines grows through its first entry — the
 * planner controls both by the order of the entries.
 */
import type { Pool, Scenario } from '../../core/scenario/schema.ts';
import { applyChanges, type Change } from '../../core/scenario/variant.ts';

export function poolLineCount(pool: Pool): number {
  return pool.lines.reduce((sum, entry) => sum + entry.count, 0);
}

/** Lines per entry of `pool` when it has `n` lines in all. */
export function entryCounts(pool: Pool, n: number): number[] {
  const weights = pool.lines.map((entry) => entry.count);
  if (!weights.some((w) => w > 0)) weights[0] = 1;
  const counts = weights.map(() => 0);
  for (let line = 0; line < n; line++) {
    let best = 0;
    for (let i = 1; i < weights.length; i++) {
      if (weights[i]! / (counts[i]! + 1) > weights[best]! / (counts[best]! + 1)) best = i;
    }
    counts[best]!++;
  }
  return counts;
}

/** The scenario with each listed pool resized; pools not listed keep their lines. */
export function withPoolLines(scenario: Scenario, lines: Readonly<Record<string, number>>, name?: string): Scenario {
  const changes: Change[] = [];
  for (const [poolId, n] of Object.entries(lines)) {
    const pool = scenario.pools.find((p) => p.id === poolId);
    if (pool === undefined) throw new Error(`unknown pool "${poolId}"`);
    entryCounts(pool, n).forEach((count, i) => changes.push({ set: `pools[id=${poolId}].lines[${i}].count`, value: count }));
  }
  return changes.length === 0 ? scenario : applyChanges(scenario, changes, name);
}
