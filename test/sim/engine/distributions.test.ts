import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileDistribution, distributionMean, type DistributionSpec } from '../../../sim/engine/distributions.ts';
import { createStreams } from '../../../sim/engine/random.ts';

// ---------------------------------------------------------------------------------------------
// reference maths: regularised incomplete gamma (Numerical Recipes §6.2), which also gives the
// normal CDF, so every continuous distribution here has an exact CDF to compare against

function lnGamma(x: number): number {
  // Lanczos, g = 7, n = 9: ~1e-15 relative
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(a, x) = γ(a, x) / Γ(a). */
function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const front = Math.exp(-x + a * Math.log(x) - lnGamma(a));
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return sum * front;
  }
  // continued fraction for Q(a, x), modified Lentz
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 - front * h;
}

function normalCdf(z: number): number {
  const p = gammaP(0.5, (z * z) / 2); // = erf(|z| / √2)
  return z >= 0 ? 0.5 * (1 + p) : 0.5 * (1 - p);
}

interface Truth {
  mean: number;
  variance: number;
  /** fourth central moment / variance²: sets the standard error of the sample variance */
  kurtosis: number;
  cdf: (x: number) => number;
}

function truth(d: DistributionSpec): Truth {
  switch (d.type) {
    case 'exponential':
      return { mean: d.mean, variance: d.mean ** 2, kurtosis: 9, cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-x / d.mean)) };
    case 'uniform': {
      const w = d.max - d.min;
      return { mean: (d.min + d.max) / 2, variance: (w * w) / 12, kurtosis: 9 / 5, cdf: (x) => Math.min(1, Math.max(0, (x - d.min) / w)) };
    }
    case 'gamma': {
      const k = 1 / (d.cv * d.cv);
      const theta = d.mean / k;
      return { mean: d.mean, variance: k * theta * theta, kurtosis: 3 + 6 / k, cdf: (x) => gammaP(k, x / theta) };
    }
    case 'lognormal': {
      const s2 = Math.log(1 + d.cv * d.cv);
      const mu = Math.log(d.mean) - s2 / 2;
      const e = (k: number): number => Math.exp(k * s2);
      return {
        mean: d.mean,
        variance: (d.mean * d.cv) ** 2,
        kurtosis: e(4) + 2 * e(3) + 3 * e(2) - 3,
        cdf: (x) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / Math.sqrt(s2))),
      };
    }
    default:
      throw new Error(`no continuous reference for ${d.type}`);
  }
}

function sample(d: DistributionSpec, n: number, seed = 1): Float64Array {
  const rng = createStreams(seed, 0, ['x'] as const).x;
  const draw = compileDistribution(d);
  return Float64Array.from({ length: n }, () => draw(rng));
}

/** ~6e-7 two-sided per check under a normal approximation: a correct sampler essentially never fails. */
const Z = 5;
const N = 300_000;

describe('compileDistribution: continuous distributions', () => {
  const cases: DistributionSpec[] = [
    { type: 'exponential', mean: 180 },
    { type: 'exponential', mean: 0.001 },
    { type: 'lognormal', mean: 300, cv: 0.5 },
    { type: 'lognormal', mean: 300, cv: 1 },
    { type: 'lognormal', mean: 60, cv: 1.5 },
    { type: 'gamma', mean: 300, cv: 0.3 }, // shape 11.1
    { type: 'gamma', mean: 300, cv: 1 }, // shape 1: exponential
    { type: 'gamma', mean: 300, cv: 1.5 }, // shape 0.44
    { type: 'gamma', mean: 120, cv: 2 }, // shape 0.25
    { type: 'gamma', mean: 120, cv: 3 }, // shape 0.11
    { type: 'uniform', min: 30, max: 90 },
    { type: 'uniform', min: 0, max: 1 },
  ];

  for (const d of cases) {
    it(`${JSON.stringify(d)}: mean, variance (hence cv) within ${Z} standard errors; KS distance below its 1e-4 critical value`, () => {
      const t = truth(d);
      const xs = sample(d, N);
      let sum = 0;
      for (const x of xs) sum += x;
      const mean = sum / N;
      let ss = 0;
      for (const x of xs) ss += (x - mean) ** 2;
      const variance = ss / (N - 1);

      const seMean = Math.sqrt(t.variance / N);
      // Var(s²) ≈ (μ4 − σ⁴) / N
      const seVar = t.variance * Math.sqrt((t.kurtosis - 1) / N);
      expect(Math.abs(mean - t.mean)).toBeLessThan(Z * seMean);
      expect(Math.abs(variance - t.variance)).toBeLessThan(Z * seVar);
      // cv = s / m: by the delta method its relative error is at most ½·(rel. error of s²) + rel. error of m
      const cv = Math.sqrt(variance) / mean;
      const cvTrue = Math.sqrt(t.variance) / t.mean;
      expect(Math.abs(cv / cvTrue - 1)).toBeLessThan(Z * (seVar / t.variance / 2 + seMean / t.mean));

      // the whole shape: Kolmogorov–Smirnov, P(D > sqrt(ln(2/α)/(2N))) ≤ α for α = 1e-4
      xs.sort();
      let dMax = 0;
      for (let i = 0; i < N; i++) {
        const f = t.cdf(xs[i]!);
        dMax = Math.max(dMax, Math.abs(f - i / N), Math.abs((i + 1) / N - f));
      }
      expect(dMax).toBeLessThan(Math.sqrt(Math.log(2 / 1e-4) / (2 * N)));

      expect(xs[0]!).toBeGreaterThanOrEqual(d.type === 'uniform' ? d.min : 0);
      if (d.type === 'uniform') expect(xs[N - 1]!).toBeLessThan(d.max);
      expect(distributionMean(d)).toBeCloseTo(t.mean, 10);
    });
  }

  it('the reference CDFs are right (so the KS checks above mean something)', () => {
    expect(gammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 14);
    expect(gammaP(3, 2.5)).toBeCloseTo(1 - Math.exp(-2.5) * (1 + 2.5 + 2.5 ** 2 / 2), 14);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 12);
  });
});

