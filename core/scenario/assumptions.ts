/**
 * Assumptions: numbers in a scenario that are not known, each with a distribution and its source
 * in words. A numeric assumption names a path (`pools[id=x].lines[0].count`) and a distribution
 * of the value there; a categorical one chooses between whole alternatives, each a list of
 * changes as in variants. They change nothing until drawn: `applyAssumptions` maps uniform
 * numbers in [0, 1) to a concrete scenario through each distribution's inverse CDF.
 *
 * Checks: the schema refuses priors of zero width; `assumptionIssues` (called by parseScenario)
 * checks each path exists and holds a number, that the scenario's current value lies inside the
 * support (refused, not warned: the scenario as written must be one of the worlds the assumption
 * allows), and that every value a draw can set still makes a valid scenario.
 */
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import lognormalQuantile from '@stdlib/stats-base-dists-lognormal-quantile';
import triangularQuantile from '@stdlib/stats-base-dists-triangular-quantile';
import type { Change } from './change-schema.ts';
import type { Assumption, ValueDistribution } from './assumption-schema.ts';

export * from './assumption-schema.ts';
import { applyChangeToDraft } from './change.ts';
import { PathError, ScenarioPathSchema, getAtPath, parsePath, setAtPath } from './path.ts';
import type { FieldPath, ScenarioIssue } from './issue.ts';

/** The value at probability u in [0, 1) of a numeric distribution (its inverse CDF). */
export function quantile(d: ValueDistribution, u: number): number {
  switch (d.type) {
    case 'uniform':
      return d.min + u * (d.max - d.min);
    case 'triangular':
      return triangularQuantile(u, d.min, d.max, d.mode);
    case 'lognormal':
      return lognormalQuantile(u, Math.log(d.median), d.sigma);
    case 'beta':
      return betaQuantile(u, d.alpha, d.beta);
    case 'discrete':
      return d.values[pick(d.values.length, d.weights, u)]!;
  }
}

/** The index chosen by u among n entries with optional relative weights. */
export function pick(n: number, w: readonly number[] | undefined, u: number): number {
  const total = w ? w.reduce((a, b) => a + b, 0) : n;
  let cumulative = 0;
  for (let i = 0; i < n; i++) {
    cumulative += w ? w[i]! : 1;
    if (u * total < cumulative) return i;
  }
  return n - 1;
}

/** The smallest and largest values a numeric distribution can give (lognormal: infinite above). */
export function support(d: ValueDistribution): [number, number] {
  switch (d.type) {
    case 'uniform':
    case 'triangular':
      return [d.min, d.max];
    case 'lognormal':
      return [0, Infinity];
    case 'beta':
      return [0, 1];
    case 'discrete':
      return [Math.min(...d.values), Math.max(...d.values)];
  }
}

/**
 * The scenario with every assumption drawn: `draws[i]` in [0, 1) is the uniform number for
 * `assumptions[i]`, applied in list order. Pure; the result is a copy and is not re-validated
 * (every value a draw can give was checked when the scenario was parsed).
 */
export function applyAssumptions<S extends { assumptions?: readonly Assumption[] | undefined }>(scenario: S, draws: readonly number[]): S {
  const assumptions = scenario.assumptions ?? [];
  if (draws.length !== assumptions.length) throw new RangeError(`${assumptions.length} assumptions but ${draws.length} draws`);
  draws.forEach((u, i) => {
    if (!(u >= 0 && u < 1)) throw new RangeError(`draw ${i} is ${u}: draws lie in [0, 1)`);
  });
  const draft = structuredClone(scenario) as unknown as Record<string, unknown>;
  assumptions.forEach((a, i) => {
    const u = draws[i]!;
    if ('path' in a) setAtPath(draft, a.path, quantile(a.distribution, u));
    else for (const change of a.alternatives[pick(a.alternatives.length, a.distribution.weights, u)]!.changes) applyChangeToDraft(draft, change);
  });
  return draft as unknown as S;
}

