/**
 * A quick analytic estimate of answered attempts per category for any number of lines per
 * pool, used by `allocate` to narrow its search before the simulator decides. It is an
 * approximation on purpose; its job is to rank allocations roughly, fast.
 *
 * Traffic comes from a baseline simulation, hour of day by hour of day: the attempts routed to
 * each category and the share answered. Redials make attempts depend on the allocation, so the
 * baseline attempts are turned back into fresh traffic φ = λ / S(b), where S(b) =
 * Σ_{k<K} (b·r)^k is the attempts per caller when each attempt fails with probability b and a
 * failed caller redials with probability r (the scenario's redial probability after a busy
 * message, or after abandoning for a queueing category), at most K attempts. For a candidate
 * allocation the attempt rate λ = φ·S(b(λ)) is then solved by damped fixed-point iteration.
 *
 * Each hour of the measured horizon is one stationary period (the hour's mean traffic over the
 * horizon's days, with the lines on duty at the middle of that hour on that day):
 *   - a busy category gets through to a pool of its route unless every pool is full; pool
 *     blocking is Erlang B of the lines on duty and the load offered to it, overflow from an
 *     earlier pool offered on as if it were Poisson (it is burstier: optimistic);
 *   - a queueing category gets Erlang A on all the lines of its route and all the traffic those
 *     pools carry, with the mean queue patience cut at the route's maximum wait (maxLength is
 *     ignored). Without patience it is Erlang C, whose answered share is min(1, lines / load).
 * Handle time per category and pool is the mean talk plus wrap-up of the pool's organisations,
 * weighted by their current line counts.
 */
import { erlangA, erlangB } from '../../core/analytic/erlang.ts';
import { compileSchedule, isOnDuty } from '../../core/routing/schedule.ts';
import type { Scenario } from '../../core/scenario/schema.ts';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, secondOfWeek, weekPosition } from '../../core/time/local-week.ts';
import { distributionMean } from '../engine/distributions.ts';
import type { ReplicationFigures } from '../model/metrics.ts';
import { entryCounts, poolLineCount } from './pool-lines.ts';

export interface Estimate {
  /** expected over the measured horizon, per category */
  attempts: Record<string, number>;
  answered: Record<string, number>;
}

export type LineCounts = Readonly<Record<string, number>>;

interface Period {
  hour: number;
  /** how many hours of the measured horizon look like this one */
  weight: number;
  /** [pool][entry] */
  onDuty: boolean[][];
}

interface CategoryModel {
  route: number[];
  queue: boolean;
  patience: number;
  redial: number;
  /** mean handle seconds in each pool of the route */
  handle: number[];
  /** fresh attempts per second, by hour of day */
  fresh: number[];
}

const FIXED_POINT_ROUNDS = 200;
const FIXED_POINT_TOLERANCE = 1e-5;

export class ErlangEstimate {
  private readonly periods: Period[];
  private readonly categories: CategoryModel[];
  private readonly maxAttempts: number;
  private readonly countCache = new Map<string, number[]>();

  constructor(
    private readonly scenario: Scenario,
    baseline: readonly ReplicationFigures[],
  ) {
    this.periods = measuredPeriods(scenario);
    this.maxAttempts = scenario.callers.redial?.maxAttempts ?? 1;
    const hoursOfDay = Array.from({ length: 24 }, (_, h) =>
      this.periods.filter((p) => p.hour === h).reduce((sum, p) => sum + p.weight, 0),
    );
    const poolIndex = new Map(scenario.pools.map((p, i) => [p.id, i]));
    this.categories = scenario.categories.map((c) => {
      const route = scenario.routing[c.id]!;
      const queue = route.onNoLine.action === 'queue';
      const redial = scenario.callers.redial?.probability[queue ? 'abandoned_in_queue' : 'blocked'] ?? 0;
      const fresh = hoursOfDay.map((hours, h) => {
        const attempts = mean(baseline.map((r) => r.hourly[c.id]!.attempts[h]!));
        const answered = mean(baseline.map((r) => r.hourly[c.id]!.answered[h]!));
        if (attempts === 0 || hours === 0) return 0;
        return attempts / (hours * SECONDS_PER_HOUR) / this.attemptsPerCaller(1 - answered / attempts, redial);
      });
      return {
        route: route.pools.map((id) => poolIndex.get(id)!),
        queue,
        patience: route.onNoLine.action === 'queue' ? effectivePatience(scenario, route.onNoLine.maxWaitSeconds) : 0,
        redial,
        handle: route.pools.map((id) => meanHandle(scenario, id, c.id)),
        fresh,
      };
    });
  }

  /** Expected attempts and answered attempts per category with these lines (pools not named keep theirs). */
  estimate(lines: LineCounts): Estimate {
    const counts = this.scenario.pools.map((pool) => this.entryCounts(pool.id, lines[pool.id] ?? poolLineCount(pool)));
    const attempts: Record<string, number> = {};
    const answered: Record<string, number> = {};
    for (const c of this.scenario.categories) {
      attempts[c.id] = 0;
      answered[c.id] = 0;
    }
    for (const period of this.periods) {
      const onDuty = counts.map((entries, p) => entries.reduce((sum, n, e) => sum + (period.onDuty[p]![e] ? n : 0), 0));
      const { rate, answerProbability } = this.solvePeriod(period.hour, onDuty);
      this.scenario.categories.forEach((c, i) => {
        const n = rate[i]! * SECONDS_PER_HOUR * period.weight;
        attempts[c.id]! += n;
        answered[c.id]! += n * answerProbability[i]!;
      });
    }
    return { attempts, answered };
  }