describe('compileDistribution: discrete and degenerate', () => {
  it('fixed returns its value', () => {
    expect(Array.from(sample({ type: 'fixed', value: 42.5 }, 10))).toEqual(new Array(10).fill(42.5));
    expect(distributionMean({ type: 'fixed', value: 42.5 })).toBe(42.5);
  });

  it('uniform with min = max is that value', () => {
    expect(new Set(sample({ type: 'uniform', min: 7, max: 7 }, 100))).toEqual(new Set([7]));
  });

  const empirical: Array<{ values: number[]; weights?: number[] }> = [
    { values: [10, 20, 30, 40], weights: [1, 2, 3, 4] },
    { values: [5, 5, 600], weights: [1, 1, 0.02] }, // duplicates add up; a rare value still appears
    { values: [1, 2, 3] }, // equal weights when absent
    { values: [99] },
    { values: [0, 1e-9, 1e9], weights: [1e-6, 1, 1e6] },
  ];
  for (const spec of empirical) {
    it(`empirical ${JSON.stringify(spec)}: each value's frequency within ${Z} binomial standard errors`, () => {
      const d: DistributionSpec = { type: 'empirical', ...spec };
      const w = spec.weights ?? spec.values.map(() => 1);
      const total = w.reduce((s, x) => s + x, 0);
      const p = new Map<number, number>();
      spec.values.forEach((v, i) => p.set(v, (p.get(v) ?? 0) + w[i]! / total));
      const xs = sample(d, N, 9);
      const counts = new Map<number, number>();
      for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
      for (const v of counts.keys()) expect(p.has(v)).toBe(true);
      for (const [v, pv] of p) {
        const c = counts.get(v) ?? 0;
        expect(Math.abs(c - N * pv)).toBeLessThanOrEqual(Z * Math.sqrt(N * pv * (1 - pv)) + 1e-9);
      }
      const mean = [...p].reduce((s, [v, pv]) => s + v * pv, 0);
      expect(distributionMean(d)).toBeCloseTo(mean, 6);
    });
  }

  it('every sampler draws only from the stream it is given: same stream state, same samples; never negative', () => {
    const arbDist: fc.Arbitrary<DistributionSpec> = fc.oneof(
      fc.record({ type: fc.constant('fixed' as const), value: fc.double({ min: 0, max: 1e4, noNaN: true }) }),
      fc.record({ type: fc.constant('exponential' as const), mean: fc.double({ min: 1e-3, max: 1e4, noNaN: true }) }),
      fc.record({
        type: fc.constant('lognormal' as const),
        mean: fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
        cv: fc.double({ min: 0.01, max: 5, noNaN: true }),
      }),
      fc.record({
        type: fc.constant('gamma' as const),
        mean: fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
        cv: fc.double({ min: 0.01, max: 5, noNaN: true }),
      }),
      fc
        .tuple(fc.double({ min: 0, max: 1e4, noNaN: true }), fc.double({ min: 0, max: 1e4, noNaN: true }))
        .map(([a, b]) => ({ type: 'uniform' as const, min: Math.min(a, b), max: Math.max(a, b) })),
      fc
        .array(fc.tuple(fc.double({ min: 0, max: 1e4, noNaN: true }), fc.double({ min: 1e-3, max: 10, noNaN: true })), {
          minLength: 1,
          maxLength: 6,
        })
        .map((vw) => ({ type: 'empirical' as const, values: vw.map((x) => x[0]), weights: vw.map((x) => x[1]) })),
    );
    fc.assert(
      fc.property(arbDist, fc.integer({ min: 0, max: 1000 }), (d, seed) => {
        const a = sample(d, 200, seed);
        const b = sample(d, 200, seed);
        expect(Array.from(a)).toEqual(Array.from(b));
        for (const x of a) {
          expect(Number.isFinite(x)).toBe(true);
          expect(x).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 200 },
    );
  });
});
