/**
 * Calibration: fit the scenario's `calibration.free` parameters (paths with bounds) so that the
 * simulated totals match observed ones, and say which parameters the data pin down.
 *
 * Objective: the sum of squared residuals over the observed figures, where a count's residual
 * is relative ((simulated − observed) / observed) and a rate's is absolute (simulated −
 * observed, as a fraction): 1 % off a count weighs the same as 1 point off a rate. "Simulated"
 * is the mean over `replications` replications on fixed seeds (common random numbers), so the
 * objective is one fixed function of the parameters and a derivative-free simplex method can
 * compare points consistently: Nelder–Mead (nelder-mead.ts) in the box of the bounds rescaled
 * to [0, 1]; integer parameters are rounded when a scenario is built.
 *
 * Identification, at the fit: the Jacobian J of the residuals with respect to the parameters
 * (central differences, ±5 % of each range, on the same seeds) and the noise of each residual
 * (the spread of that figure across replications — how much one observed period varies — plus
 * the simulated mean's own error). Then, as in nonlinear least squares, the parameter
 * covariance is (Jᵀ Σ⁻¹ J)⁻¹. A parameter is "pinned down" when its 95 % interval covers at most
 * a tenth of its range, "weakly identified" up to half, otherwise "not identified": the figures
 * barely move with it (its column of J is within the noise), or its effect is collinear with
 * another parameter's (estimate correlation beyond ±0.9), so only a combination is known.
 */
import { z } from 'zod';
import type { Scenario } from '../../core/scenario/schema.ts';
import { applyChanges } from '../../core/scenario/variant.ts';
import { getAtPath } from '../../core/scenario/path.ts';
import { freeParameters, type FreeParameter } from '../../core/scenario/assumptions.ts';
import type { FigureSet, ReplicationFigures } from '../model/metrics.ts';
import { summarise, type Stat } from '../report/stat.ts';
import { runPaired } from '../run/run-many.ts';
import type { Runner } from '../run/runner.ts';
import { minimiseInBox } from './nelder-mead.ts';

const ObservedFiguresSchema = z
  .object({
    attempts: z.number().positive().optional().describe('call attempts (呼出件数)'),
    answered: z.number().positive().optional().describe('answered attempts (接続完了)'),
    answerRate: z.number().min(0).max(1).optional().describe('answered / attempts (応答率)'),
    callersAnsweredShare: z.number().min(0).max(1).optional().describe('share of callers ever answered'),
  })
  .strict();

/** Observed totals over the scenario's horizon: overall, and per category chosen in the menu. */
export const ObservedSchema = ObservedFiguresSchema.extend({
  categories: z.record(z.string(), ObservedFiguresSchema).default({}),
})
  .strict()
  .refine((o) => [o, ...Object.values(o.categories)].some((g) => observedFigures(g).length > 0), 'give at least one observed figure');

export type Observed = z.infer<typeof ObservedSchema>;
type FigureKey = keyof z.infer<typeof ObservedFiguresSchema>;
const COUNTS: ReadonlySet<FigureKey> = new Set(['attempts', 'answered']);

export type Identification = 'pinned down' | 'weakly identified' | 'not identified';

export interface FittedParameter {
  path: string;
  min: number;
  max: number;
  start: number;
  fitted: number;
  /** approximate 95 % interval from the local Jacobian, clipped to the bounds; null if not identified */
  ci95: [number, number] | null;
  /** standard error in the parameter's units (Infinity when the data say nothing about it) */
  standardError: number;
  identification: Identification;
  /** why it is not pinned down */
  reason?: string;
  /** parameters whose estimates are correlated with this one beyond ±0.9 */
  collinearWith: string[];
  /** change of each residual for a move across the whole range, in noise standard deviations */
  effect: Record<string, number>;
}

export interface Residual {
  figure: string;
  kind: 'count' | 'rate';
  observed: number;
  simulated: Stat;
  /** relative for counts, absolute for rates */
  residual: number;
}

export interface CalibrationResult {
  seed: number;
  replications: number;
  objective: number;
  evaluations: number;
  parameters: FittedParameter[];
  residuals: Residual[];
}

