import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  erlangA,
  erlangB,
  erlangC,
  erlangCMeanWait,
  erlangCServiceLevel,
  linesForAnswerRate,
  linesForBlocking,
  linesForServiceLevel,
  offeredLoad,
} from '../../../core/analytic/erlang.ts';

// ---------------------------------------------------------------------------------------------
// Independent references: the textbook sums evaluated exactly in rational arithmetic (BigInt),
// for a load A = p/q. They share no code and no recurrence with the module under test.

/** num/den (both > 0) as a float, with ~70 significant bits before the final rounding. */
function ratio(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const shift = Math.max(0, 70 + den.toString(2).length - num.toString(2).length);
  // 2^-shift in two halves, so that neither factor underflows on its own
  const half = Math.floor(shift / 2);
  return Number((num << BigInt(shift)) / den) * 2 ** -half * 2 ** -(shift - half);
}

/** T_k = A^k/k! · n!·q^n = p^k · q^(n−k) · n!/k!, for k = 0..n. */
function scaledTerms(n: number, p: bigint, q: bigint): bigint[] {
  const terms: bigint[] = new Array<bigint>(n + 1);
  let fallingFactorial = 1n; // n!/k!
  for (let k = n; k >= 0; k--) {
    terms[k] = p ** BigInt(k) * q ** BigInt(n - k) * fallingFactorial;
    fallingFactorial *= BigInt(k);
  }
  return terms;
}

/** Erlang B = (A^n/n!) / Σ_{k=0..n} A^k/k!, exactly. */
function exactErlangB(n: number, p: bigint, q = 1n): number {
  const terms = scaledTerms(n, p, q);
  return ratio(terms[n]!, terms.reduce((a, b) => a + b, 0n));
}

/** Erlang C = (A^n/n! · n/(n−A)) / (Σ_{k<n} A^k/k! + A^n/n! · n/(n−A)), exactly (needs A < n). */
function exactErlangC(n: number, p: bigint, q = 1n): number {
  const terms = scaledTerms(n, p, q);
  const nq = BigInt(n) * q;
  const lower = terms.slice(0, n).reduce((a, b) => a + b, 0n);
  const top = terms[n]! * nq;
  return ratio(top, lower * (nq - p) + top);
}

function relErr(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

// ---------------------------------------------------------------------------------------------

describe('erlangB', () => {
  // 5-digit values as printed in Erlang B tables (blocking for n lines at A Erlangs); each is
  // also checked against the exact rational sum so that a misread table cannot pass silently.
  const table: Array<[n: number, load: number, printed: number]> = [
    [5, 2, 0.0367],
    [10, 5, 0.01838],
    [10, 10, 0.21458],
    [100, 80, 0.003992],
  ];
  it.each(table)('n=%i, A=%d matches the table and the exact sum', (n, load, printed) => {
    const b = erlangB(n, load);
    expect(relErr(b, exactErlangB(n, BigInt(load)))).toBeLessThan(1e-12);
    expect(Math.abs(b - printed)).toBeLessThan(5e-6);
  });

  // Standard Erlang B table, column for 1 % blocking (grade of service 0.01): the offered
  // traffic that n lines carry at 1 % loss, printed to 3-4 significant digits.
  const onePercentColumn: Array<[n: number, load: string]> = [
    [5, '1.361'],
    [10, '4.461'],
    [20, '12.03'],
    [50, '37.90'],
    [100, '84.06'],
  ];
  it.each(onePercentColumn)('n=%i lines carry %s Erlangs at 1 %% blocking', (n, load) => {
    const b = erlangB(n, Number(load));
    // the printed load is rounded, so the blocking is 1 % only to about 1 % relative
    expect(relErr(b, 0.01)).toBeLessThan(0.01);
    const [int, frac = ''] = load.split('.');
    const exact = exactErlangB(n, BigInt(int! + frac), 10n ** BigInt(frac.length));
    expect(relErr(b, exact)).toBeLessThan(1e-12);
  });

  it('has the exact edge values', () => {
    expect(erlangB(0, 3)).toBe(1);
    expect(erlangB(0, 0)).toBe(1);
    expect(erlangB(4, 0)).toBe(0);
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 15);
  });

  it('stays finite and accurate for 10,000 lines and 10,000 Erlangs', () => {
    const b = erlangB(10_000, 10_000);
    expect(Number.isFinite(b)).toBe(true);
    // for n = A the blocking is ≈ sqrt(2/(πA)) ... minus lower-order terms; it is near 0.0079
    expect(b).toBeGreaterThan(0.0078);
    expect(b).toBeLessThan(0.0081);
    expect(erlangB(10_000, 1)).toBe(0); // underflows gracefully to 0, never NaN
    expect(erlangB(10, 10_000)).toBeGreaterThan(0.999);
  });

  it('agrees with the exact rational sum on random small cases', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 8000 }), (n, centiErlangs) => {
        const b = erlangB(n, centiErlangs / 100);
        const exact = exactErlangB(n, BigInt(centiErlangs), 100n);
        expect(Math.abs(b - exact)).toBeLessThanOrEqual(1e-13 * exact + 1e-300);
      }),
      { numRuns: 200 },
    );
  });
});

