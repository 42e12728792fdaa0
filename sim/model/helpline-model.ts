/**
 * The helpline model: arrival → menu → routing → busy/queue → talk → wrap-up → redial.
 * A client of the simulation kernel (events in virtual time) and of the routing core (the
 * decisions). Every attempt ends in exactly one outcome, recorded once in `finish`.
 */
import type { Outcome, Scenario } from '../../src/core/scenario/schema.ts';
import { routeCall, type PoolView } from '../../src/core/routing/route-call.ts';
import { nextToServe, type QueuedCall } from '../../src/core/routing/queue-order.ts';
import { compileSchedule, isOnDuty, secondsUntilChange, type WeeklySchedule } from '../../src/core/routing/schedule.ts';
import { SECONDS_PER_DAY, hourOfDay, secondOfWeek, weekPosition } from '../../src/core/time/local-week.ts';
import { Simulation } from '../engine/simulation.ts';
import { createStreams, type RandomStream } from '../engine/random.ts';
import { compileDistribution, type Sampler } from '../engine/distributions.ts';
import { createArrivals } from './arrivals.ts';
import { MenuBehaviour } from './menu-behaviour.ts';
import { Metrics, OUTCOME_INDEX, type ReplicationFigures } from './metrics.ts';

/**
 * Random streams. Fresh arrivals and their concerns come from shared streams; everything a
 * caller does (menu, patience, redial) draws from their concern's own stream, and talk times
 * from the answered category's own stream. So a change that touches one category leaves the
 * random numbers of every other category exactly as they were (common random numbers hold
 * category by category, not only in total).
 */
const SHARED_STREAMS = ['arrivals', 'concern', 'routing'] as const;
const PER_CATEGORY_STREAMS = ['menu', 'patience', 'redial', 'handle'] as const;
type PerCategory = Record<(typeof PER_CATEGORY_STREAMS)[number], RandomStream>;

export function categoryStreams(
  seed: number,
  replication: number,
  categoryIds: readonly string[],
): { shared: Record<(typeof SHARED_STREAMS)[number], RandomStream>; byCategory: PerCategory[] } {
  // named by category id: adding or reordering categories leaves the others' numbers alone
  const name = (purpose: string, id: string): string => `${purpose}:${id}`;
  const names = [...SHARED_STREAMS, ...categoryIds.flatMap((id) => PER_CATEGORY_STREAMS.map((p) => name(p, id)))];
  const all = createStreams(seed, replication, names);
  return {
    shared: { arrivals: all.arrivals!, concern: all.concern!, routing: all.routing! },
    byCategory: categoryIds.map((id) => ({
      menu: all[name('menu', id)]!,
      patience: all[name('patience', id)]!,
      redial: all[name('redial', id)]!,
      handle: all[name('handle', id)]!,
    })),
  };
}

const enum Ev {
  Arrival,
  MenuDone,
  QueueTimeout,
  TalkEnd,
  WrapEnd,
  ShiftChange,
  Redial,
  Drain,
}

/** How long after the horizon the model lets calls in progress finish before it stops. */
const DRAIN_SECONDS = SECONDS_PER_DAY;

interface Caller {
  concern: number;
  attempts: number;
  everAnswered: boolean;
  counted: boolean;
}

interface Attempt extends QueuedCall {
  caller: Caller;
  seq: number;
  arrivedAt: number;
  counted: boolean;
  category: number;
  priority: number;
  enqueuedAt: number;
  /** Seconds this caller would wait in a queue, drawn when the attempt starts. */
  patience: number;
  waiting: boolean;
  /** Outcome if the queue timer fires: the caller's patience or the queue's maximum wait. */
  timeoutOutcome: Outcome;
}

interface Line {
  available: boolean;
  idleSince: number;
  callsTaken: number;
  weight: number;
  onDuty: boolean;
  busy: boolean;
  pool: Pool;
  org: number;
  /** The call on the line, for the wrap-up that follows it. */
  category: number;
}

interface Pool extends PoolView {
  lines: Line[];
  onDuty: number;
  cursor: number;
  /** Categories whose route includes this pool: the queues a freed line here may serve. */
  serves: number[];
}

interface LineGroup {
  schedule: WeeklySchedule;
  pool: Pool;
  lines: Line[];
}

interface Org {
  handle: Sampler[];
  wrapUp: Sampler | undefined;
  busy: number;
  staffed: number;
  since: number;
}

interface CategoryRoute {
  pools: Pool[];
  onNoLine: Scenario['routing'][string]['onNoLine'];
  queue: Attempt[];
  head: number;
  waiting: number;
}

type Payload = Attempt | Line | LineGroup | Caller | null;

export interface RunOptions {
  seed: number;
  replication: number;
}

