/**
 * Drawing a scenario's assumptions: uniform numbers in [0, 1) become values through each prior's
 * inverse CDF (the @stdlib quantile functions) and categorical choices by weight. Pure: the
 * randomness comes in as the draws, so a prediction can sample, pair and replay them.
 */
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import lognormalQuantile from '@stdlib/stats-base-dists-lognormal-quantile';
import triangularQuantile from '@stdlib/stats-base-dists-triangular-quantile';
import type { Assumption, ValueDistribution } from './assumption-schema.ts';
import { applyChangeToDraft } from './change.ts';
import { setAtPath } from './path.ts';
import { freeParameters } from './assumptions.ts';

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

/**
 * The scenario with every assumption drawn: `draws[i]` in [0, 1) is the uniform number for
 * `assumptions[i]`, applied in list order. Pure; the result is a copy, one world rather than a
 * prior: it has no `assumptions`, and calibration parameters that named one carry its path and
 * range. It is not re-validated: each value a draw can give was checked when the scenario was
 * parsed (each assumption alone; two that change the same field can still combine badly).
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
  const calibration = draft.calibration as { free: unknown[] } | undefined;
  if (calibration) draft.calibration = { ...calibration, free: freeParameters(scenario as Parameters<typeof freeParameters>[0]) };
  delete draft.assumptions;
  return draft as unknown as S;
}

