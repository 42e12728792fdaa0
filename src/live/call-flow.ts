/**
 * The live call flow, the request path of the telephony front end: menu navigation, routing,
 * queueing, answering and ending, all decided by the routing core (the same functions the
 * simulator runs) over snapshots of the shared line state, and applied through the store's
 * atomic operations. Time-driven work (timeouts, shifts) is housekeeping.ts's.
 */
import { randomUUID } from 'node:crypto';
import type { Menu, Outcome, Scenario } from '../../core/scenario/schema.ts';
import { followDigits, menuPrompt, pressDigit } from '../../core/routing/menu.ts';
import { routeCall, type PoolView, type RouteDecision } from '../../core/routing/route-call.ts';
import { isOnDuty } from '../../core/routing/schedule.ts';
import { CallFlowError, changedMeanwhile, notAtMenu, notFound } from './call-flow-error.ts';
import { MAX_CALL_RETRIES, type CallMoves } from './call-moves.ts';
import type { CallRecord } from './call-record.ts';
import { pseudonymiseCaller } from './caller-hash.ts';
import type { Clock } from '../../sim/io/clock.ts';
import { onDuty, type LineState, type LineStore, type RouteSnapshot } from './line-store.ts';
import { deadlineFor, type LiveLimits } from './limits.ts';
import { localTime } from '../../core/time/local-time.ts';
import { StoreUnavailableError } from './store-errors.ts';
import type { LiveLine, LiveRoute, Topology } from './topology.ts';

export { CallFlowError } from './call-flow-error.ts';

/**
 * Claims a caller may lose to others, beyond one per line of the route, before it hears the
 * no-line answer: a burst deciding on one snapshot never runs out while a line is still free.
 */
const MAX_CLAIM_ATTEMPTS = 8;

/** POST /calls with MAX_ACTIVE_CALLS calls active: the front end plays its busy message and may try again shortly. */
export class ActiveCallCapError extends StoreUnavailableError {
  constructor(max: number) {
    super(`${max} calls are active, the most the service takes (MAX_ACTIVE_CALLS); try again shortly`);
    this.name = 'ActiveCallCapError';
  }
}

export interface Prompt {
  /** First hearing of this menu (greeting, or sub-menu introduction). */
  greeting: boolean;
  /** Played again after an invalid or missing press. */
  repeat: boolean;
  options: ReturnType<typeof menuPrompt>;
}

export interface CallState {
  call: CallRecord;
  /** The menu to play, while the caller is in the menu. */
  prompt: Prompt | null;
  /** 1-based place in the queue, while queued. */
  position: number | null;
}

export interface CallFlowDeps {
  scenario: Scenario;
  topology: Topology;
  store: LineStore;
  clock: Clock;
  limits: LiveLimits;
  /** Uniform [0, 1); only the weighted-random policy draws from it. */
  random: () => number;
  callerHashKey: string;
  /** Ending calls and handing lines on, shared with housekeeping and staff. */
  moves: CallMoves;
  /** Called after every change to live state, so the live feed can push at once. */
  onChange: () => void;
}

export class CallFlow {
  readonly #menu: Menu;
  readonly #topology: Topology;
  readonly #store: LineStore;
  readonly #clock: Clock;
  readonly #limits: LiveLimits;
  readonly #random: () => number;
  readonly #callerHashKey: string;
  readonly #moves: CallMoves;
  readonly #onChange: () => void;
  /** Round-robin positions; per instance (an approximation when several instances share lines). */
  readonly #cursors = new Map<string, number>();
  /** Store keys of each route's lines, pool by pool, by category (computed once per route). */
  readonly #routeLineKeys = new Map<string, string[]>();

  constructor(deps: CallFlowDeps) {
    this.#menu = deps.scenario.menu;
    this.#topology = deps.topology;
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#limits = deps.limits;
    this.#random = deps.random;
    this.#callerHashKey = deps.callerHashKey;
    this.#moves = deps.moves;
    this.#onChange = deps.onChange;
  }