export interface CalibrationOptions {
  seed: number;
  replications: number;
  runner: Runner;
  /** objective evaluations at most; default 40 + 30 per parameter */
  maxEvaluations?: number;
  log?: (message: string) => void;
}

/** Observed figures the scenario cannot produce, or no free parameters. */
export class CalibrationInputError extends Error {}

interface Target {
  figure: string;
  kind: 'count' | 'rate';
  observed: number;
  pick: (f: ReplicationFigures) => number;
}

const JACOBIAN_STEP = 0.05;
const PINNED = 0.1;
const WEAK = 0.5;
const COLLINEAR = 0.9;
/** standard-normal 97.5 % point */
const Z95 = 1.959964;

function observedFigures(o: z.infer<typeof ObservedFiguresSchema>): FigureKey[] {
  return (['attempts', 'answered', 'answerRate', 'callersAnsweredShare'] as const).filter((k) => o[k] !== undefined);
}

function targetsOf(scenario: Scenario, observed: Observed): Target[] {
  const groups: Array<{ name: string; figures: z.infer<typeof ObservedFiguresSchema>; pick: (f: ReplicationFigures) => FigureSet }> = [
    { name: '', figures: observed, pick: (f) => f.overall },
  ];
  const categories = new Set(scenario.categories.map((c) => c.id));
  for (const [id, figures] of Object.entries(observed.categories)) {
    if (!categories.has(id)) throw new CalibrationInputError(`observed category "${id}" is not in the scenario (${[...categories].join(', ')})`);
    groups.push({ name: `categories.${id}.`, figures, pick: (f) => f.categories[id]! });
  }
  return groups.flatMap((g) =>
    observedFigures(g.figures).map((key) => ({
      figure: `${g.name}${key}`,
      kind: COUNTS.has(key) ? ('count' as const) : ('rate' as const),
      observed: g.figures[key]!,
      pick: (f: ReplicationFigures) => g.pick(f)[key],
    })),
  );
}

function residualOf(target: Target, simulated: number): number {
  return target.kind === 'count' ? (simulated - target.observed) / target.observed : simulated - target.observed;
}

/** Objective evaluations when the caller sets no budget: more for more parameters. */
export function defaultMaxEvaluations(freeParameters: number): number {
  return 40 + 30 * freeParameters;
}

export async function calibrate(scenario: Scenario, observed: Observed, options: CalibrationOptions): Promise<CalibrationResult> {
  const problem = new CalibrationProblem(scenario, observed, options);
  const log = options.log ?? (() => {});
  log(`fitting ${problem.free.length} parameters to ${problem.targets.length} observed figures`);
  const fit = await minimiseInBox(async (u) => problem.objective((await problem.simulate([u]))[0]!), problem.startPoint(), {
    step: 0.25,
    maxEvaluations: options.maxEvaluations ?? defaultMaxEvaluations(problem.free.length),
    tolerance: 0.002,
  });
  log(`fitted after ${fit.evaluations} evaluations; objective ${fit.value.toPrecision(3)}; measuring the Jacobian`);
  const [atFit] = await problem.simulate([fit.x]);
  const identified = await identify(problem, fit.x, atFit!);
  return {
    seed: options.seed,
    replications: options.replications,
    objective: fit.value,
    evaluations: fit.evaluations,
    parameters: problem.fittedParameters(fit.x, identified),
    residuals: problem.residuals(atFit!),
  };
}

type Identified = Omit<FittedParameter, 'path' | 'min' | 'max' | 'start' | 'fitted'>;

/**
 * The free parameters as a point u in the unit box, the scenario they make, and the objective
 * there. Simulations are cached by the parameter values: points that round to the same scenario
 * run once.
 */
class CalibrationProblem {
  readonly free: readonly FreeParameter[];
  readonly targets: readonly Target[];
  private readonly cache = new Map<string, ReplicationFigures[]>();

  constructor(
    private readonly scenario: Scenario,
    observed: Observed,
    private readonly options: CalibrationOptions,
  ) {
    if (!scenario.calibration?.free) throw new CalibrationInputError('the scenario has no calibration.free parameters to fit');
    this.free = freeParameters(scenario);
    this.targets = targetsOf(scenario, observed);
  }

