/**
 * Summaries across replications: the mean and a Student-t 95 % confidence interval, the
 * standard method for independent replications (Law, Simulation Modeling and Analysis, §9.4).
 * A figure that can only lie in a range (a proportion in [0, 1]) has its interval clipped to
 * that range: with few replications the t interval can reach past 100 % or below 0.
 */
import { createRequire } from 'node:module';
import type { FigureSet, ReplicationFigures } from '../model/metrics.ts';

// loaded at the first interval, not with the module: the package is some 400 files
type TQuantile = (p: number, degreesOfFreedom: number) => number;
let tQuantile: TQuantile | undefined;
const quantile: TQuantile = (p, df) => (tQuantile ??= createRequire(import.meta.url)('@stdlib/stats-base-dists-t-quantile') as TQuantile)(p, df);

export interface Stat {
  mean: number | null;
  /** null with fewer than two replications that have a value */
  ci95: [number, number] | null;
}

/** The values a figure can take, lowest and highest. */
export type Range = readonly [number, number];

export const PROPORTION: Range = [0, 1];

/** Figures that are shares (answered / attempts, busy / staffed time, …). */
const PROPORTIONS: ReadonlySet<string> = new Set<keyof FigureSet | keyof ReplicationFigures['organisations'][string]>([
  'answerRate',
  'callersAnsweredShare',
  'serviceLevel',
  'occupancy',
]);

/** The range of a figure by its name; undefined when it has none narrower than all numbers. */
export function rangeOf(figure: string): Range | undefined {
  return PROPORTIONS.has(figure) ? PROPORTION : undefined;
}

/** The range of a difference between two figures of one range. */
export function differenceRange(range: Range | undefined): Range | undefined {
  return range && [range[0] - range[1], range[1] - range[0]];
}

/**
 * Replications where the figure is undefined (NaN, e.g. a rate with no attempts) are left out.
 * With a range, the interval is clipped to it; an interval inside it is unchanged.
 */
export function summarise(values: readonly number[], range?: Range): Stat {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { mean: null, ci95: null };
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  if (n < 2) return { mean, ci95: null };
  const variance = xs.reduce((s, x) => s + (x - mean) * (x - mean), 0) / (n - 1);
  const half = quantile(0.975, n - 1) * Math.sqrt(variance / n);
  if (range === undefined) return { mean, ci95: [mean - half, mean + half] };
  return { mean, ci95: [Math.max(range[0], mean - half), Math.min(range[1], mean + half)] };
}

/** Same shape as T, with every number a Stat and every number array an array of Stats. */
export type Summarised<T> = T extends number
  ? Stat
  : T extends number[]
    ? Stat[]
    : T extends object
      ? { [K in keyof T]: Summarised<T[K]> }
      : never;

/** Summarise replications of the same shape, leaf by leaf; a leaf's name gives its range. */
export function summariseAll<T>(replications: readonly T[], name = ''): Summarised<T> {
  const first = replications[0];
  const range = rangeOf(name);
  if (typeof first === 'number') return summarise(replications as readonly number[], range) as Summarised<T>;
  if (Array.isArray(first)) {
    return first.map((_, i) => summarise(replications.map((r) => (r as number[])[i]!), range)) as Summarised<T>;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(first as object)) {
    out[key] = summariseAll(replications.map((r) => (r as Record<string, unknown>)[key]), key);
  }
  return out as Summarised<T>;
}
