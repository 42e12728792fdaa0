/**
 * A run ready to execute: every scenario resolved and validated, a sweep's points counted but
 * not listed (the worker lays them out). This is what goes to an engine (and, with BullMQ,
 * into Redis as the job's data), so a worker never sees a request it could reject.
 */
import type { Scenario } from '../../core/scenario/schema.ts';
import type { Goal } from '../../sim/experiments/allocate.ts';
import type { Observed } from '../../sim/experiments/calibrate.ts';
import { gridPoints, permutations, type SweepAxis, type SweepPoint } from '../../sim/experiments/sweep.ts';

interface SeedAndReplications {
  seed: number;
  replications: number;
}

export type RunPlan =
  | (SeedAndReplications & { kind: 'replications'; scenario: Scenario })
  | (SeedAndReplications & { kind: 'compare'; base: Scenario; variants: Scenario[] })
  | (SeedAndReplications & { kind: 'sweep'; base: Scenario; axes: SweepAxis[]; menuOrders?: string[][] | 'all' | undefined; pointCount: number })
  | (SeedAndReplications & {
      kind: 'allocate';
      scenario: Scenario;
      totalLines: number;
      minRates: Record<string, number>;
      pools?: string[] | undefined;
      goal: Goal;
      weights: Record<string, number>;
      maxReplications: number;
    })
  | (SeedAndReplications & { kind: 'calibrate'; scenario: Scenario; observed: Observed; maxEvaluations?: number | undefined });

export function planScenario(plan: RunPlan): Scenario {
  return plan.kind === 'compare' || plan.kind === 'sweep' ? plan.base : plan.scenario;
}

/** Replications the run simulates, or null where the method decides as it goes. */
export function plannedReplications(plan: RunPlan): number | null {
  switch (plan.kind) {
    case 'replications':
      return plan.replications;
    case 'compare':
      return (1 + plan.variants.length) * plan.replications;
    case 'sweep':
      return plan.pointCount * plan.replications;
    default:
      return null;
  }
}

type SweepPlan = Extract<RunPlan, { kind: 'sweep' }>;

/** A sweep's points (admission has counted them, so the list is bounded). */
export function sweepPoints(plan: SweepPlan): SweepPoint[] {
  const digits = plan.base.menu.options.map((o) => o.digit);
  return gridPoints(plan.axes, plan.menuOrders === 'all' ? permutations(digits) : plan.menuOrders);
}
