/**
 * The helpline model: arrival → menu → routing → busy/queue → talk → wrap-up → redial.
 * A client of the simulation kernel (events in virtual time), of the routing core (the
 * decisions) and of the compiled scenario (its samplers, draws and structure, built once per
 * scenario). Every attempt ends in exactly one outcome, recorded once in `finish`.
 */
import type { NoLine, Outcome, Scenario } from '../../core/scenario/schema.ts';
import { routeCall, type PoolView } from '../../core/routing/route-call.ts';
import { nextToServe, type QueuedCall } from '../../core/routing/queue-order.ts';
import { isOnDuty, secondsUntilChange, type WeeklySchedule } from '../../core/routing/schedule.ts';
import { SECONDS_PER_DAY, hourOfDay, weekPosition } from '../../core/time/local-week.ts';
import { Simulation } from '../engine/simulation.ts';
import type { ArrivalProcess } from './arrivals.ts';
import { CompiledScenario, compileScenario, type CompiledLineGroup, type CompiledRoute } from './compiled-scenario.ts';
import { Metrics, OUTCOME_INDEX, type ReplicationFigures } from './metrics.ts';
import type { ReplicationStreams } from './streams.ts';

const enum EventKind {
  Arrival,
  MenuDone,
  QueueTimeout,
  TalkEnd,
  WrapEnd,
  ShiftChange,
  Redial,
  Drain,
}

const ANSWERED = OUTCOME_INDEX.answered;
const BLOCKED = OUTCOME_INDEX.blocked;
const ABANDONED_IN_QUEUE = OUTCOME_INDEX.abandoned_in_queue;
const CLOSED = OUTCOME_INDEX.closed;

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
  timeoutOutcome: number;
}

interface Line {
  available: boolean;
  idleSince: number;
  callsTaken: number;
  weight: number;
  onDuty: boolean;
  busy: boolean;
  pool: Pool;
  organisation: number;
  /** The call on the line, for the wrap-up that follows it. */
  category: number;
}

interface Pool extends PoolView {
  lines: Line[];
  onDuty: number;
  cursor: number;
  /** Categories whose route includes this pool: the queues a freed line here may serve. */
  serves: readonly number[];
}

interface LineGroup {
  schedule: WeeklySchedule;
  pool: Pool;
  lines: Line[];
}

/** An organisation's lines busy and staffed since `since`, for its line time. */
interface OrganisationLines {
  busy: number;
  staffed: number;
  since: number;
}

interface CategoryRoute {
  pools: Pool[];
  onNoLine: NoLine;
  queue: Attempt[];
  head: number;
  waiting: number;
}

type Payload = Attempt | Line | LineGroup | Caller | null;

export interface RunOptions {
  seed: number;
  replication: number;
}

/**
 * Simulates one replication of a scenario (or of one compiled once for many replications) and
 * returns its figures. Pure: same inputs, same output.
 */
export function simulateReplication(scenario: Scenario | CompiledScenario, options: RunOptions): ReplicationFigures {
  const compiled = scenario instanceof CompiledScenario ? scenario : compileScenario(scenario);
  return new HelplineModel(compiled, options).run();
}

class HelplineModel {
  private readonly sim = new Simulation<Payload>();
  private readonly streams: ReplicationStreams;
  private readonly metrics: Metrics;
  private readonly end: number;
  private readonly warmup: number;
  private readonly startWeek: number;
  private readonly organisations: OrganisationLines[];
  private readonly routes: CategoryRoute[];
  private readonly groups: LineGroup[];
  private readonly arrivals: ArrivalProcess;
  private readonly routingRandom = (): number => this.streams.shared.routing.next();
  private seq = 0;
  /** Attempts not yet ended, callers waiting to redial, lines talking or in wrap-up. */
  private inProgress = 0;

  constructor(
    private readonly compiled: CompiledScenario,
    options: RunOptions,
  ) {
    this.streams = compiled.streams(options.seed, options.replication);
    this.end = compiled.horizon.end;
    this.warmup = compiled.horizon.warmup;
    this.startWeek = compiled.horizon.startWeek;
    this.metrics = metricsFor(compiled);
    this.arrivals = compiled.arrivals();
    this.organisations = compiled.organisations.map(() => ({ busy: 0, staffed: 0, since: 0 }));
    const pools = emptyPools(compiled);
    this.groups = compiled.lineGroups.map((group) => lineGroup(group, pools[group.pool]!));
    this.routes = compiled.routes.map((route) => emptyRoute(route, pools));
  }