/** Issues of a scenario checked without its assumptions (given by the validator, to avoid a cycle). */
export type CheckScenario = (draft: Record<string, unknown>) => readonly ScenarioIssue[];

/** Fields an assumption may not change: they are not model inputs. */
const NOT_INPUTS = new Set(['$schema', 'name', 'notes', 'assumptions', 'calibration']);

/** Cross-checks of `scenario.assumptions` against the scenario itself (see the file comment). */
export function assumptionIssues(scenario: Record<string, unknown>, check: CheckScenario): ScenarioIssue[] {
  const assumptions = (scenario.assumptions ?? []) as readonly Assumption[];
  const issues: ScenarioIssue[] = [];
  const bare = structuredClone(scenario);
  delete bare.assumptions;
  delete bare.calibration;
  const ids = new Set<string>();
  const paths = new Set<string>();
  assumptions.forEach((a, i) => {
    const at: FieldPath = ['assumptions', i];
    if (ids.has(a.id)) issues.push({ path: [...at, 'id'], message: `duplicate assumption "${a.id}"` });
    ids.add(a.id);
    if ('path' in a) {
      if (paths.has(a.path)) issues.push({ path: [...at, 'path'], message: `${a.path} already has an assumption` });
      paths.add(a.path);
      issues.push(...valueIssues(bare, a, at, check));
    } else {
      a.alternatives.forEach((alt, j) => issues.push(...changesIssues(bare, alt.changes, [...at, 'alternatives', j], check)));
    }
  });
  return issues;
}

function valueIssues(bare: Record<string, unknown>, a: Extract<Assumption, { path: string }>, at: FieldPath, check: CheckScenario): ScenarioIssue[] {
  const first = parsePath(a.path)[0];
  if (first && 'key' in first && NOT_INPUTS.has(first.key)) return [{ path: [...at, 'path'], message: `${a.path}: "${first.key}" is not a model input` }];
  let current: unknown;
  try {
    current = getAtPath(bare, a.path);
  } catch (error) {
    if (error instanceof PathError) return [{ path: [...at, 'path'], message: error.message }];
    throw error;
  }
  if (typeof current !== 'number') return [{ path: [...at, 'path'], message: `${a.path} is not a single number` }];
  const d = a.distribution;
  const [lo, hi] = support(d);
  if (current < lo || current > hi) {
    return [{ path: [...at, 'distribution'], message: `the scenario's value ${current} at ${a.path} lies outside the prior's support [${lo}, ${hi}]` }];
  }
  // every value a draw can set must make a valid scenario: each discrete value; for a continuous
  // prior its ends and an inner, non-round point (an integer field refuses it: use a discrete set)
  const probes: Array<[number, FieldPath]> =
    d.type === 'discrete'
      ? d.values.map((v, j) => [v, [...at, 'distribution', 'values', j]])
      : [0.001, 0.3183, 0.999].map((u) => [quantile(d, u), [...at, 'distribution']]);
  for (const [value, where] of probes) {
    const draft = structuredClone(bare);
    setAtPath(draft, a.path, value);
    const found = check(draft);
    if (found.length > 0) {
      const why = found[0]!;
      const hint = d.type === 'discrete' ? '' : ' (a whole number? use a discrete set)';
      return [{ path: where, message: `${a.path} = ${value} does not fit the field${hint}: ${fieldName(why.path)}: ${why.message}` }];
    }
  }
  return [];
}

function changesIssues(bare: Record<string, unknown>, changes: readonly Change[], at: FieldPath, check: CheckScenario): ScenarioIssue[] {
  const draft = structuredClone(bare);
  for (let k = 0; k < changes.length; k++) {
    try {
      applyChangeToDraft(draft, changes[k]!);
    } catch (error) {
      if (error instanceof PathError) return [{ path: [...at, 'changes', k], message: error.message }];
      throw error;
    }
  }
  return check(draft).map((i) => ({ path: at, message: `after the changes: ${fieldName(i.path)}: ${i.message}` }));
}

function fieldName(path: FieldPath): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '') || '(root)';
}