  /** A call arrives at the top menu; refused (503) while MAX_ACTIVE_CALLS calls are active. */
  async start(callerNumber: string | undefined): Promise<CallState> {
    const call = this.#newCall(callerNumber, this.#clock.now());
    if (!(await this.#store.createCall(call, this.#limits.maxActiveCalls))) throw new ActiveCallCapError(this.#limits.maxActiveCalls);
    return { call, prompt: this.#prompt(this.#menu, true, false), position: null };
  }

  async get(id: string): Promise<CallState> {
    const call = await this.#load(id);
    return this.#state(call);
  }

  /** Keys pressed, in order; the call leaves the menu at the first that reaches a category or ends it. */
  async digits(id: string, keys: string): Promise<CallState> {
    // Nearly every call presses its key at the top menu: the route that key leads to from there
    // is read together with the call (one round trip in Redis). If the call turns out to be
    // elsewhere in the menu, that snapshot is simply not used.
    const likelyRoute = this.#routeFromTop(keys);
    const withRoute = likelyRoute === undefined ? undefined : await this.#store.callAndRoute(id, this.#lineKeys(likelyRoute), likelyRoute.category);
    const call = withRoute === undefined ? await this.#load(id) : withRoute.call;
    if (call === undefined) throw notFound(id);
    if (call.status !== 'menu') throw notAtMenu(call);
    const pressed = this.#press(call, keys);
    switch (pressed.kind) {
      case 'category':
        return this.#route(pressed.call, this.#topology.routes.get(pressed.category)!, likelyRoute?.category === pressed.category ? withRoute : undefined);
      case 'invalid_input':
        return this.#finish(pressed.call, 'invalid_input');
      case 'menu':
        return this.#stayAtMenu(pressed.call, pressed.prompt);
    }
  }

  /** The line picks up a ringing call. */
  async answer(id: string): Promise<CallState> {
    const call = await this.#load(id);
    if (call.status !== 'ringing') throw new CallFlowError('conflict', `call is ${call.status}, not ringing`);
    const stored = await this.#store.updateCall(this.#moves.toStatus(call, 'talking'));
    if (stored === undefined) throw changedMeanwhile(id);
    this.#onChange();
    return this.#state(stored);
  }

  /** Caller hangs up or the call completes, whatever its state; exactly one outcome is recorded. */
  async end(id: string): Promise<CallState> {
    for (let i = 0; i < MAX_CALL_RETRIES; i++) {
      const call = await this.#load(id);
      switch (call.status) {
        case 'ended':
          throw new CallFlowError('conflict', 'call has already ended');
        case 'menu': {
          const state = await this.#tryFinish(call, 'hung_up_in_menu');
          if (state !== undefined) return state;
          break;
        }
        case 'queued':
          // leaving the queue is the lock: whoever removes the call decides its outcome
          if (await this.#store.dequeue(call.category!, call.id)) return this.#finish(call, 'abandoned_in_queue');
          break; // a line took it this instant; read it again
        case 'ringing':
        case 'talking': {
          // a caller who hangs up while the line rings had been waiting for a person: not answered
          const stored = await this.#moves.endOnLine(call);
          if (stored !== undefined) return settled(stored);
          break;
        }
      }
      await pauseBeforeRetry();
    }
    throw changedMeanwhile(id);
  }

  /** A new call at the top menu, arrived `now`. */
  #newCall(callerNumber: string | undefined, now: number): CallRecord {
    return {
      id: randomUUID(),
      version: 0,
      callerHash: callerNumber === undefined ? null : pseudonymiseCaller(callerNumber, this.#callerHashKey),
      status: 'menu',
      createdAt: now,
      menuPath: [],
      invalidPresses: 0,
      category: null,
      line: null,
      enqueuedAt: null,
      outcome: null,
      endedAt: null,
      since: now,
      deadline: deadlineFor('menu', now, this.#limits),
      endedBy: null,
    };
  }

  /** Walks the menu from where the call is, key by key, until a key reaches a category or the keys run out. */
  #press(call: CallRecord, keys: string): Pressed {
    let next = call;
    let prompt: Prompt | null = null;
    for (const key of keys) {
      const here = followDigits(this.#menu, next.menuPath);
      if (here.kind !== 'menu') throw new Error(`menu path ${next.menuPath.join('')} does not lead to a menu`);
      const step = pressDigit(here.menu, key);
      if (step.kind === 'invalid') {
        if (next.invalidPresses >= here.menu.repeats) return { kind: 'invalid_input', call: next };
        next = { ...next, invalidPresses: next.invalidPresses + 1 };
        prompt = this.#prompt(here.menu, false, true);
      } else if (step.kind === 'menu') {
        next = { ...next, menuPath: [...next.menuPath, key], invalidPresses: 0 };
        prompt = this.#prompt(step.menu, true, false);
      } else {
        return { kind: 'category', call: next, category: step.categoryId };
      }
    }
    return { kind: 'menu', call: next, prompt };
  }

  /** The keys left the call in the menu: its new place is written and the menu timeout starts again. */
  async #stayAtMenu(call: CallRecord, prompt: Prompt | null): Promise<CallState> {
    const stored = await this.#store.updateCall(this.#moves.toStatus(call, 'menu'));
    if (stored === undefined) throw changedMeanwhile(call.id);
    return { call: stored, prompt, position: null };
  }

  /** The route the keys reach from the top menu, if they reach one (invalid presses there only repeat it). */
  #routeFromTop(keys: string): LiveRoute | undefined {
    let menu = this.#menu;
    for (const key of keys) {
      const step = pressDigit(menu, key);
      if (step.kind === 'menu') menu = step.menu;
      else if (step.kind === 'category') return this.#topology.routes.get(step.categoryId);
    }
    return undefined;
  }

  /** Store keys of a route's lines, pool by pool. */
  #lineKeys(route: LiveRoute): string[] {
    let keys = this.#routeLineKeys.get(route.category);
    if (keys === undefined) {
      keys = route.pools.flatMap((p) => p.lines.map((i) => this.#topology.lines[i]!.key));
      this.#routeLineKeys.set(route.category, keys);
    }
    return keys;
  }

  /**
   * Routes a call at the menu to the route of the category it has just chosen (the category is
   * written with the record the decision produces): the routing core decides on `snapshot` (the
   * route's lines and queue; read with the call, or read afresh when undefined) and the decision
   * is applied. Synchronous where it can be: on the hot path every async frame and await allocates.
   */
  #route(call: CallRecord, route: LiveRoute, snapshot?: RouteSnapshot, attempt = 0): Promise<CallState> {
    if (snapshot === undefined) return this.#readAndRoute(call, route, attempt);
    const now = this.#clock.now();
    const weekSecond = localTime(now, this.#topology.timeZone).weekSecond;
    const decision = this.#decide(route, weekSecond, snapshot);
    switch (decision.kind) {
      case 'closed':
        return this.#finish(call, 'closed', route.category);
      case 'busy':
        return this.#finish(call, 'blocked', route.category);
      case 'queue':
        return this.#enqueue(call, route, now);
      case 'line':
        return this.#claim(call, route, this.#topology.lines[route.pools[decision.pool]!.lines[decision.line]!]!, weekSecond, attempt);
    }
  }

  /** The routing core's decision on `snapshot`; the round-robin cursors move on with it. */
  #decide(route: LiveRoute, weekSecond: number, snapshot: RouteSnapshot): RouteDecision {
    const pools = this.#poolViews(route, weekSecond, snapshot.lines);
    const decision = routeCall(pools, route.onNoLine, snapshot.waiting, this.#random);
    for (let p = 0; p < pools.length; p++) this.#cursors.set(route.pools[p]!.id, pools[p]!.cursor);
    return decision;
  }

  /** Another routing attempt on a fresh read, while attempts are left (see MAX_CLAIM_ATTEMPTS). */
  async #readAndRoute(call: CallRecord, route: LiveRoute, attempt: number): Promise<CallState> {
    const keys = this.#lineKeys(route);
    // every line the core chose was taken by another instance first: the caller hears busy
    if (attempt >= MAX_CLAIM_ATTEMPTS + keys.length) return this.#finish(call, 'blocked', route.category);
    const [lines, [waiting = 0]] = await Promise.all([this.#store.lines(keys), this.#store.queueLengths([route.category])]);
    return this.#route(call, route, { lines, waiting }, attempt);
  }

  /** The line is claimed and the call written in one atomic step (one round trip in Redis). */
  async #claim(call: CallRecord, route: LiveRoute, line: LiveLine, weekSecond: number, attempt: number): Promise<CallState> {
    const ringing: CallRecord = { ...this.#moves.toStatus(call, 'ringing'), category: route.category, line: line.key };
    const stored = await this.#store.claimForCall(line.key, isOnDuty(line.schedule, weekSecond), ringing);
    if (stored === 'line_taken') return this.#route(call, route, undefined, attempt + 1);
    if (stored === 'call_changed') throw changedMeanwhile(call.id);
    this.#onChange();
    return settled(stored);
  }

  /** The call joins the queue and is written as queued in one atomic step. */
  async #enqueue(call: CallRecord, route: LiveRoute, now: number): Promise<CallState> {
    const maxLength = route.onNoLine.action === 'queue' ? route.onNoLine.maxLength : undefined;
    const queued = { ...this.#moves.toStatus(call, 'queued', now), category: route.category, enqueuedAt: now };
    const result = await this.#store.enqueue(route.category, queued, maxLength);
    if (result === 'full') return this.#finish(call, 'blocked', route.category);
    if (result === 'call_changed') throw changedMeanwhile(call.id);
    this.#onChange();
    return { call: result.call, prompt: null, position: result.position };
  }

  /** `states`: the route's lines, in `#lineKeys` order. */
  #poolViews(route: LiveRoute, weekSecond: number, states: readonly LineState[]): PoolView[] {
    let k = 0;
    return route.pools.map((pool) => {
      let staffed = 0;
      const lines = pool.lines.map((i) => {
        const line = this.#topology.lines[i]!;
        const state = states[k++]!;
        const on = onDuty(state.duty, isOnDuty(line.schedule, weekSecond));
        if (on) staffed++;
        return { available: on && state.call === null, idleSince: state.idleSince, callsTaken: state.callsTaken, weight: line.weight };
      });
      return { policy: pool.policy, lines, onDuty: staffed, cursor: this.#cursors.get(pool.id) ?? 0 };
    });
  }

  #finish(call: CallRecord, outcome: Outcome, category = call.category): Promise<CallState> {
    return this.#moves.finish(call, outcome, category).then(settled);
  }

  #tryFinish(call: CallRecord, outcome: Outcome): Promise<CallState | undefined> {
    return this.#moves.tryFinish(call, outcome).then((stored) => stored && settled(stored));
  }

  /** What the front end is told about a call as stored: the menu to play, or its place in the queue. */
  async #state(call: CallRecord): Promise<CallState> {
    if (call.status === 'menu') {
      const here = followDigits(this.#menu, call.menuPath);
      const menu = here.kind === 'menu' ? here.menu : this.#menu;
      return { call, prompt: this.#prompt(menu, call.invalidPresses === 0, call.invalidPresses > 0), position: null };
    }
    if (call.status === 'queued') {
      const entries = await this.#store.queue(call.category!);
      const i = entries.findIndex((e) => e.callId === call.id);
      return { call, prompt: null, position: i < 0 ? null : i + 1 };
    }
    return settled(call);
  }

  #prompt(menu: Menu, greeting: boolean, repeat: boolean): Prompt {
    return { greeting, repeat, options: menuPrompt(menu) };
  }

  async #load(id: string): Promise<CallRecord> {
    const call = await this.#store.getCall(id);
    if (call === undefined) throw notFound(id);
    return call;
  }
}

/** Where the keys pressed at the menu lead: a category, the menu (next prompt), or too many invalid presses. */
type Pressed =
  | { kind: 'category'; call: CallRecord; category: string }
  | { kind: 'menu'; call: CallRecord; prompt: Prompt | null }
  | { kind: 'invalid_input'; call: CallRecord };

/** The state of a call out of the menu and the queue (one function for every call, not a closure per call). */
function settled(call: CallRecord): CallState {
  return { call, prompt: null, position: null };
}

function pauseBeforeRetry(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}