  run(): ReplicationFigures {
    const sim = this.sim;
    for (const group of this.groups) this.shiftChange(group, 0);
    this.scheduleNextArrival();
    sim.at(this.end + DRAIN_SECONDS, EventKind.Drain, null);
    sim.run((kind, payload, now) => {
      switch (kind as EventKind) {
        case EventKind.Arrival:
          this.startAttempt({ concern: this.compiled.drawConcern(this.streams.shared.concern), attempts: 0, everAnswered: false, counted: now >= this.warmup }, now);
          this.scheduleNextArrival();
          break;
        case EventKind.Redial:
          this.inProgress--;
          this.startAttempt(payload as Caller, now);
          break;
        case EventKind.MenuDone:
          this.route(payload as Attempt, now);
          break;
        case EventKind.QueueTimeout: {
          const attempt = payload as Attempt;
          if (attempt.waiting) {
            this.leaveQueue(attempt);
            this.finish(attempt, attempt.timeoutOutcome, now);
          }
          break;
        }
        case EventKind.TalkEnd:
          this.talkEnded(payload as Line, now);
          break;
        case EventKind.WrapEnd:
          this.lineFree(payload as Line, now);
          break;
        case EventKind.ShiftChange:
          this.shiftChange(payload as LineGroup, now);
          break;
        case EventKind.Drain:
          this.drain(now);
          break;
      }
      if (this.inProgress === 0 && now >= this.end) sim.stop();
    });
    for (let o = 0; o < this.organisations.length; o++) this.recordLineTimeUntil(o, this.end);
    return this.metrics.figures(sim.events);
  }

  private scheduleNextArrival(): void {
    const t = this.arrivals.next(this.streams.shared.arrivals);
    if (t < this.end) this.sim.at(t, EventKind.Arrival, null);
  }