/** Simulates one replication of a scenario and returns its figures. Pure: same inputs, same output. */
export function simulateReplication(scenario: Scenario, options: RunOptions): ReplicationFigures {
  return new HelplineModel(scenario, options).run();
}

class HelplineModel {
  private readonly sim = new Simulation<Payload>();
  private readonly rng: Record<(typeof SHARED_STREAMS)[number], RandomStream>;
  private readonly rngOf: PerCategory[];
  private readonly metrics: Metrics;
  private readonly end: number;
  private readonly warmup: number;
  private readonly startWeek: number;
  private readonly concernCumulative: number[];
  private readonly menu: MenuBehaviour;
  private readonly menuPatience: Sampler | undefined;
  private readonly queuePatience: Sampler | undefined;
  private readonly redial: Scenario['callers']['redial'];
  private readonly redialDelay: Sampler | undefined;
  private readonly orgs: Org[];
  private readonly routes: CategoryRoute[];
  private readonly groups: LineGroup[] = [];
  private readonly arrivals;
  private readonly routingRandom = (): number => this.rng.routing.next();
  private seq = 0;
  /** Attempts not yet ended, callers waiting to redial, lines talking or in wrap-up. */
  private live = 0;

  constructor(
    private readonly scenario: Scenario,
    options: RunOptions,
  ) {
    const categoryIds = scenario.categories.map((c) => c.id);
    const streams = categoryStreams(options.seed, options.replication, categoryIds);
    this.rng = streams.shared;
    this.rngOf = streams.byCategory;
    this.end = scenario.horizon.days * SECONDS_PER_DAY;
    this.warmup = Math.min(this.end, scenario.horizon.warmupHours * 3600);
    this.startWeek = secondOfWeek(scenario.horizon.start);
    this.metrics = new Metrics(
      categoryIds,
      scenario.organisations.map((o) => o.id),
      this.warmup,
      this.end,
      scenario.reporting.serviceLevelSeconds,
    );
    let acc = 0;
    this.concernCumulative = scenario.categories.map((c) => (acc += c.share));
    this.menu = new MenuBehaviour(scenario.menu, categoryIds, scenario.callers);
    const behaviour = scenario.callers;
    this.menuPatience = behaviour.menuPatience && compileDistribution(behaviour.menuPatience);
    this.queuePatience = behaviour.queuePatience && compileDistribution(behaviour.queuePatience);
    this.redial = behaviour.redial;
    this.redialDelay = behaviour.redial && compileDistribution(behaviour.redial.delay);
    this.arrivals = createArrivals(scenario.arrivals, scenario.horizon);

    this.orgs = scenario.organisations.map((o) => {
      const fallback = compileDistribution(o.handleTime.default);
      return {
        handle: categoryIds.map((id) => {
          const d = o.handleTime.byCategory?.[id];
          return d ? compileDistribution(d) : fallback;
        }),
        wrapUp: o.wrapUp && compileDistribution(o.wrapUp),
        busy: 0,
        staffed: 0,
        since: 0,
      };
    });

    const orgIndex = new Map(scenario.organisations.map((o, i) => [o.id, i]));
    const pools = new Map<string, Pool>();
    for (const p of scenario.pools) {
      const pool: Pool = { policy: p.policy, lines: [], onDuty: 0, cursor: 0, serves: [] };
      for (const spec of p.lines) {
        const org = orgIndex.get(spec.organisation)!;
        const group: LineGroup = {
          schedule: compileSchedule(spec.schedule ?? scenario.organisations[org]!.schedule),
          pool,
          lines: [],
        };
        for (let i = 0; i < spec.count; i++) {
          const line: Line = {
            available: false,
            idleSince: 0,
            callsTaken: 0,
            weight: spec.weight,
            onDuty: false,
            busy: false,
            pool,
            org,
            category: -1,
          };
          group.lines.push(line);
          pool.lines.push(line);
        }
        this.groups.push(group);
      }
      pools.set(p.id, pool);
    }
    this.routes = scenario.categories.map((c, ci) => {
      const route = scenario.routing[c.id]!;
      const routePools = route.pools.map((id) => pools.get(id)!);
      for (const pool of routePools) pool.serves.push(ci);
      return { pools: routePools, onNoLine: route.onNoLine, queue: [], head: 0, waiting: 0 };
    });
  }