  /** Parameter values at u; integer parameters rounded. */
  toValues(u: readonly number[]): number[] {
    return this.free.map((p, i) => {
      const x = p.min + u[i]! * (p.max - p.min);
      return p.integer ? Math.round(x) : x;
    });
  }

  /** Where parameter j really sits at u, in units of its range: integer parameters move in whole steps. */
  toUnit(u: readonly number[], j: number): number {
    const p = this.free[j]!;
    return p.max > p.min ? (this.toValues(u)[j]! - p.min) / (p.max - p.min) : 0;
  }

  /** The scenario's own values, as a point in the box. */
  startPoint(): number[] {
    return this.free.map((p) => {
      const value = getAtPath(this.scenario, p.path) as number;
      return p.max > p.min ? Math.min(1, Math.max(0, (value - p.min) / (p.max - p.min))) : 0;
    });
  }

  /** One simulation batch for a set of points, on the same seeds. */
  async simulate(points: ReadonlyArray<readonly number[]>): Promise<ReplicationFigures[][]> {
    const { seed, replications, runner } = this.options;
    const values = points.map((u) => this.toValues(u));
    const keys = values.map((v) => JSON.stringify(v));
    const missing = [...new Set(keys)].filter((k) => !this.cache.has(k));
    if (missing.length > 0) {
      const scenarios = missing.map((k) => this.scenarioFor(values[keys.indexOf(k)]!));
      const runs = await runPaired(scenarios, { seed, replications, runner, totalsOnly: true });
      missing.forEach((k, i) => this.cache.set(k, runs[i]!));
    }
    return keys.map((k) => this.cache.get(k)!);
  }

  meanResiduals(reps: readonly ReplicationFigures[]): number[] {
    return this.targets.map((t) => residualOf(t, summarise(reps.map(t.pick)).mean ?? NaN));
  }

  /** Sum of squared mean residuals; a figure the runs cannot produce counts 1. */
  objective(reps: readonly ReplicationFigures[]): number {
    return this.meanResiduals(reps).reduce((s, r) => s + (Number.isFinite(r) ? r * r : 1), 0);
  }

  fittedParameters(u: readonly number[], identified: readonly Identified[]): FittedParameter[] {
    const values = this.toValues(u);
    return identified.map((id, i) => ({
      path: this.free[i]!.path,
      min: this.free[i]!.min,
      max: this.free[i]!.max,
      start: getAtPath(this.scenario, this.free[i]!.path) as number,
      fitted: values[i]!,
      ...id,
    }));
  }

  residuals(reps: readonly ReplicationFigures[]): Residual[] {
    return this.targets.map((t, k) => ({
      figure: t.figure,
      kind: t.kind,
      observed: t.observed,
      simulated: summarise(reps.map(t.pick)),
      residual: this.meanResiduals(reps)[k]!,
    }));
  }

  private scenarioFor(values: readonly number[]): Scenario {
    return applyChanges(
      this.scenario,
      values.map((value, i) => ({ set: this.free[i]!.path, value })),
    );
  }
}

/** How well the data pin down each parameter at the fit u (the method above). */
async function identify(problem: CalibrationProblem, u: readonly number[], reps: readonly ReplicationFigures[]): Promise<Identified[]> {
  const J = await noiseScaledJacobian(problem, u, reps);
  const free = problem.free;
  const fisher = free.map((_, a) => free.map((_, b) => J.reduce((s, row) => s + row[a]! * row[b]!, 0)));
  const covariance = invertWithRidge(fisher);
  const fitted = problem.toValues(u);
  return free.map((_, j) => ({
    ...identificationOf(problem, j, fitted[j]!, covariance, fisher[j]![j]!),
    effect: Object.fromEntries(problem.targets.map((t, k) => [t.figure, J[k]![j]!])),
  }));
}

/**
 * J[k][j]: change of residual k per unit of u_j (the whole range), by central differences on the
 * same seeds, divided by the residual's noise.
 */