  private entryCounts(poolId: string, n: number): number[] {
    const key = `${poolId}:${n}`;
    let counts = this.countCache.get(key);
    if (counts === undefined) {
      counts = entryCounts(this.scenario.pools.find((p) => p.id === poolId)!, n);
      this.countCache.set(key, counts);
    }
    return counts;
  }

  private attemptsPerCaller(failure: number, redial: number): number {
    const q = failure * redial;
    let sum = 0;
    for (let k = 0, term = 1; k < this.maxAttempts; k++, term *= q) sum += term;
    return sum;
  }

  /** Attempt rates and answer probabilities per category in one stationary hour. */
  private solvePeriod(hour: number, lines: readonly number[]): { rate: number[]; answerProbability: number[] } {
    const fresh = this.categories.map((c) => c.fresh[hour]!);
    let rate = fresh.slice();
    let answerProbability = this.answerProbabilities(rate, lines);
    for (let round = 0; round < FIXED_POINT_ROUNDS; round++) {
      const next = this.categories.map((c, i) => fresh[i]! * this.attemptsPerCaller(1 - answerProbability[i]!, c.redial));
      const change = Math.max(0, ...next.map((x, i) => Math.abs(x - rate[i]!) / Math.max(x, 1e-12)));
      // damped: the attempt rate and the blocking push each other up, plain iteration can overshoot
      rate = next.map((x, i) => (x + rate[i]!) / 2);
      answerProbability = this.answerProbabilities(rate, lines);
      if (change < FIXED_POINT_TOLERANCE) break;
    }
    return { rate, answerProbability };
  }

  private answerProbabilities(rate: readonly number[], lines: readonly number[]): number[] {
    const nPools = lines.length;
    let blocking = new Array<number>(nPools).fill(0);
    let offered = new Array<number>(nPools).fill(0);
    let load = new Array<number>(nPools).fill(0);
    // overflow chains are short: a few passes settle the blocking of every pool
    for (let pass = 0; pass <= nPools; pass++) {
      offered = new Array<number>(nPools).fill(0);
      load = new Array<number>(nPools).fill(0);
      this.categories.forEach((c, i) => {
        let reaching = rate[i]!;
        c.route.forEach((p, k) => {
          offered[p]! += reaching;
          load[p]! += reaching * c.handle[k]!;
          reaching = c.queue ? 0 : reaching * blocking[p]!;
        });
      });
      blocking = lines.map((n, p) => erlangB(n, load[p]!));
    }
    return this.categories.map((c) => {
      if (!c.queue) return 1 - c.route.reduce((product, p) => product * blocking[p]!, 1);
      const servers = c.route.reduce((sum, p) => sum + lines[p]!, 0);
      const arrivals = c.route.reduce((sum, p) => sum + offered[p]!, 0);
      const erlangs = c.route.reduce((sum, p) => sum + load[p]!, 0);
      if (arrivals === 0) return servers > 0 ? 1 : 0;
      const result = erlangA({ servers, arrivalRate: arrivals, meanServiceTime: erlangs / arrivals, meanPatience: c.patience });
      return Number.isFinite(result.meanWait) ? 1 - result.probAbandon : Math.min(1, servers / erlangs);
    });
  }
}

/** The hours of the measured horizon, grouped by hour of day and which line entries are on duty. */
function measuredPeriods(scenario: Scenario): Period[] {
  const start = secondOfWeek(scenario.horizon.start);
  const schedules = scenario.pools.map((pool) =>
    pool.lines.map((entry) =>
      compileSchedule(entry.schedule ?? scenario.organisations.find((o) => o.id === entry.organisation)!.schedule),
    ),
  );
  const end = scenario.horizon.days * SECONDS_PER_DAY;
  const warmup = scenario.horizon.warmupHours * SECONDS_PER_HOUR;
  const periods = new Map<string, Period>();
  for (let t0 = 0; t0 < end; t0 += SECONDS_PER_HOUR) {
    const middle = t0 + SECONDS_PER_HOUR / 2;
    if (middle < warmup || middle >= end) continue;
    const week = weekPosition(start, middle);
    const hour = Math.floor((week % SECONDS_PER_DAY) / SECONDS_PER_HOUR);
    const onDuty = schedules.map((entries) => entries.map((s) => isOnDuty(s, week)));
    const key = `${hour}:${JSON.stringify(onDuty)}`;
    const period = periods.get(key);
    if (period) period.weight++;
    else periods.set(key, { hour, weight: 1, onDuty });
  }
  return [...periods.values()];
}

/** Mean queue patience, cut at the maximum wait: E[min(X, W)] = m·(1 − e^(−W/m)) for exponential X. */
function effectivePatience(scenario: Scenario, maxWait: number | undefined): number {
  const patience = scenario.callers.queuePatience;
  const m = patience ? distributionMean(patience) : Infinity;
  const w = maxWait ?? Infinity;
  if (m === Infinity) return w;
  if (w === Infinity) return m;
  return m * (1 - Math.exp(-w / m));
}

function meanHandle(scenario: Scenario, poolId: string, categoryId: string): number {
  const pool = scenario.pools.find((p) => p.id === poolId)!;
  const weights = entryCounts(pool, Math.max(1, poolLineCount(pool)));
  let sum = 0;
  let total = 0;
  pool.lines.forEach((entry, i) => {
    const org = scenario.organisations.find((o) => o.id === entry.organisation)!;
    const talk = distributionMean(org.handleTime.byCategory?.[categoryId] ?? org.handleTime.default);
    sum += weights[i]! * (talk + (org.wrapUp ? distributionMean(org.wrapUp) : 0));
    total += weights[i]!;
  });
  return sum / total;
}

function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}
