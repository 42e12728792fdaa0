/**
 * A scenario compiled once for the runners that play it, the simulator (HelplineModel) and
 * replay: samplers per organisation and category, the concern draw, the menu's timing, pools,
 * line groups and routes, all by index. It is immutable, so one compiled scenario serves any
 * number of replications; and the draws a caller makes are its methods, so every runner draws
 * exactly as the simulator does, from the same streams in the same order.
 */
import { OUTCOMES, type LinePolicy, type NoLine, type Outcome, type Scenario } from '../../core/scenario/schema.ts';
import { compileSchedule, type WeeklySchedule } from '../../core/routing/schedule.ts';
import { SECONDS_PER_DAY, secondOfWeek } from '../../core/time/local-week.ts';
import { compileDistribution, type Sampler } from '../engine/distributions.ts';
import type { RandomStream } from '../engine/random.ts';
import { createArrivals, type ArrivalProcess } from './arrivals.ts';
import { MenuBehaviour, type MenuPress, type MenuResult } from './menu-behaviour.ts';
import { replicationStreams, type ReplicationStreams } from './streams.ts';

const ANSWERED = OUTCOMES.indexOf('answered');

/** Seconds from the horizon start. */
export interface CompiledHorizon {
  readonly end: number;
  /** Attempts arriving before this are not counted. */
  readonly warmup: number;
  /** Second of the local week at which the horizon starts. */
  readonly startWeek: number;
}

export interface CompiledCallers {
  readonly menuPatience: Sampler | undefined;
  readonly queuePatience: Sampler | undefined;
  readonly redial: CompiledRedial | undefined;
}

export interface CompiledRedial {
  readonly maxAttempts: number;
  readonly probability: Readonly<Record<Exclude<Outcome, 'answered'>, number>>;
  readonly delay: Sampler;
  /** The same probabilities by outcome index (OUTCOMES order; 0 for answered), for the simulator's hot path. */
  readonly byOutcome: Float64Array;
}

export interface CompiledOrganisation {
  readonly id: string;
  /** Handle time by category index. */
  readonly handle: readonly Sampler[];
  readonly wrapUp: Sampler | undefined;
}

export interface CompiledPool {
  readonly id: string;
  readonly policy: LinePolicy;
  /** Category indexes whose route includes this pool: the queues a freed line here may serve. */
  readonly serves: readonly number[];
}

/** One line entry of a pool: `count` lines of one organisation on one schedule. */
export interface CompiledLineGroup {
  readonly pool: number;
  readonly organisation: number;
  readonly count: number;
  readonly weight: number;
  readonly schedule: WeeklySchedule;
}

export interface CompiledRoute {
  /** Pool indexes in order: primary, then overflow. */
  readonly pools: readonly number[];
  readonly onNoLine: NoLine;
}

/** What one attempt decides as it starts: its whole menu phase and how long its caller would queue. */
export interface AttemptStart {
  menu: MenuResult;
  queuePatience: number;
}

export class CompiledScenario {
  readonly categoryIds: readonly string[];
  readonly categoryIndex: ReadonlyMap<string, number>;
  readonly organisationIds: readonly string[];
  readonly organisationIndex: ReadonlyMap<string, number>;
  readonly horizon: CompiledHorizon;
  /** Cumulative concern shares by category index. */
  readonly concernCumulative: readonly number[];
  readonly menu: MenuBehaviour;
  readonly callers: CompiledCallers;
  readonly organisations: readonly CompiledOrganisation[];
  readonly pools: readonly CompiledPool[];
  /** In pool order, then in each pool's line order. */
  readonly lineGroups: readonly CompiledLineGroup[];
  /** By category index. */
  readonly routes: readonly CompiledRoute[];

  constructor(readonly scenario: Scenario) {
    this.categoryIds = scenario.categories.map((c) => c.id);
    this.categoryIndex = indexById(this.categoryIds);
    this.organisationIds = scenario.organisations.map((o) => o.id);
    this.organisationIndex = indexById(this.organisationIds);
    this.horizon = compileHorizon(scenario);
    this.concernCumulative = cumulative(scenario.categories.map((c) => c.share));
    this.menu = new MenuBehaviour(scenario.menu, this.categoryIds, scenario.callers);
    this.callers = compileCallers(scenario);
    this.organisations = scenario.organisations.map((o) => compileOrganisation(o, this.categoryIds));
    this.routes = compileRoutes(scenario);
    this.pools = compilePools(scenario, this.routes);
    this.lineGroups = compileLineGroups(scenario, this.organisationIndex);
  }

  /** The random streams of one replication. */
  streams(seed: number, replication: number): ReplicationStreams {
    return replicationStreams(seed, replication, this.categoryIds);
  }

  /** A fresh arrival process: it keeps its place in time, so one per replication. */
  arrivals(): ArrivalProcess {
    return createArrivals(this.scenario.arrivals, this.scenario.horizon);
  }

  /** A fresh caller's concern (category index), by the concern shares. */
  drawConcern(rng: RandomStream): number {
    const u = rng.next();
    const cum = this.concernCumulative;
    for (let i = 0; i < cum.length - 1; i++) if (u < cum[i]!) return i;
    return cum.length - 1;
  }

