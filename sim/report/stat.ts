/**
 * Summaries across replications: the mean and a Student-t 95 % confidence interval, the
 * standard method for independent replications (Law, Simulation Modeling and Analysis, §9.4).
 */
import quantile from '@stdlib/stats-base-dists-t-quantile';

export interface Stat {
  mean: number | null;
  /** null with fewer than two replications that have a value */
  ci95: [number, number] | null;
}

/** Replications where the figure is undefined (NaN, e.g. a rate with no attempts) are left out. */
export function summarise(values: readonly number[]): Stat {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { mean: null, ci95: null };
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  if (n < 2) return { mean, ci95: null };
  const variance = xs.reduce((s, x) => s + (x - mean) * (x - mean), 0) / (n - 1);
  const half = quantile(0.975, n - 1) * Math.sqrt(variance / n);
  return { mean, ci95: [mean - half, mean + half] };
}

/** Same shape as T, with every number a Stat and every number array an array of Stats. */
export type Summarised<T> = T extends number
  ? Stat
  : T extends number[]
    ? Stat[]
    : T extends object
      ? { [K in keyof T]: Summarised<T[K]> }
      : never;

/** Summarise replications of the same shape, leaf by leaf. */
export function summariseAll<T>(replications: readonly T[]): Summarised<T> {
  const first = replications[0];
  if (typeof first === 'number') return summarise(replications as readonly number[]) as Summarised<T>;
  if (Array.isArray(first)) {
    return first.map((_, i) => summarise(replications.map((r) => (r as number[])[i]!))) as Summarised<T>;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(first as object)) {
    out[key] = summariseAll(replications.map((r) => (r as Record<string, unknown>)[key]));
  }
  return out as Summarised<T>;
}
