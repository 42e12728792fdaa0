/**
 * Allocation: spread a fixed number of lines across line pools so as to answer the most
 * attempts (or the most weighted attempts, a weight per category), subject to minimum answer
 * rates per category.
 *
 * Method
 *  1. Baseline. The scenario as it stands is simulated (the first `replications` seeds); its
 *     hourly attempts and answer rates per category feed an analytic model (erlang-estimate.ts:
 *     Erlang B per pool for busy categories with overflow, Erlang A for queueing categories,
 *     hour by hour, redials as a fixed point).
 *  2. Greedy marginal analysis on that model. Starting from no lines in the pools being
 *     allocated, lines are added one at a time to the pool where the next line helps most:
 *     first where it cuts the total shortfall against the minimum answer rates, then where it
 *     adds the most to the goal. Erlang B/A answer rates are concave in the lines (after the
 *     first few), so this is near the analytic optimum.
 *  3. Simulated local search around the greedy allocation. The greedy allocation and every
 *     allocation one line-move away from it (one line from pool i to pool j) are simulated on
 *     common random numbers (the same seeds). If one of them beats the centre, it becomes the
 *     centre and its neighbourhood is simulated too, until the centre is the best or
 *     `MAX_ROUNDS` rounds. Allocations are ranked: those meeting every minimum answer rate (by the
 *     mean over replications) first, by the goal; then the others, by total shortfall.
 *  4. Deciding between the finalists (the best `FINALISTS`). The per-replication score
 *     (the goal, or minus the shortfall if the winner cannot meet the constraints) of the winner
 *     and the runner-up are compared pairwise; while the 95 % CI of the difference includes 0,
 *     replications are doubled (up to `maxReplications`) and the finalists re-ranked. If it still
 *     includes 0 the result says so: a tie, with the allocations the winner cannot be told from.
 *  5. If the best allocation misses a minimum answer rate, the constraints cannot be met with
 *     this many lines: for each missed category the analytic greedy is re-run to serve that
 *     category alone, and the simulated rate of that allocation is reported as the best
 *     achievable. (The command then exits with code 3.)
 *  6. The recommended allocation is compared with the current scenario on common random
 *     numbers (compare.ts): per-category answer rates with CIs and the paired change.
 *
 * Pools are resized keeping their organisation mix (pool-lines.ts, D'Hondt over the current
 * counts); "lines" are line entries whatever their staffed hours.
 */
import type { Scenario } from '../../core/scenario/schema.ts';
import type { ReplicationFigures } from '../model/metrics.ts';
import { PROPORTION, summarise, type Stat } from '../report/stat.ts';
import { runPaired } from '../run/run-many.ts';
import type { Runner } from '../run/runner.ts';
import { compareScenarios, difference, type ComparedGroup, type Difference } from './compare.ts';
import { ErlangEstimate, type Estimate } from './erlang-estimate.ts';
import { poolLineCount, withPoolLines } from './pool-lines.ts';

export const GOALS = ['answered', 'weighted'] as const;
export type Goal = (typeof GOALS)[number];

export const MAX_ROUNDS = 10;
export const FINALISTS = 3;

export interface AllocationRequest {
  totalLines: number;
  /** pools whose lines are reallocated; every pool if absent */
  pools?: readonly string[];
  /** minimum answer rate (answered / attempts) per category */
  minRates?: Readonly<Record<string, number>>;
  goal: Goal;
  /** weight per category for the weighted goal; 1 where absent */
  weights?: Readonly<Record<string, number>>;
  seed: number;
  /** replications per allocation in the search */
  replications: number;
  /** replications per finalist at most, to separate the winner from the runner-up */
  maxReplications: number;
  runner: Runner;
  /** one line per phase, for a person watching */
  log?: (message: string) => void;
}

export type Allocation = Record<string, number>;

export interface ConstraintResult {
  category: string;
  min: number;
  rate: Stat;
  met: boolean;
  /** when not met: the category's simulated rate with the lines arranged for it alone */
  bestAchievable?: { lines: Allocation; rate: Stat };
}

export interface AllocationResult {
  goal: Goal;
  weights: Record<string, number>;
  totalLines: number;
  seed: number;
  /** replications behind the final figures */
  replications: number;
  pools: Array<{ id: string; current: number; recommended: number; change: number }>;
  recommended: Allocation;
  feasible: boolean;
  constraints: ConstraintResult[];
  /** goal per replication: mean and CI */
  goalValue: Stat;
  decision: {
    runnerUp: Allocation | null;
    /** winner − runner-up, per replication, in the score that ranked them */
    difference: Difference | null;
    /** the winner is significantly better than every other finalist */
    significant: boolean;
    /** finalists the winner is not significantly better than */
    tiedWith: Allocation[];
  };
  search: { greedy: Allocation; simulatedAllocations: number; rounds: number };
  /** recommended vs the current scenario, per category and overall */
  comparison: ComparedGroup[];
}