  /**
   * Every draw an attempt makes as it starts, in a fixed order (menu patience, queue patience,
   * the menu phase), so variants stay in step. With `presses`, the menu's key presses are
   * appended to it.
   */
  drawAttemptStart(concern: number, streams: ReplicationStreams, presses?: MenuPress[]): AttemptStart {
    const own = streams.byCategory[concern]!;
    const { menuPatience, queuePatience } = this.callers;
    const patienceInMenu = menuPatience ? menuPatience(own.patience) : Infinity;
    const patienceInQueue = queuePatience ? queuePatience(own.patience) : Infinity;
    return { menu: this.menu.navigate(concern, patienceInMenu, own.menu, presses), queuePatience: patienceInQueue };
  }

  /** Talk time of a call of `category` answered by `organisation`, drawn when it is answered. */
  drawHandleTime(organisation: number, category: number, streams: ReplicationStreams): number {
    return this.organisations[organisation]!.handle[category]!(streams.byCategory[category]!.handle);
  }

  /** Wrap-up after that call, drawn when the talk ends; undefined if the organisation has none. */
  drawWrapUp(organisation: number, category: number, streams: ReplicationStreams): number | undefined {
    const wrapUp = this.organisations[organisation]!.wrapUp;
    return wrapUp && wrapUp(streams.byCategory[category]!.handle);
  }

  /**
   * Seconds until a caller of `concern` tries again after their attempt number `attempts` ended
   * in `outcome`; undefined if they do not.
   */
  drawRedialDelay(concern: number, attempts: number, outcome: Outcome, streams: ReplicationStreams): number | undefined {
    return this.drawRedialDelayAfter(concern, attempts, OUTCOMES.indexOf(outcome), streams);
  }

  /** `drawRedialDelay` with the outcome as its index in OUTCOMES. */
  drawRedialDelayAfter(concern: number, attempts: number, outcome: number, streams: ReplicationStreams): number | undefined {
    const redial = this.callers.redial;
    if (outcome === ANSWERED || redial === undefined || attempts >= redial.maxAttempts) return undefined;
    const p = redial.byOutcome[outcome]!;
    const rng = streams.byCategory[concern]!.redial;
    return p > 0 && rng.next() < p ? redial.delay(rng) : undefined;
  }
}

export function compileScenario(scenario: Scenario): CompiledScenario {
  return new CompiledScenario(scenario);
}

function indexById(ids: readonly string[]): ReadonlyMap<string, number> {
  return new Map(ids.map((id, i) => [id, i]));
}

function cumulative(weights: readonly number[]): number[] {
  let acc = 0;
  return weights.map((w) => (acc += w));
}

function compileHorizon(scenario: Scenario): CompiledHorizon {
  const end = scenario.horizon.days * SECONDS_PER_DAY;
  return { end, warmup: Math.min(end, scenario.horizon.warmupHours * 3600), startWeek: secondOfWeek(scenario.horizon.start) };
}

function compileCallers(scenario: Scenario): CompiledCallers {
  const { menuPatience, queuePatience, redial } = scenario.callers;
  return {
    menuPatience: menuPatience && compileDistribution(menuPatience),
    queuePatience: queuePatience && compileDistribution(queuePatience),
    redial: redial && {
      maxAttempts: redial.maxAttempts,
      probability: redial.probability,
      delay: compileDistribution(redial.delay),
      byOutcome: Float64Array.from(OUTCOMES, (o) => (o === 'answered' ? 0 : (redial.probability[o] ?? 0))),
    },
  };
}

function compileOrganisation(o: Scenario['organisations'][number], categoryIds: readonly string[]): CompiledOrganisation {
  const fallback = compileDistribution(o.handleTime.default);
  return {
    id: o.id,
    handle: categoryIds.map((id) => {
      const d = o.handleTime.byCategory?.[id];
      return d ? compileDistribution(d) : fallback;
    }),
    wrapUp: o.wrapUp && compileDistribution(o.wrapUp),
  };
}

function compileRoutes(scenario: Scenario): CompiledRoute[] {
  const poolIndex = indexById(scenario.pools.map((p) => p.id));
  return scenario.categories.map((c) => {
    const route = scenario.routing[c.id]!;
    return { pools: route.pools.map((id) => poolIndex.get(id)!), onNoLine: route.onNoLine };
  });
}

function compilePools(scenario: Scenario, routes: readonly CompiledRoute[]): CompiledPool[] {
  return scenario.pools.map((p, pi) => ({
    id: p.id,
    policy: p.policy,
    serves: routes.flatMap((route, ci) => route.pools.filter((pool) => pool === pi).map(() => ci)),
  }));
}

function compileLineGroups(scenario: Scenario, organisationIndex: ReadonlyMap<string, number>): CompiledLineGroup[] {
  return scenario.pools.flatMap((p, pool) =>
    p.lines.map((spec) => {
      const organisation = organisationIndex.get(spec.organisation)!;
      return {
        pool,
        organisation,
        count: spec.count,
        weight: spec.weight,
        schedule: compileSchedule(spec.schedule ?? scenario.organisations[organisation]!.schedule),
      };
    }),
  );
}
