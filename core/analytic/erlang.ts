/**
 * Analytic queueing formulas for a single line pool with Poisson arrivals and exponential
 * handle times: Erlang B (busy signal, no queue), Erlang C (queue, infinitely patient callers)
 * and Erlang A (queue, callers who give up after an exponential patience).
 *
 * Planners use them for a quick first estimate, and the simulator is checked against them
 * (design.md, "Analytic cross-check"). Everything here is pure and synchronous.
 *
 * Units: rates are per second, times are in seconds, load is in Erlangs (arrival rate ×
 * mean handle time). Nothing computes a factorial or a power of the load directly, so the
 * functions stay finite for pools of 10,000 lines and loads of 10,000 Erlangs.
 */

// ---------------------------------------------------------------------------------------------
// argument checks

function checkServers(fn: string, servers: number): void {
  if (!Number.isSafeInteger(servers) || servers < 0) {
    throw new RangeError(`${fn}: servers must be a non-negative integer, got ${String(servers)}`);
  }
}

function checkNonNegative(fn: string, name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${fn}: ${name} must be a finite number >= 0, got ${String(value)}`);
  }
}

function checkPositive(fn: string, name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${fn}: ${name} must be a finite number > 0, got ${String(value)}`);
  }
}

/** A waiting-time threshold: >= 0; +Infinity is allowed and means "eventually". */
function checkThreshold(fn: string, name: string, value: number): void {
  if (Number.isNaN(value) || value < 0) {
    throw new RangeError(`${fn}: ${name} must be a number >= 0, got ${String(value)}`);
  }
}