/** A request that does not fit the scenario: unknown pool or category, rate outside (0, 1]. */
export class AllocationInputError extends Error {}

interface Evaluated {
  lines: number[];
  key: string;
  goal: number[];
  /** per replication, per constrained category: answer rate */
  rates: Record<string, number[]>;
  meanGoal: number;
  meanRates: Record<string, number>;
  shortfall: number;
}

export async function allocateLines(scenario: Scenario, request: AllocationRequest): Promise<AllocationResult> {
  const search = new AllocationSearch(scenario, request, checkRequest(scenario, request));
  const model = await search.estimateFromBaseline();
  const greedy = search.greedyOnEstimate(model);
  const { evaluated, rounds } = await search.localSearch(greedy);
  const { finalists, replications } = await search.separateWinner(evaluated);
  const constraints = await search.constraintResults(finalists[0]!, replications, model);
  const comparison = await search.compareWithCurrent(finalists[0]!, replications);
  return search.result({ greedy, simulatedAllocations: evaluated.length, rounds, finalists, replications, constraints, comparison });
}

/** What the search found, for the result. */
interface SearchOutcome {
  greedy: number[];
  simulatedAllocations: number;
  rounds: number;
  /** best first */
  finalists: Evaluated[];
  replications: number;
  constraints: ConstraintResult[];
  comparison: ComparedGroup[];
}

/** The steps of an allocation (the method above), sharing the request and the pools allocated. */
class AllocationSearch {
  private readonly minRates: Readonly<Record<string, number>>;
  private readonly weights: Record<string, number>;
  private readonly log: (message: string) => void;

  constructor(
    private readonly scenario: Scenario,
    private readonly request: AllocationRequest,
    private readonly poolIds: readonly string[],
  ) {
    this.minRates = request.minRates ?? {};
    this.weights = Object.fromEntries(scenario.categories.map((c) => [c.id, request.goal === 'weighted' ? (request.weights?.[c.id] ?? 1) : 1]));
    this.log = request.log ?? (() => {});
  }

  /** Baseline: the scenario as it stands, simulated, feeds the analytic model. */
  async estimateFromBaseline(): Promise<ErlangEstimate> {
    const { seed, runner, replications } = this.request;
    this.log(`baseline: simulating the current scenario (${replications} replications)`);
    const [baseline] = await runPaired([this.scenario], { seed, replications, runner });
    return new ErlangEstimate(this.scenario, baseline!);
  }

  /** Greedy marginal analysis on the model: first cut the shortfall against the minimum rates, then add to the goal. */
  greedyOnEstimate(model: ErlangEstimate): number[] {
    const greedy = greedyAllocation(this.poolIds, this.request.totalLines, (lines) => {
      const e = model.estimate(this.toRecord(lines));
      return [-this.estimatedShortfall(e), this.estimatedGoal(e)];
    });
    this.log(`greedy on the Erlang estimate: ${format(this.toRecord(greedy))}`);
    return greedy;
  }

  /** Simulated local search: move to the best one-line move until the centre is the best, or MAX_ROUNDS. */
  async localSearch(greedy: number[]): Promise<{ evaluated: Evaluated[]; rounds: number }> {
    const seen = new Map<string, Evaluated>();
    let centre = greedy;
    let rounds = 0;
    while (rounds < MAX_ROUNDS) {
      rounds++;
      const todo = [centre, ...neighbours(centre)].filter((lines) => !seen.has(lines.join(',')));
      this.log(`round ${rounds}: simulating ${todo.length} allocations around ${format(this.toRecord(centre))}`);
      for (const e of await this.evaluate(todo, this.request.replications)) seen.set(e.key, e);
      const best = [...seen.values()].sort(rank)[0]!;
      if (best.key === centre.join(',')) break;
      centre = best.lines;
    }
    return { evaluated: [...seen.values()], rounds };
  }

  /** The finalists, with replications doubled until the winner is significantly better than each, or the cap. */
  async separateWinner(evaluated: readonly Evaluated[]): Promise<{ finalists: Evaluated[]; replications: number }> {
    let replications = this.request.replications;
    let finalists = finalistsOf(evaluated);
    for (;;) {
      const versus = finalistDifferences(finalists, this.minRates);
      if (versus.every((d) => d.significant) || replications >= this.request.maxReplications) break;
      replications = Math.min(this.request.maxReplications, replications * 2);
      // runPaired starts at replication 0, so the first ones run again: cheap for a few finalists
      this.log(`winner not yet significantly better: ${finalists.length} finalists with ${replications} replications`);
      finalists = finalistsOf(await this.evaluate(finalists.map((f) => f.lines), replications));
    }
    return { finalists, replications };
  }

