/**
 * What a run will cost before any of it runs: scenarios simulated, fresh callers simulated, lines
 * held, sweep points. One pure function for the service's admission check and the CLI's `--yes`
 * check, so both refuse (or ask about) the same runs. Every figure is an upper estimate taken
 * from the request's own numbers, never from simulating.
 */
import type { Scenario } from '../../core/scenario/schema.ts';
import { applyChanges } from '../../core/scenario/variant.ts';
import { FINALISTS, MAX_ROUNDS } from '../experiments/allocate.ts';

export interface CostLimits {
  /** fresh callers simulated over the whole run (callers per replication × scenario replications) */
  maxSimulatedCallers: number;
  /** lines in any one scenario simulated (or lines an allocation spreads) */
  maxLines: number;
  /** points of one sweep */
  maxSweepPoints: number;
}

/** About 25 CPU-minutes at ~0.7 M callers a second per thread; 5,000 lines (an allocation's greedy phase grows with the square of its lines: ~8 s at 2,000, ~9 min at 20,000); the sweep cap. */
export const DEFAULT_COST_LIMITS: CostLimits = { maxSimulatedCallers: 1_000_000_000, maxLines: 5000, maxSweepPoints: 5000 };

/** The shape of a run, as far as its cost goes. */
export type CostInput = { scenarios: readonly Scenario[]; replications: number } & (
  | { kind: 'replications' | 'compare' }
  | { kind: 'sweep'; points: number }
  | { kind: 'allocate'; totalLines: number; pools: number; constrained: number; maxReplications: number }
  | { kind: 'calibrate'; maxEvaluations: number; freeParameters: number }
);

export interface RunCost {
  /** scenario replications simulated, at most */
  simulations: number;
  /** fresh callers in one replication of the busiest scenario */
  callersPerReplication: number;
  simulatedCallers: number;
  /** lines of the scenario with the most, or the allocation's total if larger */
  lines: number;
  points: number;
}

export type CostField = 'points' | 'lines' | 'callers';

export interface CostExcess {
  field: CostField;
  estimate: number;
  limit: number;
  /** one line: the estimate, what it is made of, the limit */
  message: string;
}

export function estimateRunCost(input: CostInput): RunCost {
  const callersPerReplication = Math.max(0, ...input.scenarios.map(callersPerReplicationOf));
  const lines = Math.max(0, ...input.scenarios.map(linesOf), input.kind === 'allocate' ? input.totalLines : 0);
  const simulations = simulationsOf(input);
  return {
    simulations,
    callersPerReplication,
    simulatedCallers: simulations * callersPerReplication,
    lines,
    points: input.kind === 'sweep' ? input.points : 1,
  };
}

/** What goes past a limit, one entry per limit; empty when the run fits. */
export function costExcesses(cost: RunCost, limits: CostLimits): CostExcess[] {
  const out: CostExcess[] = [];
  if (cost.points > limits.maxSweepPoints) {
    out.push({ field: 'points', estimate: cost.points, limit: limits.maxSweepPoints, message: `${big(cost.points)} sweep points; at most ${big(limits.maxSweepPoints)} per run` });
  }
  if (cost.lines > limits.maxLines) {
    out.push({ field: 'lines', estimate: cost.lines, limit: limits.maxLines, message: `${big(cost.lines)} lines; at most ${big(limits.maxLines)} in a run` });
  }
  if (cost.simulatedCallers > limits.maxSimulatedCallers) {
    out.push({
      field: 'callers',
      estimate: cost.simulatedCallers,
      limit: limits.maxSimulatedCallers,
      message:
        `about ${big(cost.simulatedCallers)} simulated callers (${big(cost.callersPerReplication)} per replication × ${big(cost.simulations)} scenario replications); ` +
        `at most ${big(limits.maxSimulatedCallers)} per run: use fewer replications, days, callers or points`,
    });
  }
  return out;
}

/**
 * The base with every numeric axis at its largest value (callers per day, days, line counts
 * only grow the cost), for estimating a sweep or a calibration; the base if that is not a valid
 * scenario (the points themselves are checked later).
 */
export function largestVariant(base: Scenario, axes: ReadonlyArray<{ path: string; values: readonly unknown[] }>): Scenario {
  const changes = axes.flatMap((axis) => {
    let max = -Infinity;
    for (const v of axis.values) if (typeof v === 'number' && v > max) max = v;
    return Number.isFinite(max) ? [{ set: axis.path, value: max }] : [];
  });
  if (changes.length === 0) return base;
  try {
    return applyChanges(base, changes);
  } catch {
    return base;
  }
}

function simulationsOf(input: CostInput): number {
  const r = input.replications;
  switch (input.kind) {
    case 'replications':
    case 'compare':
      return input.scenarios.length * r;
    case 'sweep':
      return input.points * r;
    case 'allocate': {
      // baseline; every round simulates a centre and its one-line moves; finalists doubling up to
      // maxReplications (at most twice it in all); a rerun per missed constraint; the comparison
      const m = Math.max(input.maxReplications, r);
      const p = input.pools;
      return r + MAX_ROUNDS * (1 + p * (p - 1)) * r + 2 * FINALISTS * m + input.constrained * m + 2 * m;
    }
    case 'calibrate':
      // the simplex's evaluations, the fit again, and two per parameter for the Jacobian
      return (input.maxEvaluations + 1 + 2 * input.freeParameters) * r;
  }
}

/** Fresh callers over the horizon (the largest weekday factor on every day, as an upper bound). */
export function callersPerReplicationOf(scenario: Scenario): number {
  const a = scenario.arrivals;
  const days = scenario.horizon.days;
  switch (a.type) {
    case 'volume': {
      const factors = Object.values(a.dayOfWeekFactors ?? {}).filter((f): f is number => f !== undefined);
      const factor = Math.max(factors.length < 7 ? 1 : 0, ...factors);
      const perDay = Array.isArray(a.callersPerDay) ? a.callersPerDay.slice(0, days).reduce((s, c) => s + c, 0) : a.callersPerDay * days;
      return perDay * factor;
    }
    case 'intervalCounts':
      return (a.counts ?? []).reduce((s, c) => s + c, 0);
    case 'trace':
      return a.times?.length ?? 0;
  }
}

export function linesOf(scenario: Scenario): number {
  return scenario.pools.reduce((sum, pool) => sum + pool.lines.reduce((s, l) => s + l.count, 0), 0);
}

/** 1234567 → "1,234,567"; past a trillion, "3.7e+15". */
export function big(n: number): string {
  return n < 1e12 ? Math.round(n).toLocaleString('en-US') : n.toExponential(1);
}
