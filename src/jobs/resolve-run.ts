/**
 * Admission: turns a run request into a RunPlan on the service's own thread, doing only work
 * bounded by the request's size, never by the run's: stored scenarios are fetched and every
 * scenario parsed, sweep axes parsed and their points COUNTED (never listed), and the run's
 * cost estimated (sim/run/run-cost.ts) against the configured limits. What grows with the run
 * (each sweep point, the allocation and calibration start-up checks) is checked-plan.ts's
 * job, on a worker thread. Problems are ScenarioValidationError with paths into the request.
 */
import type { Scenario } from '../../core/scenario/schema.ts';
import { ScenarioValidationError } from '../../core/scenario/validate.ts';
import type { FieldPath, ScenarioIssue } from '../../core/scenario/issue.ts';
import { applyChanges } from '../../core/scenario/variant.ts';
import { defaultMaxEvaluations } from '../../sim/experiments/calibrate.ts';
import { countPoints, factorial, type SweepAxis } from '../../sim/experiments/sweep.ts';
import { InputError } from '../../sim/io/input-error.ts';
import { parseMenuOrders, parseSetOption } from '../../sim/io/sweep-args.ts';
import { callersPerReplicationOf, costExcesses, estimateRunCost, largestVariant, linesOf, type CostExcess, type CostInput, type CostLimits, DEFAULT_COST_LIMITS } from '../../sim/run/run-cost.ts';
import type { ScenarioStore } from '../storage/scenario-store.ts';
import type { RunPlan } from './run-plan.ts';
import type { RunRequest, ScenarioRef, VariantRef } from './run-request.ts';
import { scenarioFromJson, under } from './scenario-input.ts';
import { freeParameters } from '../../core/scenario/assumptions.ts';

/** The environment variable behind each limit, named in refusals so an operator knows what to raise. */
const LIMIT_VARIABLES = { points: 'PLANNER_MAX_SWEEP_POINTS', lines: 'PLANNER_MAX_LINES', callers: 'PLANNER_MAX_SIMULATED_CALLERS' } as const;

const invalid = (path: FieldPath, message: string) => new ScenarioValidationError([{ path, message }]);

/** A resolved scenario and where one of its parts is set in the request (inline, stored `id`, variant `changes`). */
interface Placed {
  scenario: Scenario;
  at: (part: 'pools' | 'arrivals') => FieldPath;
}

export async function resolveRun(request: RunRequest, store: ScenarioStore, limits: CostLimits = DEFAULT_COST_LIMITS): Promise<RunPlan> {
  const { seed, replications } = request;
  switch (request.kind) {
    case 'replications': {
      const scenario = await resolveRef(request.scenario, ['scenario'], store);
      admit({ kind: 'replications', scenarios: [scenario.scenario], replications }, [scenario], limits);
      return { kind: 'replications', seed, replications, scenario: scenario.scenario };
    }
    case 'compare': {
      const base = await resolveRef(request.base, ['base'], store);
      const variants = await Promise.all(request.variants.map((v, i) => resolveVariant(v, base.scenario, ['variants', i], store)));
      const placed = [base, ...variants];
      admit({ kind: 'compare', scenarios: placed.map((p) => p.scenario), replications }, placed, limits);
      return { kind: 'compare', seed, replications, base: base.scenario, variants: variants.map((v) => v.scenario) };
    }
    case 'sweep':
      return resolveSweep(request, await resolveRef(request.scenario, ['scenario'], store), limits);
    case 'allocate': {
      const placed = await resolveRef(request.scenario, ['scenario'], store);
      const { kind, scenario: _ref, ...options } = request;
      const pools = request.pools?.length ?? placed.scenario.pools.length;
      const input: CostInput = { kind, scenarios: [placed.scenario], replications, totalLines: request.totalLines, pools, constrained: Object.keys(request.minRates).length, maxReplications: request.maxReplications };
      admit(input, [placed], limits, { lines: request.totalLines > limits.maxLines ? ['totalLines'] : undefined });
      return { kind, ...options, scenario: placed.scenario };
    }
    case 'calibrate': {
      const placed = await resolveRef(request.scenario, ['scenario'], store);
      const free = freeParameters(placed.scenario);
      // the fit may move a free parameter up to its bound: estimate at the bounds
      const largest = largestVariant(placed.scenario, free.map((p) => ({ path: p.path, values: [p.max] })));
      const maxEvaluations = request.maxEvaluations ?? defaultMaxEvaluations(free.length);
      admit({ kind: 'calibrate', scenarios: [largest], replications, maxEvaluations, freeParameters: free.length }, [{ ...placed, scenario: largest }], limits, {
        callers: request.maxEvaluations !== undefined ? ['maxEvaluations'] : undefined,
      });
      return { ...request, scenario: placed.scenario };
    }
  }
}