  /** Each minimum rate, met or not; for one not met, the rate the lines give when arranged for that category alone. */
  async constraintResults(winner: Evaluated, replications: number, model: ErlangEstimate): Promise<ConstraintResult[]> {
    const constraints: ConstraintResult[] = [];
    for (const [category, min] of Object.entries(this.minRates)) {
      const rate = summarise(winner.rates[category]!, PROPORTION);
      const met = winner.meanRates[category]! >= min;
      const result: ConstraintResult = { category, min, rate, met };
      if (!met) result.bestAchievable = await this.bestAchievable(category, replications, model);
      constraints.push(result);
    }
    return constraints;
  }

  private async bestAchievable(category: string, replications: number, model: ErlangEstimate): Promise<ConstraintResult['bestAchievable']> {
    const alone = greedyAllocation(this.poolIds, this.request.totalLines, (lines) => {
      const e = model.estimate(this.toRecord(lines));
      return [e.answered[category]! / e.attempts[category]!];
    });
    const [best] = await this.evaluate([alone], replications);
    return { lines: this.toRecord(alone), rate: summarise(best!.rates[category]!, PROPORTION) };
  }

  /** The winner against the current allocation, on common random numbers. */
  async compareWithCurrent(winner: Evaluated, replications: number): Promise<ComparedGroup[]> {
    const recommended = this.toRecord(winner.lines);
    this.log(`comparing ${format(recommended)} with the current allocation`);
    const { seed, runner } = this.request;
    const allocated = withPoolLines(this.scenario, recommended, `${this.scenario.name} (allocated)`);
    const comparison = await compareScenarios(this.scenario, [allocated], { seed, replications, runner });
    return comparison.variants[0]!.groups;
  }

  result(outcome: SearchOutcome): AllocationResult {
    const { finalists, replications, constraints } = outcome;
    const winner = finalists[0]!;
    const versus = finalistDifferences(finalists, this.minRates);
    const recommended = this.toRecord(winner.lines);
    return {
      goal: this.request.goal,
      weights: this.weights,
      totalLines: this.request.totalLines,
      seed: this.request.seed,
      replications,
      pools: this.poolIds.map((id) => {
        const current = poolLineCount(this.scenario.pools.find((p) => p.id === id)!);
        return { id, current, recommended: recommended[id]!, change: recommended[id]! - current };
      }),
      recommended,
      feasible: constraints.every((c) => c.met),
      constraints,
      goalValue: summarise(winner.goal),
      decision: {
        runnerUp: finalists[1] ? this.toRecord(finalists[1].lines) : null,
        difference: versus[0] ?? null,
        significant: versus.every((d) => d.significant),
        tiedWith: finalists.slice(1).filter((_, i) => !versus[i]!.significant).map((f) => this.toRecord(f.lines)),
      },
      search: { greedy: this.toRecord(outcome.greedy), simulatedAllocations: outcome.simulatedAllocations, rounds: outcome.rounds },
      comparison: outcome.comparison,
    };
  }

  /** Simulates allocations on the same seeds and scores them. */
  private async evaluate(allocations: number[][], replications: number): Promise<Evaluated[]> {
    const { seed, runner } = this.request;
    const scenarios = allocations.map((lines) => withPoolLines(this.scenario, this.toRecord(lines)));
    const runs = await runPaired(scenarios, { seed, replications, runner, totalsOnly: true });
    return allocations.map((lines, i) => this.scored(lines, runs[i]!));
  }

  private scored(lines: number[], reps: readonly ReplicationFigures[]): Evaluated {
    const rates = Object.fromEntries(Object.keys(this.minRates).map((c) => [c, reps.map((r) => r.categories[c]!.answerRate)]));
    const meanRates = Object.fromEntries(Object.entries(rates).map(([c, xs]) => [c, summarise(xs).mean ?? 0]));
    const goal = reps.map((figures) => this.goalOf(figures));
    return {
      lines,
      key: lines.join(','),
      goal,
      rates,
      meanGoal: summarise(goal).mean ?? 0,
      meanRates,
      shortfall: Object.entries(this.minRates).reduce((sum, [c, min]) => sum + Math.max(0, min - meanRates[c]!), 0),
    };
  }

  private toRecord(lines: readonly number[]): Allocation {
    return Object.fromEntries(this.poolIds.map((id, i) => [id, lines[i]!]));
  }

  /** Answered attempts in one replication, weighted per category. */
  private goalOf(figures: ReplicationFigures): number {
    return this.scenario.categories.reduce((sum, c) => sum + this.weights[c.id]! * figures.categories[c.id]!.answered, 0);
  }

