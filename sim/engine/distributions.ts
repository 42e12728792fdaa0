/**
 * Samplers for non-negative random durations, compiled once from a distribution spec. They draw
 * only from the stream they are given (never Math.random), which keeps runs reproducible.
 * The algorithms are the textbook ones, written here because they sit in the innermost loop:
 * inversion for exponential, Box–Muller normals (RandomStream.nextGaussian) for lognormal,
 * Marsaglia–Tsang (2000) for gamma.
 */
import type { RandomStream } from './random.ts';

export type Sampler = (rng: RandomStream) => number;

/**
 * A distribution by its parameters; lognormal and gamma by mean and coefficient of variation.
 * The kernel's own type: a model maps its inputs to it (a scenario's distributions fit as they are).
 */
export type DistributionSpec =
  | { readonly type: 'fixed'; readonly value: number }
  | { readonly type: 'exponential'; readonly mean: number }
  | { readonly type: 'uniform'; readonly min: number; readonly max: number }
  | { readonly type: 'lognormal'; readonly mean: number; readonly cv: number }
  | { readonly type: 'gamma'; readonly mean: number; readonly cv: number }
  | { readonly type: 'empirical'; readonly values: readonly number[]; readonly weights?: readonly number[] | undefined };

export function compileDistribution(d: DistributionSpec): Sampler {
  switch (d.type) {
    case 'fixed': {
      const v = d.value;
      return () => v;
    }
    case 'exponential': {
      const mean = d.mean;
      return (rng) => -mean * Math.log(rng.nextPositive());
    }
    case 'uniform': {
      const { min, max } = d;
      return (rng) => min + (max - min) * rng.next();
    }
    case 'lognormal': {
      // mean m and coefficient of variation cv: sigma² = ln(1 + cv²), mu = ln m − sigma²/2
      const sigma2 = Math.log(1 + d.cv * d.cv);
      const mu = Math.log(d.mean) - sigma2 / 2;
      const sigma = Math.sqrt(sigma2);
      return (rng) => Math.exp(mu + sigma * rng.nextGaussian());
    }
    case 'gamma': {
      const shape = 1 / (d.cv * d.cv);
      const scale = d.mean / shape;
      return (rng) => scale * standardGamma(rng, shape);
    }
    case 'empirical': {
      const values = d.values;
      const weights = d.weights ?? values.map(() => 1);
      const total = weights.reduce((s, w) => s + w, 0);
      const cumulative: number[] = [];
      let acc = 0;
      for (const w of weights) cumulative.push((acc += w / total));
      return (rng) => {
        const u = rng.next();
        let lo = 0;
        let hi = cumulative.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (u < cumulative[mid]!) hi = mid;
          else lo = mid + 1;
        }
        return values[lo]!;
      };
    }
  }
}

/** Mean of a distribution, for analytic estimates. */
export function distributionMean(d: DistributionSpec): number {
  switch (d.type) {
    case 'fixed':
      return d.value;
    case 'exponential':
    case 'lognormal':
    case 'gamma':
      return d.mean;
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'empirical': {
      const w = d.weights ?? d.values.map(() => 1);
      const total = w.reduce((s, x) => s + x, 0);
      return d.values.reduce((s, v, i) => s + v * w[i]!, 0) / total;
    }
  }
}

function standardGamma(rng: RandomStream, shape: number): number {
  if (shape < 1) {
    // boost: G(a) = G(a + 1) · U^(1/a)
    return standardGamma(rng, shape + 1) * Math.pow(rng.nextPositive(), 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.nextGaussian();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.nextPositive();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}