describe('erlangC', () => {
  it('matches closed-form small cases', () => {
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 14);
    expect(erlangC(3, 2)).toBeCloseTo(4 / 9, 14);
    expect(erlangC(1, 0.5)).toBeCloseTo(0.5, 14); // M/M/1: P(wait) = ρ
  });

  it('returns 1 when the pool cannot keep up', () => {
    expect(erlangC(10, 10)).toBe(1);
    expect(erlangC(10, 12.5)).toBe(1);
    expect(erlangC(0, 0)).toBe(1);
    expect(erlangCMeanWait(10, 1, 10)).toBe(Infinity);
    expect(erlangCServiceLevel(10, 1, 10, 20)).toBe(0);
  });

  // The classic call-centre worked example (Call Centre Helper, "Erlang C formula – made simple"):
  // 100 calls per 30 minutes, 180 s handle time, target 80 % answered within 20 s. A = 10 Erlangs.
  // With 11 agents: P(wait) ≈ 68.21 %, average speed of answer ≈ 122.8 s, service level ≈ 39 %;
  // 14 agents are the fewest that reach 80 % (13 give ≈ 79.6 %, 14 give ≈ 88.8 %).
  describe('call-centre worked example', () => {
    const lambda = 100 / 1800;
    const aht = 180;
    it('11 agents', () => {
      const c = erlangC(11, offeredLoad(lambda, aht));
      expect(relErr(c, exactErlangC(11, 10n))).toBeLessThan(1e-12);
      expect(c).toBeCloseTo(0.6821, 4);
      // ASA = C·s/(n − A), service level = 1 − C·e^{−(n−A)t/s}
      expect(erlangCMeanWait(11, lambda, aht)).toBeCloseTo((exactErlangC(11, 10n) * 180) / 1, 9);
      expect(erlangCMeanWait(11, lambda, aht)).toBeCloseTo(122.78, 2);
      expect(erlangCServiceLevel(11, lambda, aht, 20)).toBeCloseTo(0.3896, 4);
    });
    it('13 and 14 agents, and the sizing helper', () => {
      expect(erlangCServiceLevel(13, lambda, aht, 20)).toBeCloseTo(1 - exactErlangC(13, 10n) * Math.exp(-60 / 180), 12);
      expect(erlangCServiceLevel(13, lambda, aht, 20)).toBeCloseTo(0.7956, 4);
      expect(erlangCServiceLevel(14, lambda, aht, 20)).toBeCloseTo(0.8884, 4);
      expect(linesForServiceLevel(lambda, aht, 20, 0.8)).toBe(14);
    });
  });

  it('agrees with the exact rational formula on random stable cases', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (n, rho) => {
        const centi = Math.floor(rho * n * 100);
        const c = erlangC(n, centi / 100);
        const exact = centi === 0 ? 0 : exactErlangC(n, BigInt(centi), 100n);
        expect(Math.abs(c - exact)).toBeLessThanOrEqual(1e-12 * exact + 1e-300);
      }),
      { numRuns: 200 },
    );
  });

  it('service level: threshold 0 gives 1 − C, infinite threshold gives 1', () => {
    expect(erlangCServiceLevel(11, 100 / 1800, 180, 0)).toBeCloseTo(1 - erlangC(11, 10), 15);
    expect(erlangCServiceLevel(11, 100 / 1800, 180, Infinity)).toBe(1);
  });

  it('is stable for 10,000 lines', () => {
    const c = erlangC(10_000, 9_900);
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(1);
    expect(erlangC(10_000, 9_999.99)).toBeGreaterThan(0.99);
  });
});

