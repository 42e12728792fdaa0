/**
 * The checks of a plan that grow with the run, done on a worker thread before the run is
 * accepted (check-thread.ts): every sweep point is built and validated, one at a time and then
 * dropped; allocation and calibration run up to their first simulation, which is where they
 * check their options against the scenario. Issues carry paths into the request.
 */
import { ScenarioValidationError } from '../../core/scenario/validate.ts';
import type { FieldPath, ScenarioIssue } from '../../core/scenario/issue.ts';
import { AllocationInputError, allocateLines } from '../../sim/experiments/allocate.ts';
import { CalibrationInputError, calibrate } from '../../sim/experiments/calibrate.ts';
import { pointLabel, pointScenario } from '../../sim/experiments/sweep.ts';
import type { Runner } from '../../sim/run/runner.ts';
import { sweepPoints, type RunPlan } from './run-plan.ts';

/** The plan's problems; empty when it can run. */
export async function checkPlan(plan: RunPlan): Promise<ScenarioIssue[]> {
  try {
    switch (plan.kind) {
      case 'sweep':
        checkSweep(plan);
        break;
      case 'allocate': {
        const { kind: _kind, scenario, ...request } = plan;
        await probe(() => allocateLines(scenario, { ...request, runner: PROBE_RUNNER }), AllocationInputError);
        break;
      }
      case 'calibrate': {
        const { seed, replications } = plan;
        await probe(() => calibrate(plan.scenario, plan.observed, { seed, replications, runner: PROBE_RUNNER }), CalibrationInputError);
        break;
      }
      default:
        break; // scenarios and variants were validated when they were resolved
    }
  } catch (error) {
    if (error instanceof ScenarioValidationError) return [...error.issues];
    throw error;
  }
  return [];
}

function checkSweep(plan: Extract<RunPlan, { kind: 'sweep' }>): void {
  for (const point of sweepPoints(plan)) {
    try {
      pointScenario(plan.base, point);
    } catch (error) {
      if (!(error instanceof ScenarioValidationError)) throw error;
      // change i of a point is axis i; the menu order comes last
      const change = Number(error.issues[0]!.path[1]);
      const path: FieldPath = change < plan.axes.length ? ['set', change] : ['menuOrders'];
      throw new ScenarioValidationError(error.issues.map((issue) => ({ path, message: `at ${pointLabel(point)}: ${issue.message}` })));
    }
  }
}

/** Thrown by the probe runner: the experiment got past its input checks. */
class InputAccepted extends Error {}

/** A runner that stops the experiment at its first simulation. */
const PROBE_RUNNER: Runner = {
  threads: 1,
  run: async () => {
    throw new InputAccepted();
  },
  close: async () => {},
};

async function probe(start: () => Promise<unknown>, inputError: new (...args: never[]) => Error): Promise<void> {
  try {
    await start();
  } catch (error) {
    if (error instanceof InputAccepted) return;
    if (error instanceof inputError) throw new ScenarioValidationError([{ path: [], message: error.message }]);
    throw error;
  }
}