  run(): ReplicationFigures {
    const sim = this.sim;
    for (const group of this.groups) this.shiftChange(group, 0);
    this.scheduleNextArrival();
    sim.at(this.end + DRAIN_SECONDS, Ev.Drain, null);
    sim.run((kind, payload, now) => {
      switch (kind as Ev) {
        case Ev.Arrival:
          this.startAttempt({ concern: this.drawConcern(), attempts: 0, everAnswered: false, counted: now >= this.warmup }, now);
          this.scheduleNextArrival();
          break;
        case Ev.Redial:
          this.live--;
          this.startAttempt(payload as Caller, now);
          break;
        case Ev.MenuDone:
          this.route(payload as Attempt, now);
          break;
        case Ev.QueueTimeout: {
          const attempt = payload as Attempt;
          if (attempt.waiting) {
            this.leaveQueue(attempt);
            this.finish(attempt, attempt.timeoutOutcome, now);
          }
          break;
        }
        case Ev.TalkEnd:
          this.talkEnded(payload as Line, now);
          break;
        case Ev.WrapEnd:
          this.lineFree(payload as Line, now);
          break;
        case Ev.ShiftChange:
          this.shiftChange(payload as LineGroup, now);
          break;
        case Ev.Drain:
          this.drain(now);
          break;
      }
      if (this.live === 0 && now >= this.end) sim.stop();
    });
    for (let o = 0; o < this.orgs.length; o++) this.touchOrg(o, this.end);
    return this.metrics.figures(sim.events);
  }

  private scheduleNextArrival(): void {
    const t = this.arrivals.next(this.rng.arrivals);
    if (t < this.end) this.sim.at(t, Ev.Arrival, null);
  }

  private drawConcern(): number {
    const u = this.rng.concern.next();
    const cum = this.concernCumulative;
    for (let i = 0; i < cum.length - 1; i++) if (u < cum[i]!) return i;
    return cum.length - 1;
  }

  private startAttempt(caller: Caller, now: number): void {
    caller.attempts++;
    this.live++;
    // every per-attempt draw happens here, in a fixed order, so variants stay in step (common random numbers)
    const rng = this.rngOf[caller.concern]!;
    const menuPatience = this.menuPatience ? this.menuPatience(rng.patience) : Infinity;
    const queuePatience = this.queuePatience ? this.queuePatience(rng.patience) : Infinity;
    const menu = this.menu.navigate(caller.concern, menuPatience, rng.menu);
    const attempt: Attempt = {
      caller,
      seq: this.seq++,
      arrivedAt: now,
      counted: now >= this.warmup,
      category: menu.category,
      priority: 0,
      enqueuedAt: NaN,
      patience: queuePatience,
      waiting: false,
      timeoutOutcome: 'abandoned_in_queue',
    };
    if (menu.outcome === 'routed') this.sim.after(menu.seconds, Ev.MenuDone, attempt);
    else this.finishAfterMenu(attempt, menu.outcome, now + menu.seconds);
  }

  private finishAfterMenu(attempt: Attempt, outcome: Outcome, at: number): void {
    if (attempt.counted) this.metrics.attemptEndedInMenu(attempt.caller.concern, OUTCOME_INDEX[outcome]);
    this.afterAttempt(attempt.caller, outcome, at);
    this.live--;
  }

  private route(attempt: Attempt, now: number): void {
    const c = attempt.category;
    const route = this.routes[c]!;
    const decision = routeCall(route.pools, route.onNoLine, route.waiting, this.routingRandom);
    switch (decision.kind) {
      case 'line': {
        const pool = route.pools[decision.pool]!;
        this.answer(attempt, pool.lines[decision.line]!, now, now);
        break;
      }
      case 'queue': {
        const rule = route.onNoLine as Extract<typeof route.onNoLine, { action: 'queue' }>;
        const patience = attempt.patience;
        const maxWait = rule.maxWaitSeconds ?? Infinity;
        attempt.priority = rule.priority;
        attempt.enqueuedAt = now;
        attempt.waiting = true;
        route.queue.push(attempt);
        route.waiting++;
        // only the earlier of the two timers can matter
        attempt.timeoutOutcome = patience <= maxWait ? 'abandoned_in_queue' : 'blocked';
        const timeout = Math.min(patience, maxWait);
        if (timeout < Infinity) this.sim.after(timeout, Ev.QueueTimeout, attempt);
        break;
      }
      case 'busy':
        this.finish(attempt, 'blocked', now);
        break;
      case 'closed':
        this.finish(attempt, 'closed', now);
        break;
    }
  }

  private answer(attempt: Attempt, line: Line, queuedAt: number, now: number): void {
    const org = this.orgs[line.org]!;
    this.touchOrg(line.org, now);
    org.busy++;
    line.busy = true;
    line.available = false;
    line.callsTaken++;
    line.category = attempt.category;
    this.live++; // the line's talk and wrap-up
    if (attempt.counted) this.metrics.answered(attempt.category, line.org, now - queuedAt);
    attempt.caller.everAnswered = true;
    this.finish(attempt, 'answered', now);
    this.sim.after(org.handle[attempt.category]!(this.rngOf[attempt.category]!.handle), Ev.TalkEnd, line);
  }

  private talkEnded(line: Line, now: number): void {
    const wrapUp = this.orgs[line.org]!.wrapUp;
    if (wrapUp) this.sim.after(wrapUp(this.rngOf[line.category]!.handle), Ev.WrapEnd, line);
    else this.lineFree(line, now);
  }