// ---------------------------------------------------------------------------------------------
// Erlang A

/** Poisson(A) pmf by the recurrence from p0 = e^{−A}; fine for A up to a few hundred. */
function poissonPmf(load: number, upTo: number): number[] {
  const pmf = [Math.exp(-load)];
  for (let k = 1; k <= upTo; k++) pmf.push((pmf[k - 1]! * load) / k);
  return pmf;
}

/** Unscaled stationary distribution of the M/M/n+M chain, for small cases only. */
function directStationary(n: number, lambda: number, mu: number, theta: number, states: number): number[] {
  const w = [1];
  for (let k = 1; k < states; k++) w.push((w[k - 1]! * lambda) / (Math.min(k, n) * mu + Math.max(k - n, 0) * theta));
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
}

/** Composite Simpson rule on [0, t]. */
function simpson(f: (x: number) => number, t: number, intervals = 2000): number {
  const h = t / intervals;
  let sum = f(0) + f(t);
  for (let i = 1; i < intervals; i++) sum += (i % 2 === 1 ? 4 : 2) * f(i * h);
  return (sum * h) / 3;
}

describe('erlangA', () => {
  it('with patience equal to the handle time, the number in system is Poisson(A) (as M/M/∞)', () => {
    for (const [n, load] of [
      [45, 50],
      [30, 20],
      [10, 10],
      [180, 200],
    ] as const) {
      const handle = 300;
      const res = erlangA({ servers: n, arrivalRate: load / handle, meanServiceTime: handle, meanPatience: handle });
      const pmf = poissonPmf(load, n + 2000);
      const tail = (from: number): number => pmf.slice(from).reduce((a, b) => a + b, 0);
      // E[(K − n)+] = A·P(K >= n) − n·P(K >= n+1)
      const queue = load * tail(n) - n * tail(n + 1);
      expect(relErr(res.probWait, tail(n))).toBeLessThan(1e-9);
      expect(relErr(res.meanQueueLength, queue)).toBeLessThan(1e-9);
      // θ = μ so P(abandon) = θ·E[Q]/λ = E[Q]/A
      expect(relErr(res.probAbandon, queue / load)).toBeLessThan(1e-9);
      expect(relErr(res.meanWait, queue / (load / handle))).toBeLessThan(1e-9);
    }
  });

  it('approaches Erlang C as patience grows, and equals it for infinite patience', () => {
    const base = { servers: 10, arrivalRate: 5 / 180, meanServiceTime: 180 };
    const c = erlangC(10, 5);
    const errors = [1e4, 1e6, 1e8].map((p) => Math.abs(erlangA({ ...base, meanPatience: p }).probWait - c));
    expect(errors[0]!).toBeGreaterThan(errors[1]!);
    expect(errors[1]!).toBeGreaterThan(errors[2]!);
    expect(errors[2]!).toBeLessThan(1e-7);
    const inf = erlangA({ ...base, meanPatience: Infinity });
    expect(inf.probWait).toBe(c);
    expect(inf.probAbandon).toBe(0);
    expect(inf.meanWait).toBeCloseTo(erlangCMeanWait(10, 5 / 180, 180), 12);
    expect(inf.probAnsweredWithin(20)).toBeCloseTo(erlangCServiceLevel(10, 5 / 180, 180, 20), 12);
  });

  it('approaches Erlang B as patience shrinks, and equals it for zero patience', () => {
    const base = { servers: 10, arrivalRate: 5 / 180, meanServiceTime: 180 };
    const b = erlangB(10, 5);
    const near = erlangA({ ...base, meanPatience: 1e-6 });
    expect(relErr(near.probAbandon, b)).toBeLessThan(1e-6);
    expect(relErr(near.probWait, b)).toBeLessThan(1e-6);
    const zero = erlangA({ ...base, meanPatience: 0 });
    expect(zero.probAbandon).toBe(b);
    expect(zero.meanWait).toBe(0);
    expect(zero.probAnsweredWithin(5)).toBe(1 - b);
  });

  it('matches a direct (unscaled) solve of the chain on a small case', () => {
    const n = 4;
    const lambda = 1 / 20;
    const mu = 1 / 60;
    const theta = 1 / 45;
    const pi = directStationary(n, lambda, mu, theta, 400);
    const probWait = pi.slice(n).reduce((a, b) => a + b, 0);
    const queue = pi.reduce((acc, p, k) => acc + Math.max(k - n, 0) * p, 0);
    const res = erlangA({ servers: n, arrivalRate: lambda, meanServiceTime: 60, meanPatience: 45 });
    expect(relErr(res.probWait, probWait)).toBeLessThan(1e-12);
    expect(relErr(res.meanQueueLength, queue)).toBeLessThan(1e-12);
    expect(relErr(res.probAbandon, (theta * queue) / lambda)).toBeLessThan(1e-12);
  });

  it('probAnsweredWithin agrees with integrating the virtual-wait density numerically', () => {
    // Independent route: over all arrivals, the virtual wait V has density
    //   g(v) = π_n · nμ · exp(−nμ v + (λ/θ)(1 − e^{−θv}))   on v > 0 (atom P(K<n) at 0),
    // and a caller with virtual wait v is answered with probability e^{−θv}.
    const cases = [
      { n: 3, lambda: 1 / 20, handle: 50, patience: 40, t: 20 },
      { n: 8, lambda: 1 / 15, handle: 180, patience: 120, t: 30 },
      { n: 5, lambda: 1 / 10, handle: 100, patience: 30, t: 60 },
    ];
    for (const { n, lambda, handle, patience, t } of cases) {
      const mu = 1 / handle;
      const theta = 1 / patience;
      const pi = directStationary(n, lambda, mu, theta, 2000);
      const notDelayed = pi.slice(0, n).reduce((a, b) => a + b, 0);
      const g = (v: number): number =>
        pi[n]! * n * mu * Math.exp(-n * mu * v + (lambda / theta) * -Math.expm1(-theta * v)) * Math.exp(-theta * v);
      const expected = notDelayed + simpson(g, t);
      const res = erlangA({ servers: n, arrivalRate: lambda, meanServiceTime: handle, meanPatience: patience });
      expect(Math.abs(res.probAnsweredWithin(t) - expected)).toBeLessThan(1e-10);
      // the same density integrated to infinity must give the answer rate
      expect(Math.abs(res.probAnsweredWithin(Infinity) - (1 - res.probAbandon))).toBeLessThan(1e-12);
      expect(res.probAnsweredWithin(0)).toBeCloseTo(1 - res.probWait, 14);
    }
  });

  it('stays finite and sensible under heavy load (A = 2n)', () => {
    for (const n of [10, 100, 1000]) {
      const handle = 180;
      const res = erlangA({ servers: n, arrivalRate: (2 * n) / handle, meanServiceTime: handle, meanPatience: 120 });
      // the lines can answer at most n/A = half of the calls, and they are busy almost always
      expect(res.probAbandon).toBeGreaterThanOrEqual(0.5 - 1e-12);
      expect(res.probAbandon).toBeLessThan(0.6);
      expect(res.probWait).toBeGreaterThan(0.95);
      expect(res.probWait).toBeLessThanOrEqual(1);
      expect(Number.isFinite(res.meanWait)).toBe(true);
      // fluid limit: the queue settles where θ·Q = λ − nμ, i.e. wait ≈ (1 − n/A)·patience = 60 s
      expect(Math.abs(res.meanWait - 60)).toBeLessThan(n >= 100 ? 1 : 10);
      expect(res.meanQueueLength).toBeCloseTo(res.meanWait * ((2 * n) / handle), 9); // Little
    }
  });

  it('is fast and stable for 5,000 and 10,000 lines', () => {
    const started = performance.now();
    for (const [n, load] of [
      [5000, 5000],
      [5000, 4900],
      [5000, 10_000],
      [10_000, 10_000],
      [10_000, 100],
    ] as const) {
      const res = erlangA({ servers: n, arrivalRate: load / 180, meanServiceTime: 180, meanPatience: 90 });
      for (const p of [res.probWait, res.probAbandon, res.probAnsweredWithin(20)]) {
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }
      expect(Number.isFinite(res.meanWait)).toBe(true);
      expect(Number.isFinite(res.meanQueueLength)).toBe(true);
    }
    // at n = A = 5000 with patience shorter than handle time, few abandon but many wait
    const critical = erlangA({ servers: 5000, arrivalRate: 5000 / 180, meanServiceTime: 180, meanPatience: 90 });
    expect(critical.probAbandon).toBeGreaterThan(0);
    expect(critical.probAbandon).toBeLessThan(0.02);
    expect(erlangA({ servers: 10_000, arrivalRate: 100 / 180, meanServiceTime: 180, meanPatience: 90 }).probWait).toBe(0);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('handles no callers and no lines', () => {
    const none = erlangA({ servers: 3, arrivalRate: 0, meanServiceTime: 60, meanPatience: 30 });
    expect(none).toMatchObject({ probWait: 0, probAbandon: 0, meanWait: 0, meanQueueLength: 0 });
    const noLines = erlangA({ servers: 0, arrivalRate: 1 / 60, meanServiceTime: 60, meanPatience: 30 });
    expect(noLines.probWait).toBe(1);
    expect(noLines.probAbandon).toBeCloseTo(1, 12);
    expect(noLines.probAnsweredWithin(10)).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------

describe('sizing helpers', () => {
  it('linesForBlocking returns the smallest sufficient pool', () => {
    expect(linesForBlocking(5, 0.01)).toBe(11); // B(10, 5) = 1.84 % > 1 %, B(11, 5) = 0.83 %
    expect(linesForBlocking(5, 1)).toBe(0);
    expect(linesForBlocking(0, 0.01)).toBe(1);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 500, noNaN: true }), fc.double({ min: 1e-6, max: 1, noNaN: true }), (load, target) => {
        const n = linesForBlocking(load, target);
        expect(erlangB(n, load)).toBeLessThanOrEqual(target);
        if (n > 0) expect(erlangB(n - 1, load)).toBeGreaterThan(target);
      }),
      { numRuns: 100 },
    );
  });

  it('linesForAnswerRate returns the smallest pool reaching the answer rate', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 60, noNaN: true }),
        fc.double({ min: 10, max: 600, noNaN: true }),
        fc.double({ min: 0.5, max: 0.999, noNaN: true }),
        (load, patience, target) => {
          const input = { arrivalRate: load / 180, meanServiceTime: 180, meanPatience: patience };
          const n = linesForAnswerRate(input, target);
          expect(1 - erlangA({ ...input, servers: n }).probAbandon).toBeGreaterThanOrEqual(target);
          if (n > 0) expect(1 - erlangA({ ...input, servers: n - 1 }).probAbandon).toBeLessThan(target);
        },
      ),
      { numRuns: 60 },
    );
    // with infinitely patient callers any stable pool answers everyone
    expect(linesForAnswerRate({ arrivalRate: 10 / 180, meanServiceTime: 180, meanPatience: Infinity }, 0.9)).toBe(11);
  });
});