async function noiseScaledJacobian(problem: CalibrationProblem, u: readonly number[], reps: readonly ReplicationFigures[]): Promise<number[][]> {
  const free = problem.free;
  const d = free.length;
  const ups = free.map((_, j) => u.map((x, i) => (i === j ? Math.min(1, x + JACOBIAN_STEP) : x)));
  const downs = free.map((_, j) => u.map((x, i) => (i === j ? Math.max(0, x - JACOBIAN_STEP) : x)));
  const runs = await problem.simulate([...ups, ...downs]);
  const noise = residualNoise(problem.targets, reps);
  return problem.targets.map((_, k) =>
    free.map((_, j) => {
      const up = problem.meanResiduals(runs[j]!)[k]!;
      const down = problem.meanResiduals(runs[d + j]!)[k]!;
      const du = problem.toUnit(ups[j]!, j) - problem.toUnit(downs[j]!, j);
      return du > 0 ? (up - down) / du / noise[k]! : 0;
    }),
  );
}

/** Per target: how much one observed period varies (the spread across replications), plus the simulated mean's own error. */
function residualNoise(targets: readonly Target[], reps: readonly ReplicationFigures[]): number[] {
  return targets.map((t) => {
    const perReplication = reps.map((r) => residualOf(t, t.pick(r)));
    const sd = Math.sqrt(variance(perReplication));
    // one observed period varies by sd; the simulated mean adds sd/√R
    return Math.max(sd * Math.sqrt(1 + 1 / reps.length), 1e-12);
  });
}

/** Parameter j's interval, its verdict and why, from the covariance of the estimates (in box units). */
function identificationOf(
  problem: CalibrationProblem,
  j: number,
  fitted: number,
  covariance: readonly number[][],
  information: number,
): Omit<Identified, 'effect'> {
  const free = problem.free;
  const p = free[j]!;
  const range = p.max - p.min;
  const seUnit = Math.sqrt(Math.max(0, covariance[j]![j]!));
  const halfShare = Z95 * seUnit;
  const identification: Identification = halfShare <= PINNED ? 'pinned down' : halfShare <= WEAK ? 'weakly identified' : 'not identified';
  const collinearWith = free
    .map((q, k) => ({ q, k }))
    .filter(({ k }) => k !== j && Math.abs(covariance[j]![k]! / Math.sqrt(covariance[j]![j]! * covariance[k]![k]!)) > COLLINEAR)
    .map(({ q }) => q.path);
  const reason = identification === 'pinned down' ? undefined : notPinnedReason(collinearWith, Math.sqrt(information), halfShare);
  return {
    standardError: seUnit * range,
    ci95: identification === 'not identified' ? null : [Math.max(p.min, fitted - halfShare * range), Math.min(p.max, fitted + halfShare * range)],
    identification,
    ...(reason !== undefined && { reason }),
    collinearWith,
  };
}

/** `moves`: how far the figures move, in noise SDs, across the parameter's whole range. */
function notPinnedReason(collinearWith: readonly string[], moves: number, halfShare: number): string {
  return collinearWith.length > 0
    ? `its effect on the observed figures is collinear with ${collinearWith.join(', ')}: only a combination is pinned down`
    : moves < 2
      ? 'the observed figures barely depend on it (moving it across its whole range changes them by less than 2 noise SDs)'
      : `the data leave it uncertain by ±${(100 * halfShare).toFixed(0)} % of its range`;
}

function variance(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const m = xs.reduce((s, x) => s + x, 0) / n;
  return xs.reduce((s, x) => s + (x - m) * (x - m), 0) / (n - 1);
}

/**
 * (F + λI)⁻¹ by Gauss–Jordan, with λ a tiny multiple of F's largest diagonal entry: a parameter
 * the data say nothing about (a zero row) then gets an enormous variance instead of a failure.
 */
function invertWithRidge(f: readonly number[][]): number[][] {
  const d = f.length;
  const scale = Math.max(1e-300, ...f.map((row, i) => row[i]!));
  const ridge = 1e-10 * scale;
  const a = f.map((row, i) => [...row.map((x, j) => x + (i === j ? ridge : 0)), ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < d; col++) {
    let pivot = col;
    for (let r = col + 1; r < d; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]![col]!;
    for (let c = 0; c < 2 * d; c++) a[col]![c]! /= p;
    for (let r = 0; r < d; r++) {
      if (r === col) continue;
      const factor = a[r]![col]!;
      if (factor !== 0) for (let c = 0; c < 2 * d; c++) a[r]![c]! -= factor * a[col]![c]!;
    }
  }
  return a.map((row) => row.slice(d));
}