/** A probability target strictly inside the interval the caller allows. */
function checkTarget(fn: string, name: string, value: number, lo: number, hi: number, hiOpen: boolean): void {
  const ok = Number.isFinite(value) && value > lo && (hiOpen ? value < hi : value <= hi);
  if (!ok) {
    const range = `(${lo}, ${hi}${hiOpen ? ')' : ']'}`;
    throw new RangeError(`${fn}: ${name} must be in ${range}, got ${String(value)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// offered load

/** Offered load in Erlangs: arrival rate (per second) × mean handle time (seconds). */
export function offeredLoad(arrivalRatePerSecond: number, meanServiceSeconds: number): number {
  checkNonNegative('offeredLoad', 'arrivalRatePerSecond', arrivalRatePerSecond);
  checkNonNegative('offeredLoad', 'meanServiceSeconds', meanServiceSeconds);
  return arrivalRatePerSecond * meanServiceSeconds;
}

// ---------------------------------------------------------------------------------------------
// Erlang B

/** B(k) from B(k-1); every quantity is in [0, 1], so nothing overflows or cancels. */
function erlangBStep(k: number, load: number, previous: number): number {
  const x = load * previous;
  return x / (k + x);
}

/**
 * Erlang B: probability that a call finds all `servers` lines busy and is lost (M/M/n/n;
 * by insensitivity it holds for any handle-time distribution with the same mean).
 * Recurrence B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)) — the standard stable evaluation
 * (Jagerman 1974, "Some properties of the Erlang loss function").
 */
export function erlangB(servers: number, load: number): number {
  checkServers('erlangB', servers);
  checkNonNegative('erlangB', 'load', load);
  let b = 1;
  for (let k = 1; k <= servers; k++) b = erlangBStep(k, load, b);
  return b;
}

/** Smallest number of lines whose Erlang B blocking is <= `targetBlocking` (in (0, 1]). */
export function linesForBlocking(load: number, targetBlocking: number): number {
  checkNonNegative('linesForBlocking', 'load', load);
  checkTarget('linesForBlocking', 'targetBlocking', targetBlocking, 0, 1, false);
  let n = 0;
  let b = 1;
  // B falls faster than geometrically once n > A, so this ends near A + O(√A) steps.
  while (b > targetBlocking) {
    n += 1;
    b = erlangBStep(n, load, b);
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Erlang C

/** C from B for the same n and A: C = n·B / (n − A·(1 − B)) (e.g. Cooper, Introduction to Queueing Theory, 1981). */
function erlangCFromB(servers: number, load: number, b: number): number {
  return (servers * b) / (servers - load * (1 - b));
}

/**
 * Erlang C: probability that a caller has to wait in M/M/n with infinitely patient callers.
 * Returns 1 when load >= servers (no steady state: the queue grows without bound).
 * Computed from Erlang B, which keeps it stable for large n.
 */
export function erlangC(servers: number, load: number): number {
  checkServers('erlangC', servers);
  checkNonNegative('erlangC', 'load', load);
  if (load >= servers) return 1;
  return erlangCFromB(servers, load, erlangB(servers, load));
}

/**
 * Mean wait in queue over all callers (those answered at once count as 0 s) in M/M/n:
 * W = C(n, A) · s / (n − A)  (the "average speed of answer"). Infinity when load >= servers.
 */
export function erlangCMeanWait(servers: number, arrivalRate: number, meanServiceTime: number): number {
  checkServers('erlangCMeanWait', servers);
  checkNonNegative('erlangCMeanWait', 'arrivalRate', arrivalRate);
  checkPositive('erlangCMeanWait', 'meanServiceTime', meanServiceTime);
  const load = arrivalRate * meanServiceTime;
  if (load >= servers) return Infinity;
  return (erlangC(servers, load) * meanServiceTime) / (servers - load);
}

/**
 * Service level of M/M/n: P(wait <= t) = 1 − C(n, A)·exp(−(n − A)·t / s), since the wait of a
 * delayed FCFS caller is exponential with rate nμ − λ. Returns 0 when load >= servers (waits
 * grow without bound).
 */
export function erlangCServiceLevel(
  servers: number,
  arrivalRate: number,
  meanServiceTime: number,
  thresholdSeconds: number,
): number {
  checkServers('erlangCServiceLevel', servers);
  checkNonNegative('erlangCServiceLevel', 'arrivalRate', arrivalRate);
  checkPositive('erlangCServiceLevel', 'meanServiceTime', meanServiceTime);
  checkThreshold('erlangCServiceLevel', 'thresholdSeconds', thresholdSeconds);
  const load = arrivalRate * meanServiceTime;
  if (load >= servers) return 0;
  const c = erlangC(servers, load);
  return 1 - c * Math.exp((-(servers - load) * thresholdSeconds) / meanServiceTime);
}

/**
 * Smallest number of lines whose Erlang C service level P(wait <= thresholdSeconds) is at
 * least `targetServiceLevel` (in (0, 1)) — the classic "80 % answered within 20 s" sizing.
 */
export function linesForServiceLevel(
  arrivalRate: number,
  meanServiceTime: number,
  thresholdSeconds: number,
  targetServiceLevel: number,
): number {
  const fn = 'linesForServiceLevel';
  checkNonNegative(fn, 'arrivalRate', arrivalRate);
  checkPositive(fn, 'meanServiceTime', meanServiceTime);
  checkThreshold(fn, 'thresholdSeconds', thresholdSeconds);
  checkTarget(fn, 'targetServiceLevel', targetServiceLevel, 0, 1, true);
  const load = arrivalRate * meanServiceTime;
  // walk B up the recurrence and test C once the pool is stable (n > A)
  let b = 1;
  for (let n = 1; ; n++) {
    b = erlangBStep(n, load, b);
    if (n <= load) continue;
    const c = erlangCFromB(n, load, b);
    const serviceLevel = 1 - c * Math.exp((-(n - load) * thresholdSeconds) / meanServiceTime);
    if (serviceLevel >= targetServiceLevel) return n;
  }
}

// ---------------------------------------------------------------------------------------------
// Erlang A

export interface ErlangAInput {
  /** number of lines, integer >= 0 */
  servers: number;
  /** calls per second, >= 0 */
  arrivalRate: number;
  /** mean handle time in seconds, > 0 */
  meanServiceTime: number;
  /**
   * mean patience in seconds (exponential), >= 0. `Infinity` means callers never give up
   * (Erlang C); 0 means a caller who finds every line busy leaves at once (Erlang B).
   */
  meanPatience: number;
}

export interface ErlangAResult {
  /** P(an arriving caller finds every line busy and has to wait) */
  probWait: number;
  /** P(a caller gives up in the queue); the answer rate is 1 − probAbandon */
  probAbandon: number;
  /** mean time in queue in seconds over all callers (answered, abandoned, never delayed) */
  meanWait: number;
  /** mean number of callers waiting */
  meanQueueLength: number;
  /**
   * P(a caller is answered after waiting at most `thresholdSeconds`), over all callers;
   * callers who abandon count as not answered. Infinity gives 1 − probAbandon.
   */
  probAnsweredWithin(thresholdSeconds: number): number;
}

/** Rounding can push a sum of probabilities a few ulps past 1. */
function clamp01(p: number): number {
  return Math.min(1, Math.max(0, p));
}

/** Relative mass we are willing to drop from each tail of the stationary distribution. */
const TAIL_EPSILON = 1e-16;
/** The chain is walked state by state; beyond this many states we refuse rather than hang. */
const MAX_CHAIN_STATE = 20_000_000;

/**
 * Erlang A (M/M/n+M): Poisson arrivals, exponential handle times, exponential patience — the
 * Palm/Garnett-Mandelbaum-Reiman (2002) model of a call centre with abandonment.
 *
 * Computed exactly from the birth–death chain of the number K of callers in the system:
 * birth rate λ, death rate min(k, n)·μ + max(k − n, 0)·θ. The chain is stable for any load
 * when θ > 0. Stationary weights use the product form π(k+1)/π(k) = λ/death(k+1), anchored at
 * the mode (weight 1) and walked outward, so every weight is <= ~1 and nothing overflows; each
 * walk stops once a geometric bound on the rest of that tail is below 1e-16 of the mass so far.
 * Then, by PASTA and Little's law:
 *   probWait = P(K >= n), meanQueueLength = E[(K − n)+],
 *   meanWait = E[(K − n)+] / λ, probAbandon = θ·E[(K − n)+] / λ.
 */
export function erlangA(input: ErlangAInput): ErlangAResult {
  const fn = 'erlangA';
  const { servers: n, arrivalRate: lambda, meanServiceTime, meanPatience } = input;
  checkServers(fn, n);
  checkNonNegative(fn, 'arrivalRate', lambda);
  checkPositive(fn, 'meanServiceTime', meanServiceTime);
  if (Number.isNaN(meanPatience) || meanPatience < 0) {
    throw new RangeError(`${fn}: meanPatience must be a number >= 0 (Infinity allowed), got ${String(meanPatience)}`);
  }
  const checkT = (t: number): void => checkThreshold(fn, 'thresholdSeconds', t);

  if (lambda === 0) {
    return { probWait: 0, probAbandon: 0, meanWait: 0, meanQueueLength: 0, probAnsweredWithin: (t) => (checkT(t), 1) };
  }
  const load = lambda * meanServiceTime;

  if (meanPatience === 0) {
    // θ = ∞: whoever finds all lines busy leaves at once — the Erlang B loss system.
    const b = erlangB(n, load);
    return { probWait: b, probAbandon: b, meanWait: 0, meanQueueLength: 0, probAnsweredWithin: (t) => (checkT(t), 1 - b) };
  }
  if (meanPatience === Infinity) {
    // θ = 0: nobody leaves — Erlang C (no steady state when load >= servers).
    const c = erlangC(n, load);
    const meanWait = erlangCMeanWait(n, lambda, meanServiceTime);
    return {
      probWait: c,
      probAbandon: 0,
      meanWait,
      meanQueueLength: lambda * meanWait,
      probAnsweredWithin: (t) => (checkT(t), erlangCServiceLevel(n, lambda, meanServiceTime, t)),
    };
  }

  const mu = 1 / meanServiceTime;
  const theta = 1 / meanPatience;
  const death = (k: number): number => (k <= n ? k * mu : n * mu + (k - n) * theta);

  // mode: the largest k with death(k) <= λ (the weights rise up to it and fall after it)
  const mode = lambda <= n * mu ? Math.min(n, Math.floor(lambda / mu)) : n + Math.floor((lambda - n * mu) / theta);
  if (!(mode <= MAX_CHAIN_STATE)) {
    throw new RangeError(
      `${fn}: patience ${meanPatience} s is too long for this overload (the queue would hold ~${mode.toExponential(1)} callers); use erlangC`,
    );
  }

  // upward from the mode: π(k+1) = π(k)·λ/death(k+1); tail after k <= π(k)·r/(1−r), r decreasing
  const up: number[] = [1];
  let scanned = 1;
  for (let k = mode, term = 1; ; k++) {
    const r = lambda / death(k + 1);
    if (r < 1 && term * r <= TAIL_EPSILON * scanned * (1 - r)) break;
    if (k + 1 > MAX_CHAIN_STATE) {
      throw new RangeError(`${fn}: the queue tail extends past ${MAX_CHAIN_STATE} callers; use erlangC`);
    }
    term *= r;
    up.push(term);
    scanned += term;
  }
  // downward from the mode: π(k−1) = π(k)·death(k)/λ, ratio decreasing as k falls
  const down: number[] = [];
  for (let k = mode, term = 1; k > 0; k--) {
    const r = death(k) / lambda;
    if (r < 1 && term * r <= TAIL_EPSILON * scanned * (1 - r)) break;
    term *= r;
    down.push(term);
    scanned += term;
  }
  const kLow = mode - down.length;
  // weights[i] is the unnormalised weight of state kLow + i
  const weights = down.reverse().concat(up);
  const kHigh = kLow + weights.length - 1;

  // sum the two sides separately so that neither probability is found by cancellation
  let massNotDelayed = 0;
  let massDelayed = 0;
  let queueMass = 0;
  for (let k = kLow; k <= kHigh; k++) {
    const w = weights[k - kLow]!;
    if (k < n) {
      massNotDelayed += w;
    } else {
      massDelayed += w;
      queueMass += (k - n) * w;
    }
  }
  const mass = massNotDelayed + massDelayed;
  const probWait = clamp01(massDelayed / mass);
  const probNotDelayed = clamp01(massNotDelayed / mass);
  const meanQueueLength = queueMass / mass;
  const probAbandon = clamp01((theta * meanQueueLength) / lambda);

  /**
   * Virtual-wait argument (as in Mandelbaum & Zeltyn's Erlang-A formulae): a caller who finds
   * j others waiting would reach a line after V = sum of exponentials with rates nμ + iθ,
   * i = 0..j (FCFS; only those ahead matter), and is answered iff its own patience exceeds V.
   * That happens with probability nμ / (nμ + (j+1)θ), and given that, V is a sum of
   * exponentials with rates nμ + iθ, i = 1..j+1, whose density ∝ e^{−(nμ+θ)v}(1 − e^{−θv})^j
   * integrates to a negative-binomial tail: P(NB(size nμ/θ + 1, p = 1 − e^{−θt}) >= j + 1).
   * The NB pmf is walked in log space from q0 = e^{−(nμ+θ)t}, so it never overflows.
   */
  const probAnsweredWithin = (thresholdSeconds: number): number => {
    checkT(thresholdSeconds);
    const serviceRate = n * mu;
    const size = serviceRate / theta + 1;
    const logP = Math.log(-Math.expm1(-theta * thresholdSeconds));
    let logQ = -(serviceRate + theta) * thresholdSeconds;
    let cdf = 0;
    let answered = 0;
    for (let j = 0; n + j <= kHigh; j++) {
      cdf += Math.exp(logQ);
      const k = n + j;
      if (k >= kLow) {
        const w = weights[k - kLow]!;
        answered += (w * serviceRate * Math.max(0, 1 - cdf)) / (serviceRate + (j + 1) * theta);
      }
      logQ += logP + Math.log((size + j) / (j + 1));
    }
    return clamp01(probNotDelayed + answered / mass);
  };

  return { probWait, probAbandon, meanWait: meanQueueLength / lambda, meanQueueLength, probAnsweredWithin };
}

/**
 * Smallest number of lines whose Erlang A answer rate (1 − P(abandon)) is at least
 * `targetAnswerRate` (in (0, 1)). The answer rate rises with every added line, so this
 * doubles an upper bound and then bisects.
 */
export function linesForAnswerRate(
  input: Omit<ErlangAInput, 'servers'>,
  targetAnswerRate: number,
): number {
  const fn = 'linesForAnswerRate';
  checkTarget(fn, 'targetAnswerRate', targetAnswerRate, 0, 1, true);
  const meets = (servers: number): boolean => {
    const result = erlangA({ ...input, servers });
    // with infinite patience an unstable pool abandons nobody yet answers only n/A of calls
    if (!Number.isFinite(result.meanWait)) return false;
    return 1 - result.probAbandon >= targetAnswerRate;
  };
  if (meets(0)) return 0;
  let lo = 0; // fails
  let hi = 1;
  while (!meets(hi)) {
    lo = hi;
    hi *= 2;
    if (hi > 1e8) throw new RangeError(`${fn}: target answer rate ${targetAnswerRate} needs more than 1e8 lines`);
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (meets(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
