/**
 * Executes a RunPlan with the experiments the CLI uses, on whatever Runner the engine gives it
 * (a thread pool in this process, or chunks spread over BullMQ workers). Results come back in
 * task order from either, so the numbers are the same as `helpline-sim` with the same seed.
 */
import type { Horizon } from '../../core/scenario/schema.ts';
import { allocateLines, type AllocationResult } from '../../sim/experiments/allocate.ts';
import { calibrate, type CalibrationResult } from '../../sim/experiments/calibrate.ts';
import { compareScenarios, type Comparison } from '../../sim/experiments/compare.ts';
import { runSweep, type SweepResult } from '../../sim/experiments/sweep.ts';
import { buildReport, type Report } from '../../sim/report/report.ts';
import { runPaired } from '../../sim/run/run-many.ts';
import type { Runner } from '../../sim/run/runner.ts';
import { sweepPoints, type RunPlan } from './run-plan.ts';

/** A finished run's result, with what its HTML page needs besides the figures. */
export type RunResult =
  | { kind: 'replications'; scenario: string; horizon: Horizon; result: Report }
  | { kind: 'compare'; scenario: string; result: Comparison }
  | { kind: 'sweep'; scenario: string; result: SweepResult }
  | { kind: 'allocate'; scenario: string; result: AllocationResult }
  | { kind: 'calibrate'; scenario: string; result: CalibrationResult };

export async function executeRun(plan: RunPlan, runner: Runner): Promise<RunResult> {
  const { seed, replications } = plan;
  switch (plan.kind) {
    case 'replications': {
      const [reps] = await runPaired([plan.scenario], { seed, replications, runner });
      return { kind: 'replications', scenario: plan.scenario.name, horizon: plan.scenario.horizon, result: buildReport(plan.scenario, seed, reps!) };
    }
    case 'compare':
      return { kind: 'compare', scenario: plan.base.name, result: await compareScenarios(plan.base, plan.variants, { seed, replications, runner }) };
    case 'sweep':
      return { kind: 'sweep', scenario: plan.base.name, result: await runSweep(plan.base, plan.axes, sweepPoints(plan), { seed, replications, runner }) };
    case 'allocate': {
      const { kind, scenario, ...request } = plan;
      const result = await allocateLines(scenario, { ...request, maxReplications: Math.max(plan.maxReplications, replications), runner });
      return { kind, scenario: scenario.name, result };
    }
    case 'calibrate': {
      const options = { seed, replications, runner, ...(plan.maxEvaluations !== undefined && { maxEvaluations: plan.maxEvaluations }) };
      return { kind: 'calibrate', scenario: plan.scenario.name, result: await calibrate(plan.scenario, plan.observed, options) };
    }
  }
}
