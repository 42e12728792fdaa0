import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createStreams, type RandomStream } from '../../../sim/engine/random.ts';

const PURPOSES = ['a', 'b', 'c', 'd'] as const;

function draw(stream: RandomStream, n: number): number[] {
  return Array.from({ length: n }, () => stream.next());
}

/** Any seed the CLI accepts. */
const seed = fc.maxSafeInteger();
const replication = fc.integer({ min: 0, max: 100_000 });

describe('createStreams', () => {
  it('same (seed, replication, purpose) gives the same sequence', () => {
    fc.assert(
      fc.property(seed, replication, fc.constantFrom(...PURPOSES), (s, r, p) => {
        const x = createStreams(s, r, PURPOSES)[p];
        const y = createStreams(s, r, PURPOSES)[p];
        expect(draw(x, 50)).toEqual(draw(y, 50));
      }),
    );
  });

  it("a stream's sequence does not depend on how much the other streams were used", () => {
    const streams = createStreams(42, 3, PURPOSES);
    const fresh = createStreams(42, 3, PURPOSES);
    draw(streams.a, 1000);
    draw(streams.c, 17);
    expect(draw(streams.b, 100)).toEqual(draw(fresh.b, 100));
  });

  it('different purposes, replications or seeds give different sequences', () => {
    fc.assert(
      fc.property(seed, replication, seed, replication, (s1, r1, s2, r2) => {
        const one = createStreams(s1, r1, PURPOSES);
        const seqs = PURPOSES.map((p) => draw(one[p], 8).join());
        expect(new Set(seqs).size).toBe(PURPOSES.length);
        if (s1 !== s2 || r1 !== r2) {
          // every stream of one (seed, replication) differs from every stream of the other
          const two = createStreams(s2, r2, PURPOSES);
          const others = new Set(PURPOSES.map((p) => draw(two[p], 8).join()));
          for (const x of seqs) expect(others.has(x)).toBe(false);
        }
      }),
    );
  });

  it('neighbouring seeds and replications (0/1, 1/2, …) are not shifted copies of one another', () => {
    // a weak seeding would make replication r+1 the sequence of r advanced by a step or two
    for (const [s1, r1, s2, r2] of [
      [0, 0, 0, 1],
      [0, 0, 1, 0],
      [1, 0, 0, 1],
      [7, 5, 7, 6],
    ] as const) {
      const x = draw(createStreams(s1, r1, ['p'] as const).p, 200);
      const y = new Set(draw(createStreams(s2, r2, ['p'] as const).p, 200));
      expect(x.filter((v) => y.has(v))).toEqual([]);
    }
  });

  it('next() is in [0, 1) and nextPositive() in (0, 1]', () => {
    fc.assert(
      fc.property(seed, replication, (s, r) => {
        const { a, b } = createStreams(s, r, PURPOSES);
        let bad = 0;
        for (let i = 0; i < 2000; i++) {
          const u = a.next();
          const v = b.nextPositive();
          if (!(u >= 0 && u < 1) || !(v > 0 && v <= 1)) bad++;
        }
        expect(bad).toBe(0);
      }),
      { numRuns: 50 },
    );
  });

  it('is uniform: mean, 20-bin frequencies and lag-1 / cross-stream correlation within their standard errors', () => {
    const N = 400_000;
    const Z = 5; // ~6e-7 two-sided per check: a correct generator essentially never fails
    for (const [s, r] of [
      [1, 0],
      [0, 0],
      [123456789, 42],
    ] as const) {
      const streams = createStreams(s, r, ['arrivals', 'concern', 'patience'] as const);
      const u = Float64Array.from({ length: N }, () => streams.arrivals.next());
      const w = Float64Array.from({ length: N }, () => streams.patience.next());
      // mean: variance of U(0,1) is 1/12
      const mean = u.reduce((x, y) => x + y, 0) / N;
      expect(Math.abs(mean - 0.5)).toBeLessThan(Z * Math.sqrt(1 / 12 / N));
      // bins: each count is Binomial(N, 1/20); also a chi-square over all 20 (df 19: P(χ² > 60) ≈ 3e-6)
      const bins = new Array<number>(20).fill(0);
      for (const x of u) bins[Math.floor(x * 20)]!++;
      const expected = N / 20;
      for (const c of bins) expect(Math.abs(c - expected)).toBeLessThan(Z * Math.sqrt(N * (1 / 20) * (19 / 20)));
      const chi2 = bins.reduce((acc, c) => acc + ((c - expected) * (c - expected)) / expected, 0);
      expect(chi2).toBeLessThan(60);
      // correlation of consecutive draws, and of two purposes' streams, each ~N(0, 1/N)
      let lag = 0;
      let cross = 0;
      for (let i = 0; i < N; i++) {
        cross += (u[i]! - 0.5) * (w[i]! - 0.5);
        if (i > 0) lag += (u[i]! - 0.5) * (u[i - 1]! - 0.5);
      }
      const corr = (x: number, n: number): number => x / n / (1 / 12);
      expect(Math.abs(corr(lag, N - 1))).toBeLessThan(Z / Math.sqrt(N));
      expect(Math.abs(corr(cross, N))).toBeLessThan(Z / Math.sqrt(N));
    }
  });

  it('keeps seeds apart that differ only above 32 bits, or trade seed for replication', () => {
    const first = (s: number, r: number): number => createStreams(s, r, ['p'] as const).p.next();
    for (const [a, b] of [
      [0, 2 ** 32],
      [-1, 2 ** 32 - 1],
    ] as const) {
      expect(first(a, 0)).not.toBe(first(b, 0));
    }
    expect(first(0, 2 ** 32)).not.toBe(first(1, 0));
  });

  it('identifies a stream by its name, not its place among the purposes', () => {
    const alone = draw(createStreams(7, 1, ['menu:b'] as const)['menu:b'], 5);
    const among = draw(createStreams(7, 1, ['menu:a', 'menu:new', 'menu:b'] as const)['menu:b'], 5);
    expect(among).toEqual(alone);
  });

  it('rejects a seed that is not a safe integer', () => {
    for (const bad of [1.5, NaN, Infinity, 2 ** 53]) expect(() => createStreams(bad, 0, PURPOSES)).toThrow(RangeError);
  });
});
