/**
 * Turns a run request into a RunPlan, finding every problem before anything is queued: stored
 * scenarios that do not exist, invalid scenarios and variants, sweep settings that do not
 * apply, allocation or calibration options that do not fit the scenario. Problems are thrown as
 * ScenarioValidationError with paths into the request (`variants[1].changes[0].set`).
 */
import type { Scenario } from '../core/scenario/schema.ts';
import { ScenarioValidationError, type FieldPath } from '../core/scenario/validate.ts';
import { applyChanges } from '../core/scenario/variant.ts';
import { AllocationInputError, allocateLines } from '../../sim/experiments/allocate.ts';
import { CalibrationInputError, calibrate } from '../../sim/experiments/calibrate.ts';
import { gridPoints, permutations, pointLabel, pointScenario, type SweepAxis } from '../../sim/experiments/sweep.ts';
import { CliInputError } from '../../sim/cli/errors.ts';
import { parseMenuOrders, parseSetOption } from '../../sim/cli/sweep-args.ts';
import type { Runner } from '../../sim/run/runner.ts';
import type { ScenarioStore } from '../storage/scenario-store.ts';
import type { RunPlan } from './run-plan.ts';
import type { RunRequest, ScenarioRef, VariantRef } from './run-request.ts';
import { scenarioFromJson, under } from './scenario-input.ts';

/** More points than this belong in several runs (each point is validated here). */
export const MAX_SWEEP_POINTS = 5000;

const invalid = (path: FieldPath, message: string) => new ScenarioValidationError([{ path, message }]);

export async function resolveRun(request: RunRequest, store: ScenarioStore): Promise<RunPlan> {
  const { seed, replications } = request;
  switch (request.kind) {
    case 'replications':
      return { kind: 'replications', seed, replications, scenario: await resolveRef(request.scenario, ['scenario'], store) };
    case 'compare': {
      const base = await resolveRef(request.base, ['base'], store);
      const variants = await Promise.all(request.variants.map((v, i) => resolveVariant(v, base, ['variants', i], store)));
      return { kind: 'compare', seed, replications, base, variants };
    }
    case 'sweep':
      return resolveSweep(request, await resolveRef(request.scenario, ['scenario'], store));
    case 'allocate': {
      const scenario = await resolveRef(request.scenario, ['scenario'], store);
      const plan = { ...request, scenario };
      await probe(() => allocateLines(scenario, { ...plan, runner: PROBE_RUNNER }), AllocationInputError);
      return plan;
    }
    case 'calibrate': {
      const scenario = await resolveRef(request.scenario, ['scenario'], store);
      await probe(() => calibrate(scenario, request.observed, { seed, replications, runner: PROBE_RUNNER }), CalibrationInputError);
      return { ...request, scenario };
    }
  }
}

async function resolveRef(ref: ScenarioRef, where: FieldPath, store: ScenarioStore): Promise<Scenario> {
  if ('scenario' in ref) return scenarioFromJson(ref.scenario, [...where, 'scenario']);
  const stored = await store.get(ref.id, ref.version);
  if (stored === undefined) throw invalid([...where, 'id'], ref.version === undefined ? `no stored scenario ${ref.id}` : `no version ${ref.version} of scenario ${ref.id}`);
  return scenarioFromJson(stored.scenario, where);
}

async function resolveVariant(ref: VariantRef, base: Scenario, where: FieldPath, store: ScenarioStore): Promise<Scenario> {
  if (!('changes' in ref)) return resolveRef(ref, where, store);
  try {
    return applyChanges(base, ref.changes, ref.name ?? `${base.name} (variant ${Number(where.at(-1)) + 1})`);
  } catch (error) {
    throw error instanceof ScenarioValidationError ? under(where, error) : error;
  }
}

function resolveSweep(request: Extract<RunRequest, { kind: 'sweep' }>, base: Scenario): RunPlan {
  const axes: SweepAxis[] = request.set.map((axis, i) => {
    if (typeof axis !== 'string') return axis;
    try {
      return parseSetOption(axis);
    } catch (error) {
      throw error instanceof CliInputError ? invalid(['set', i], error.message) : error;
    }
  });
  const digits = base.menu.options.map((o) => o.digit);
  const spec = request.menuOrders === undefined ? undefined : parseMenuOrders(request.menuOrders === 'all' ? 'all' : request.menuOrders.join(','));
  const orders = spec === 'all' ? permutations(digits) : spec;
  const points = gridPoints(axes, orders);
  if (points.length > MAX_SWEEP_POINTS) throw invalid(['set'], `${points.length} points; at most ${MAX_SWEEP_POINTS} per run`);
  for (const point of points) {
    try {
      pointScenario(base, point);
    } catch (error) {
      if (!(error instanceof ScenarioValidationError)) throw error;
      // change i of a point is axis i; the menu order comes last
      const change = Number(error.issues[0]!.path[1]);
      const path = change < axes.length ? ['set', change] : ['menuOrders'];
      throw new ScenarioValidationError(error.issues.map((issue) => ({ path, message: `at ${pointLabel(point)}: ${issue.message}` })));
    }
  }
  return { kind: 'sweep', seed: request.seed, replications: request.replications, base, axes, points };
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

/**
 * Allocation and calibration check their options against the scenario as they start; running
 * them up to their first simulation finds those problems here, with the experiments' own
 * messages, instead of in a worker.
 */
async function probe(start: () => Promise<unknown>, inputError: new (...args: never[]) => Error): Promise<void> {
  try {
    await start();
  } catch (error) {
    if (error instanceof InputAccepted) return;
    if (error instanceof inputError) throw invalid([], error.message);
    throw error;
  }
}