  private startAttempt(caller: Caller, now: number): void {
    caller.attempts++;
    this.inProgress++;
    const { menu, queuePatience } = this.compiled.drawAttemptStart(caller.concern, this.streams);
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
      timeoutOutcome: ABANDONED_IN_QUEUE,
    };
    if (menu.outcome === 'routed') this.sim.after(menu.seconds, EventKind.MenuDone, attempt);
    else this.finishAfterMenu(attempt, menu.outcome, now + menu.seconds);
  }

  private finishAfterMenu(attempt: Attempt, outcome: Outcome, at: number): void {
    const o = OUTCOME_INDEX[outcome];
    if (attempt.counted) this.metrics.attemptEndedInMenu(attempt.caller.concern, o);
    this.afterAttempt(attempt.caller, o, at);
    this.inProgress--;
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
        const rule = route.onNoLine as Extract<NoLine, { action: 'queue' }>;
        const patience = attempt.patience;
        const maxWait = rule.maxWaitSeconds ?? Infinity;
        attempt.priority = rule.priority;
        attempt.enqueuedAt = now;
        attempt.waiting = true;
        route.queue.push(attempt);
        route.waiting++;
        // only the earlier of the two timers can matter
        attempt.timeoutOutcome = patience <= maxWait ? ABANDONED_IN_QUEUE : BLOCKED;
        const timeout = Math.min(patience, maxWait);
        if (timeout < Infinity) this.sim.after(timeout, EventKind.QueueTimeout, attempt);
        break;
      }
      case 'busy':
        this.finish(attempt, BLOCKED, now);
        break;
      case 'closed':
        this.finish(attempt, CLOSED, now);
        break;
    }
  }

  private answer(attempt: Attempt, line: Line, queuedAt: number, now: number): void {
    this.recordLineTimeUntil(line.organisation, now);
    this.organisations[line.organisation]!.busy++;
    line.busy = true;
    line.available = false;
    line.callsTaken++;
    line.category = attempt.category;
    this.inProgress++; // the line's talk and wrap-up
    if (attempt.counted) this.metrics.answered(attempt.category, line.organisation, now - queuedAt);
    attempt.caller.everAnswered = true;
    this.finish(attempt, ANSWERED, now);
    this.sim.after(this.compiled.drawHandleTime(line.organisation, attempt.category, this.streams), EventKind.TalkEnd, line);
  }

  private talkEnded(line: Line, now: number): void {
    const wrapUp = this.compiled.drawWrapUp(line.organisation, line.category, this.streams);
    if (wrapUp !== undefined) this.sim.after(wrapUp, EventKind.WrapEnd, line);
    else this.lineFree(line, now);
  }

  /** A line finished its call (and wrap-up): take the next waiting call it serves, or go idle. */
  private lineFree(line: Line, now: number): void {
    this.inProgress--;
    this.recordLineTimeUntil(line.organisation, now);
    this.organisations[line.organisation]!.busy--;
    line.busy = false;
    line.idleSince = now;
    if (!line.onDuty) {
      this.organisations[line.organisation]!.staffed--;
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

  /** `outcome`: its index in OUTCOMES. */
  private finish(attempt: Attempt, outcome: number, now: number): void {
    if (attempt.counted) {
      this.metrics.attemptRouted(attempt.category, attempt.caller.concern, outcome, hourOfDay(this.startWeek, attempt.arrivedAt));
    }
    this.afterAttempt(attempt.caller, outcome, now);
    this.inProgress--;
  }

  /** Redial, or the caller is done and counted once. */
  private afterAttempt(caller: Caller, outcome: number, now: number): void {
    const delay = this.compiled.drawRedialDelayAfter(caller.concern, caller.attempts, outcome, this.streams);
    if (delay !== undefined && now + delay < this.end) {
      this.inProgress++;
      this.sim.at(now + delay, EventKind.Redial, caller);
      return;
    }
    if (caller.counted) this.metrics.callerDone(caller.concern, caller.everAnswered);
  }

  /** Callers still queued a day after the horizon (say, a queue no staffed line serves) give up then. */
  private drain(now: number): void {
    for (const route of this.routes) {
      for (let a = this.head(route); a !== undefined; a = this.head(route)) {
        this.leaveQueue(a);
        this.finish(a, ABANDONED_IN_QUEUE, now);
      }
    }
    this.sim.stop();
  }

  private shiftChange(group: LineGroup, now: number): void {
    const week = weekPosition(this.startWeek, now);
    const onDuty = isOnDuty(group.schedule, week);
    for (const line of group.lines) {
      if (line.onDuty === onDuty) continue;
      this.recordLineTimeUntil(line.organisation, now);
      line.onDuty = onDuty;
      const organisation = this.organisations[line.organisation]!;
      if (onDuty) {
        line.pool.onDuty++;
        if (!line.busy) {
          organisation.staffed++;
          line.idleSince = now;
          if (!this.serveQueue(line, now)) line.available = true;
        }
      } else {
        line.pool.onDuty--;
        line.available = false;
        // a busy line finishes its call and leaves then (lineFree)
        if (!line.busy) organisation.staffed--;
      }
    }
    if (!onDuty) for (const c of group.pool.serves) this.closeIfUnstaffed(c, now);
    const wait = secondsUntilChange(group.schedule, week);
    if (wait < Infinity) this.sim.after(wait, EventKind.ShiftChange, group);
  }

  /** When the last staffed line of a route goes off duty, its waiting callers hear the closing message. */
  private closeIfUnstaffed(c: number, now: number): void {
    const route = this.routes[c]!;
    if (route.waiting === 0 || route.pools.some((p) => p.onDuty > 0) || route.pools.every((p) => p.lines.length === 0)) return;
    for (let a = this.head(route); a !== undefined; a = this.head(route)) {
      this.leaveQueue(a);
      this.finish(a, CLOSED, now);
    }
  }

  /** Adds the organisation's line time since its counts last changed, before they change again. */
  private recordLineTimeUntil(o: number, now: number): void {
    const organisation = this.organisations[o]!;
    if (now > organisation.since) this.metrics.lineTime(o, organisation.busy, organisation.staffed, organisation.since, now);
    organisation.since = now;
  }
}

function metricsFor(compiled: CompiledScenario): Metrics {
  const { warmup, end } = compiled.horizon;
  return new Metrics(compiled.categoryIds, compiled.organisationIds, warmup, end, compiled.scenario.reporting.serviceLevelSeconds);
}

/** The pools with no lines yet, off duty. */
function emptyPools(compiled: CompiledScenario): Pool[] {
  return compiled.pools.map((p) => ({ policy: p.policy, lines: [], onDuty: 0, cursor: 0, serves: p.serves }));
}

/** A category's route over the model's pools, with no one queued. */
function emptyRoute(route: CompiledRoute, pools: readonly Pool[]): CategoryRoute {
  return { pools: route.pools.map((p) => pools[p]!), onNoLine: route.onNoLine, queue: [], head: 0, waiting: 0 };
}

/** A group's lines, off duty and idle, added to its pool. */
function lineGroup(group: CompiledLineGroup, pool: Pool): LineGroup {
  const lines: Line[] = [];
  for (let i = 0; i < group.count; i++) {
    const line: Line = {
      available: false,
      idleSince: 0,
      callsTaken: 0,
      weight: group.weight,
      onDuty: false,
      busy: false,
      pool,
      organisation: group.organisation,
      category: -1,
    };
    lines.push(line);
    pool.lines.push(line);
  }
  return { schedule: group.schedule, pool, lines };
}