  private estimatedGoal(e: Estimate): number {
    return this.scenario.categories.reduce((sum, c) => sum + this.weights[c.id]! * e.answered[c.id]!, 0);
  }

  private estimatedShortfall(e: Estimate): number {
    return Object.entries(this.minRates).reduce((sum, [c, min]) => sum + Math.max(0, min - e.answered[c]! / e.attempts[c]!), 0);
  }
}

/** Pools in the allocation; throws AllocationInputError for a request the scenario cannot take. */
function checkRequest(scenario: Scenario, request: AllocationRequest): string[] {
  const known = new Set(scenario.pools.map((p) => p.id));
  const poolIds = request.pools ? [...request.pools] : [...known];
  for (const id of poolIds) if (!known.has(id)) throw new AllocationInputError(`unknown pool "${id}" (pools: ${[...known].join(', ')})`);
  if (new Set(poolIds).size !== poolIds.length) throw new AllocationInputError('a pool is listed twice');
  if (poolIds.length === 0) throw new AllocationInputError('no pools to allocate');
  if (!Number.isSafeInteger(request.totalLines) || request.totalLines < 0) {
    throw new AllocationInputError(`total lines must be a whole number ≥ 0, got ${request.totalLines}`);
  }
  const categories = new Set(scenario.categories.map((c) => c.id));
  const checkCategory = (id: string): void => {
    if (!categories.has(id)) throw new AllocationInputError(`unknown category "${id}" (categories: ${[...categories].join(', ')})`);
  };
  for (const [id, min] of Object.entries(request.minRates ?? {})) {
    checkCategory(id);
    if (!(min > 0 && min <= 1)) throw new AllocationInputError(`minimum answer rate for "${id}" must be in (0, 1], got ${min}`);
  }
  for (const [id, w] of Object.entries(request.weights ?? {})) {
    checkCategory(id);
    if (!(Number.isFinite(w) && w >= 0)) throw new AllocationInputError(`weight for "${id}" must be a number ≥ 0, got ${w}`);
  }
  return poolIds;
}

/**
 * Marginal analysis: add lines one at a time where the score (compared element by element,
 * larger is better) rises most. Ties go to the pool listed first.
 */
function greedyAllocation(poolIds: readonly string[], total: number, score: (lines: number[]) => number[]): number[] {
  const lines = poolIds.map(() => 0);
  for (let added = 0; added < total; added++) {
    let best = -1;
    let bestScore: number[] = [];
    for (let p = 0; p < lines.length; p++) {
      lines[p]!++;
      const s = score(lines);
      lines[p]!--;
      if (best < 0 || compareScores(s, bestScore) > 0) {
        best = p;
        bestScore = s;
      }
    }
    lines[best]!++;
  }
  return lines;
}

function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** Every allocation that moves one line from one pool to another. */
function neighbours(lines: readonly number[]): number[][] {
  const out: number[][] = [];
  lines.forEach((n, from) => {
    if (n === 0) return;
    lines.forEach((_, to) => {
      if (to === from) return;
      const next = [...lines];
      next[from]!--;
      next[to]!++;
      out.push(next);
    });
  });
  return out;
}

/** Allocations meeting every minimum rate first, by goal; then the rest, by shortfall; exact ties by key, so runs repeat. */
function rank(a: Evaluated, b: Evaluated): number {
  if (a.shortfall !== b.shortfall) return a.shortfall - b.shortfall;
  if (a.meanGoal !== b.meanGoal) return b.meanGoal - a.meanGoal;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * The best allocations, all on the winner's side of the constraints: one that misses a minimum
 * rate has already lost to a winner that meets them all, whatever its goal.
 */
function finalistsOf(evaluated: readonly Evaluated[]): Evaluated[] {
  const sorted = [...evaluated].sort(rank);
  const feasible = sorted[0]!.shortfall === 0;
  return sorted.filter((e) => (e.shortfall === 0) === feasible).slice(0, FINALISTS);
}

/**
 * Winner minus each other finalist, replication by replication, in the score that ranked them:
 * the goal if the winner meets the constraints, else minus the shortfall.
 */
function finalistDifferences(finalists: readonly Evaluated[], minRates: Readonly<Record<string, number>>): Difference[] {
  const winner = finalists[0]!;
  const score = (e: Evaluated): number[] =>
    winner.shortfall === 0
      ? e.goal
      : e.goal.map((_, r) => -Object.entries(minRates).reduce((sum, [c, min]) => sum + Math.max(0, min - e.rates[c]![r]!), 0));
  return finalists.slice(1).map((other) => difference(score(other), score(winner)));
}

export function format(allocation: Readonly<Allocation>): string {
  return Object.entries(allocation)
    .map(([id, n]) => `${id} ${n}`)
    .join(', ');
}