async function resolveRef(ref: ScenarioRef, where: FieldPath, store: ScenarioStore): Promise<Placed> {
  if ('scenario' in ref) return { scenario: scenarioFromJson(ref.scenario, [...where, 'scenario']), at: (part) => [...where, 'scenario', part] };
  const stored = await store.get(ref.id, ref.version);
  if (stored === undefined) throw invalid([...where, 'id'], ref.version === undefined ? `no stored scenario ${ref.id}` : `no version ${ref.version} of scenario ${ref.id}`);
  return { scenario: scenarioFromJson(stored.scenario, where), at: () => [...where, 'id'] };
}

async function resolveVariant(ref: VariantRef, base: Scenario, where: FieldPath, store: ScenarioStore): Promise<Placed> {
  if (!('changes' in ref)) return resolveRef(ref, where, store);
  try {
    return { scenario: applyChanges(base, ref.changes, ref.name ?? `${base.name} (variant ${Number(where.at(-1)) + 1})`), at: () => [...where, 'changes'] };
  } catch (error) {
    throw error instanceof ScenarioValidationError ? under(where, error) : error;
  }
}

function resolveSweep(request: Extract<RunRequest, { kind: 'sweep' }>, base: Placed, limits: CostLimits): RunPlan {
  const axes: SweepAxis[] = request.set.map((axis, i) => {
    if (typeof axis !== 'string') return axis;
    try {
      return parseSetOption(axis);
    } catch (error) {
      throw error instanceof InputError ? invalid(['set', i, ...error.path], error.message) : error;
    }
  });
  const menuOrders = request.menuOrders === undefined ? undefined : parseMenuOrders(request.menuOrders === 'all' ? 'all' : request.menuOrders.join(','));
  const orders = menuOrders === undefined ? undefined : menuOrders === 'all' ? factorial(base.scenario.menu.options.length) : menuOrders.length;
  const points = countPoints(axes.map((a) => a.values.length), orders);
  // the orders alone past the cap: name them, not the axes
  const pointsPath = axes.length === 0 || (orders ?? 0) > limits.maxSweepPoints ? ['menuOrders'] : ['set'];
  const largest = largestVariant(base.scenario, axes);
  const placed: Placed = linesOf(largest) > linesOf(base.scenario) ? { scenario: largest, at: () => ['set'] } : { ...base, scenario: largest };
  admit({ kind: 'sweep', scenarios: [largest], replications: request.replications, points }, [placed], limits, { points: pointsPath });
  return { kind: 'sweep', seed: request.seed, replications: request.replications, base: base.scenario, axes, menuOrders, pointCount: points };
}

/**
 * Refuses a run past any limit, every excess at once. `paths` overrides where an excess is
 * reported; by default lines and callers go to the scenario with the most of them, or to
 * `replications` when one replication of each scenario fits.
 */
function admit(input: CostInput, placed: readonly Placed[], limits: CostLimits, paths: Partial<Record<CostExcess['field'], FieldPath | undefined>> = {}): void {
  const cost = estimateRunCost(input);
  const excesses = costExcesses(cost, limits);
  if (excesses.length === 0) return;
  const busiest = (measure: (s: Scenario) => number) => placed.reduce((a, b) => (measure(b.scenario) > measure(a.scenario) ? b : a));
  const issues: ScenarioIssue[] = excesses.map((excess) => {
    let path = paths[excess.field];
    if (path === undefined) {
      if (excess.field === 'lines') path = busiest(linesOf).at('pools');
      else if (excess.field === 'callers') path = cost.callersPerReplication > limits.maxSimulatedCallers ? busiest(callersPerReplicationOf).at('arrivals') : ['replications'];
      else path = ['set'];
    }
    return { path, message: `${excess.message} (${LIMIT_VARIABLES[excess.field]})` };
  });
  throw new ScenarioValidationError(issues);
}