  /** A line finished its call (and wrap-up): take the next waiting call it serves, or go idle. */
  private lineFree(line: Line, now: number): void {
    this.live--;
    this.touchOrg(line.org, now);
    this.orgs[line.org]!.busy--;
    line.busy = false;
    line.idleSince = now;
    if (!line.onDuty) {
      this.orgs[line.org]!.staffed--;
      return;
    }
    if (!this.serveQueue(line, now)) line.available = true;
  }

  private serveQueue(line: Line, now: number): boolean {
    const serves = line.pool.serves;
    const heads: Array<Attempt | undefined> = [];
    for (const c of serves) heads.push(this.head(this.routes[c]!));
    const pick = nextToServe(heads);
    if (pick < 0) return false;
    const attempt = heads[pick]!;
    this.leaveQueue(attempt);
    this.answer(attempt, line, attempt.enqueuedAt, now);
    return true;
  }

  /** The first caller still waiting in a category's queue; callers who left are dropped lazily. */
  private head(route: CategoryRoute): Attempt | undefined {
    const q = route.queue;
    while (route.head < q.length && !q[route.head]!.waiting) route.head++;
    if (route.head > 1024 && route.head * 2 > q.length) {
      q.splice(0, route.head);
      route.head = 0;
    }
    return q[route.head];
  }

  private leaveQueue(attempt: Attempt): void {
    attempt.waiting = false;
    this.routes[attempt.category]!.waiting--;
  }

  private finish(attempt: Attempt, outcome: Outcome, now: number): void {
    if (attempt.counted) {
      this.metrics.attemptRouted(attempt.category, attempt.caller.concern, OUTCOME_INDEX[outcome], hourOfDay(this.startWeek, attempt.arrivedAt));
    }
    this.afterAttempt(attempt.caller, outcome, now);
    this.live--;
  }

  /** Redial, or the caller is done and counted once. */
  private afterAttempt(caller: Caller, outcome: Outcome, now: number): void {
    const redial = this.redial;
    if (outcome !== 'answered' && redial && caller.attempts < redial.maxAttempts) {
      const p = redial.probability[outcome as Exclude<Outcome, 'answered'>];
      const rng = this.rngOf[caller.concern]!.redial;
      if (p > 0 && rng.next() < p) {
        const at = now + this.redialDelay!(rng);
        if (at < this.end) {
          this.live++;
          this.sim.at(at, Ev.Redial, caller);
          return;
        }
      }
    }
    if (caller.counted) this.metrics.callerDone(caller.concern, caller.everAnswered);
  }

  /** Callers still queued a day after the horizon (say, a queue no staffed line serves) give up then. */
  private drain(now: number): void {
    for (const route of this.routes) {
      for (let a = this.head(route); a !== undefined; a = this.head(route)) {
        this.leaveQueue(a);
        this.finish(a, 'abandoned_in_queue', now);
      }
    }
    this.sim.stop();
  }

  private shiftChange(group: LineGroup, now: number): void {
    const week = weekPosition(this.startWeek, now);
    const onDuty = isOnDuty(group.schedule, week);
    for (const line of group.lines) {
      if (line.onDuty === onDuty) continue;
      this.touchOrg(line.org, now);
      line.onDuty = onDuty;
      const org = this.orgs[line.org]!;
      if (onDuty) {
        line.pool.onDuty++;
        if (!line.busy) {
          org.staffed++;
          line.idleSince = now;
          if (!this.serveQueue(line, now)) line.available = true;
        }
      } else {
        line.pool.onDuty--;
        line.available = false;
        // a busy line finishes its call and leaves then (lineFree)
        if (!line.busy) org.staffed--;
      }
    }
    if (!onDuty) for (const c of group.pool.serves) this.closeIfUnstaffed(c, now);
    const wait = secondsUntilChange(group.schedule, week);
    if (wait < Infinity) this.sim.after(wait, Ev.ShiftChange, group);
  }

  /** When the last staffed line of a route goes off duty, its waiting callers hear the closing message. */
  private closeIfUnstaffed(c: number, now: number): void {
    const route = this.routes[c]!;
    if (route.waiting === 0 || route.pools.some((p) => p.onDuty > 0) || route.pools.every((p) => p.lines.length === 0)) return;
    for (let a = this.head(route); a !== undefined; a = this.head(route)) {
      this.leaveQueue(a);
      this.finish(a, 'closed', now);
    }
  }

  /** Closes the organisation's current line-count interval before its counts change. */
  private touchOrg(o: number, now: number): void {
    const org = this.orgs[o]!;
    if (now > org.since) this.metrics.lineTime(o, org.busy, org.staffed, org.since, now);
    org.since = now;
  }
}