describe('properties', () => {
  const servers = fc.integer({ min: 0, max: 400 });
  const load = fc.double({ min: 0, max: 600, noNaN: true });

  it('Erlang B falls as lines are added and rises with load', () => {
    fc.assert(
      fc.property(servers, load, load, (n, a1, a2) => {
        const [lo, hi] = a1 <= a2 ? [a1, a2] : [a2, a1];
        expect(erlangB(n + 1, lo)).toBeLessThanOrEqual(erlangB(n, lo));
        // strictly, unless the blocking has already underflowed to (near) zero
        if (erlangB(n, lo) > 1e-250) expect(erlangB(n + 1, lo)).toBeLessThan(erlangB(n, lo));
        expect(erlangB(n, lo)).toBeLessThanOrEqual(erlangB(n, hi));
      }),
    );
  });

  it('Erlang C >= Erlang B, and both lie in [0, 1]', () => {
    fc.assert(
      fc.property(servers, load, (n, a) => {
        const b = erlangB(n, a);
        const c = erlangC(n, a);
        for (const p of [b, c]) {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        }
        expect(c).toBeGreaterThanOrEqual(b);
      }),
    );
  });

  it('Erlang A: probabilities in [0, 1], abandon <= wait, Little, monotone in lines and threshold', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.double({ min: 0.01, max: 400, noNaN: true }),
        fc.double({ min: 1, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 300, noNaN: true }),
        (n, a, patience, t) => {
          const input = { servers: n, arrivalRate: a / 120, meanServiceTime: 120, meanPatience: patience };
          const res = erlangA(input);
          const more = erlangA({ ...input, servers: n + 1 });
          for (const p of [res.probWait, res.probAbandon, res.probAnsweredWithin(t)]) {
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual(1);
          }
          expect(res.probAbandon).toBeLessThanOrEqual(res.probWait + 1e-12);
          expect(res.meanQueueLength).toBeCloseTo(res.meanWait * input.arrivalRate, 9);
          expect(more.probAbandon).toBeLessThanOrEqual(res.probAbandon + 1e-12);
          expect(res.probAnsweredWithin(t)).toBeLessThanOrEqual(res.probAnsweredWithin(t + 10) + 1e-12);
          expect(res.probAnsweredWithin(t)).toBeLessThanOrEqual(1 - res.probAbandon + 1e-12);
          // with patience the wait probability sits between the loss and the pure-delay systems
          expect(res.probWait).toBeGreaterThanOrEqual(erlangB(n, a) - 1e-12);
          expect(res.probWait).toBeLessThanOrEqual(erlangC(n, a) + 1e-12);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('argument validation', () => {
  it.each([
    ['erlangB negative lines', () => erlangB(-1, 2), /servers must be a non-negative integer/],
    ['erlangB fractional lines', () => erlangB(2.5, 2), /servers/],
    ['erlangB NaN lines', () => erlangB(Number.NaN, 2), /servers/],
    ['erlangB negative load', () => erlangB(3, -0.1), /load must be a finite number >= 0/],
    ['erlangB infinite load', () => erlangB(3, Infinity), /load/],
    ['erlangC NaN load', () => erlangC(3, Number.NaN), /load/],
    ['erlangCMeanWait zero handle time', () => erlangCMeanWait(3, 1, 0), /meanServiceTime must be a finite number > 0/],
    ['erlangCMeanWait negative rate', () => erlangCMeanWait(3, -1, 10), /arrivalRate/],
    ['erlangCServiceLevel negative threshold', () => erlangCServiceLevel(3, 0.01, 10, -1), /thresholdSeconds/],
    ['erlangA negative patience', () => erlangA({ servers: 2, arrivalRate: 1, meanServiceTime: 1, meanPatience: -1 }), /meanPatience/],
    ['erlangA NaN patience', () => erlangA({ servers: 2, arrivalRate: 1, meanServiceTime: 1, meanPatience: Number.NaN }), /meanPatience/],
    ['erlangA fractional lines', () => erlangA({ servers: 1.5, arrivalRate: 1, meanServiceTime: 1, meanPatience: 1 }), /servers/],
    [
      'erlangA negative threshold',
      () => erlangA({ servers: 2, arrivalRate: 1, meanServiceTime: 1, meanPatience: 1 }).probAnsweredWithin(-5),
      /thresholdSeconds/,
    ],
    ['linesForBlocking zero target', () => linesForBlocking(5, 0), /targetBlocking must be in \(0, 1\]/],
    ['linesForBlocking target above 1', () => linesForBlocking(5, 1.5), /targetBlocking/],
    ['linesForServiceLevel target 1', () => linesForServiceLevel(1, 10, 20, 1), /targetServiceLevel/],
    ['linesForAnswerRate target 1', () => linesForAnswerRate({ arrivalRate: 1, meanServiceTime: 1, meanPatience: 1 }, 1), /targetAnswerRate/],
    ['offeredLoad negative', () => offeredLoad(-1, 10), /arrivalRatePerSecond/],
  ])('%s throws a RangeError', (_name, call, message) => {
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
  });

  it('refuses rather than hangs when the chain would be astronomically long', () => {
    expect(() => erlangA({ servers: 1, arrivalRate: 10, meanServiceTime: 1, meanPatience: 1e9 })).toThrow(RangeError);
  });
});
