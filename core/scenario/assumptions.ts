/**
 * Assumptions: numbers in a scenario that are not known, each with a distribution and its source
 * in words. A numeric assumption names a path (`pools[id=x].lines[0].count`) and a distribution
 * of the value there; a categorical one chooses between whole alternatives, each a list of
 * changes as in variants. They change nothing until drawn (draw-assumptions.ts, kept apart so
 * that parsing a scenario does not load the quantile packages).
 *
 * Checks: the schema refuses priors of zero width; `assumptionIssues` (called by parseScenario)
 * checks each path exists and holds a number, that the scenario's current value lies inside the
 * support (refused, not warned: the scenario as written must be one of the worlds the assumption
 * allows), and that every value a draw can set still makes a valid scenario.
 */
import type { Change } from './change-schema.ts';
import type { Assumption, ValueDistribution } from './assumption-schema.ts';

export * from './assumption-schema.ts';
import { applyChangeToDraft } from './change.ts';
import { PathError, getAtPath, parsePath, setAtPath } from './path.ts';
import type { FieldPath, ScenarioIssue } from './issue.ts';

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
 * Values a continuous prior can give, to try on the field: its ends (a lognormal's at ±3 sigma on
 * the log scale) and an inner, non-round point.
 */
function probePoints(d: ValueDistribution): number[] {
  const [lo, hi] = range(d);
  return [lo, lo + 0.3183 * (hi - lo), hi];
}

/** The support of a prior, a lognormal's cut at ±3 sigma on the log scale (it has no upper end). */
export function range(d: ValueDistribution): [number, number] {
  return d.type === 'lognormal' ? [d.median * Math.exp(-3 * d.sigma), d.median * Math.exp(3 * d.sigma)] : support(d);
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
      const before = issues.length;
      const written = JSON.stringify(bare);
      let asWritten = false;
      a.alternatives.forEach((alt, j) => {
        const draft = structuredClone(bare);
        issues.push(...changesIssues(draft, bare, alt.changes, [...at, 'alternatives', j], check));
        if (issues.length === before && JSON.stringify(draft) === written) asWritten = true;
      });
      // as with a numeric prior's support: the scenario as written must be one of the choices
      if (issues.length === before && !asWritten) {
        issues.push({ path: [...at, 'alternatives'], message: 'no alternative leaves the scenario as written: make one of them describe it (no changes, or changes to its own values)' });
      }
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
      : probePoints(d).map((v) => [v, [...at, 'distribution']]);
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

/** Issues of applying an alternative's changes to `draft` (a copy of `bare`, changed in place). */
function changesIssues(draft: Record<string, unknown>, bare: Record<string, unknown>, changes: readonly Change[], at: FieldPath, check: CheckScenario): ScenarioIssue[] {
  for (let k = 0; k < changes.length; k++) {
    try {
      applyChangeToDraft(draft, changes[k]!);
    } catch (error) {
      if (error instanceof PathError) return [{ path: [...at, 'changes', k], message: error.message }];
      throw error;
    }
  }
  // a drawn scenario is never re-read from disk: an alternative cannot bring in a file
  if (JSON.stringify(csvOf(draft)) !== JSON.stringify(csvOf(bare))) {
    return [{ path: at, message: 'an alternative cannot name a file (arrivals.csv): the file would not be read; give the values inline' }];
  }
  return check(draft).map((i) => ({ path: at, message: `after the changes: ${fieldName(i.path)}: ${i.message}` }));
}

/** The draft's arrivals CSV reference, read as own properties only (the draft is unchecked). */
function csvOf(draft: Record<string, unknown>): unknown {
  const arrivals = Object.hasOwn(draft, 'arrivals') ? draft.arrivals : undefined;
  return typeof arrivals === 'object' && arrivals !== null && Object.hasOwn(arrivals, 'csv') ? (arrivals as Record<string, unknown>).csv : undefined;
}

function fieldName(path: FieldPath): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '') || '(root)';
}

/** A calibration parameter with its path and bounds, whether written out or taken from an assumption. */
export interface FreeParameter {
  path: string;
  min: number;
  max: number;
  integer: boolean;
}

type FreeEntry = { path: string; min: number; max: number; integer: boolean } | { assumption: string };

/**
 * The range a calibration parameter may take from a numeric assumption: its support, a
 * lognormal's within ±3 sigma of the median on the log scale; integer if a discrete set of whole
 * numbers. Undefined for a
 * categorical choice, which calibrate cannot move.
 */
export function freeParameterOf(a: Assumption): FreeParameter | undefined {
  if (!('path' in a)) return undefined;
  const d = a.distribution;
  const [min, max] = range(d);
  return { path: a.path, min, max, integer: d.type === 'discrete' && d.values.every(Number.isInteger) };
}

/**
 * The scenario's calibration parameters with paths and bounds, references to assumptions
 * resolved. Throws PathError for a reference to no numeric assumption (parseScenario refuses
 * such a scenario first).
 */
export function freeParameters(scenario: { assumptions?: readonly Assumption[] | undefined; calibration?: { free: readonly FreeEntry[] } | undefined }): FreeParameter[] {
  return (scenario.calibration?.free ?? []).map((f) => {
    if ('path' in f) return f;
    const a = scenario.assumptions?.find((x) => x.id === f.assumption);
    const resolved = a && freeParameterOf(a);
    if (!resolved) throw new PathError(`calibration.free: "${f.assumption}" is not a numeric assumption of this scenario`);
    return resolved;
  });
}
