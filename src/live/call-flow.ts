/**
 * The live call flow: menu navigation, routing, queueing, answering and ending, all decided by
 * the routing core (the same functions the simulator runs) over snapshots of the shared line
 * state, and applied through the store's atomic operations.
 */
import { randomUUID } from 'node:crypto';
import type { Menu, Outcome, Scenario } from '../core/scenario/schema.ts';
import { followDigits, menuPrompt, pressDigit } from '../core/routing/menu.ts';
import { routeCall, type PoolView } from '../core/routing/route-call.ts';
import { nextToServe } from '../core/routing/queue-order.ts';
import { isOnDuty } from '../core/routing/schedule.ts';
import type { CallRecord } from './call-record.ts';
import { pseudonymiseCaller } from './caller-hash.ts';
import type { Clock } from './clock.ts';
import type { LineState, LineStore, RouteSnapshot } from './line-store.ts';
import { localTime } from './local-time.ts';
import { onDuty } from './memory-line-store.ts';
import { lineKey, type LiveLine, type LiveRoute, type Topology } from './topology.ts';

/**
 * Claims lost to other callers, beyond one per line of the route, before the call is given the
 * category's no-line answer. A lost claim means another call took that line, so while no line
 * comes free a caller loses at most once per line before its snapshot shows none free; a burst
 * of callers deciding on one snapshot (many arriving in the same instant, or one batch of
 * store reads) therefore never runs out of attempts while a line is still free.
 */
const MAX_CLAIM_ATTEMPTS = 8;
/** Re-reads of a call that another writer is moving at the same moment. */
const MAX_CALL_RETRIES = 50;

export class CallFlowError extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'CallFlowError';
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
  /** Uniform [0, 1); only the weighted-random policy draws from it. */
  random: () => number;
  callerHashKey: string;
  /** Called after every change to live state, so the live feed can push at once. */
  onChange: () => void;
}

export class CallFlow {
  readonly #d: CallFlowDeps;
  /** Round-robin positions; per instance (an approximation when several instances share lines). */
  readonly #cursors = new Map<string, number>();
  readonly #lineKeys = new Map<string, string[]>();

  constructor(deps: CallFlowDeps) {
    this.#d = deps;
  }

  async start(callerNumber: string | undefined): Promise<CallState> {
    const call: CallRecord = {
      id: randomUUID(),
      version: 0,
      callerHash: callerNumber === undefined ? null : pseudonymiseCaller(callerNumber, this.#d.callerHashKey),
      status: 'menu',
      createdAt: this.#d.clock.now(),
      menuPath: [],
      invalidPresses: 0,
      category: null,
      line: null,
      enqueuedAt: null,
      outcome: null,
      endedAt: null,
    };
    await this.#d.store.createCall(call);
    return { call, prompt: this.#prompt(this.#d.scenario.menu, true, false), position: null };
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
    const guess = this.#routeFromTop(keys);
    const read = guess === undefined ? undefined : await this.#d.store.callAndRoute(id, this.#routeLineKeys(guess), guess.category);
    const call = read === undefined ? await this.#load(id) : read.call;
    if (call === undefined) throw notFound(id);
    if (call.status !== 'menu') throw notAtMenu(call);
    const pressed = this.#press(call, keys);
    switch (pressed.kind) {
      case 'category':
        return this.#route(pressed.call, this.#d.topology.routes.get(pressed.category)!, guess?.category === pressed.category ? read : undefined);
      case 'invalid_input':
        return this.#finish(pressed.call, 'invalid_input');
      case 'menu': {
        const stored = await this.#d.store.updateCall(pressed.call);
        if (stored === undefined) throw changedMeanwhile(id);
        return { call: stored, prompt: pressed.prompt, position: null };
      }
    }
  }

  /** Walks the menu from where the call is, key by key, until a key reaches a category or the keys run out. */
  #press(call: CallRecord, keys: string): Pressed {
    let next = call;
    let prompt: Prompt | null = null;
    for (const key of keys) {
      const here = followDigits(this.#d.scenario.menu, next.menuPath);
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

  /** The line picks up a ringing call. */
  async answer(id: string): Promise<CallState> {
    const call = await this.#load(id);
    if (call.status !== 'ringing') throw new CallFlowError('conflict', `call is ${call.status}, not ringing`);
    const stored = await this.#d.store.updateCall({ ...call, status: 'talking' });
    if (stored === undefined) throw changedMeanwhile(id);
    this.#d.onChange();
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
          if (await this.#d.store.dequeue(call.category!, call.id)) return this.#finish(call, 'abandoned_in_queue');
          break; // a line took it this instant; read it again
        case 'ringing':
        case 'talking': {
          // a caller who hangs up while the line rings had been waiting for a person: not answered
          const state = await this.#tryFinish(call, call.status === 'talking' ? 'answered' : 'abandoned_in_queue');
          if (state !== undefined) {
            await this.#handOff(this.#line(call.line!), call.id);
            return state;
          }
          break;
        }
      }
      await pause();
    }
    throw changedMeanwhile(id);
  }

  /** Staff put a line on or off duty (null: back to its schedule); a line coming on takes a queued call. */
  async setDuty(organisation: string, line: string, duty: 'on' | 'off' | null): Promise<LineState | undefined> {
    const live = this.#d.topology.byKey.get(lineKey(organisation, line));
    if (live === undefined) return undefined;
    await this.#d.store.setDuty(live.key, duty);
    await this.#handOff(live, '');
    this.#d.onChange();
    const [state] = await this.#d.store.lines([live.key]);
    return state;
  }

  /**
   * Time-driven work, run about once a second by every instance: queued calls past their
   * category's maximum wait get the busy message; queued calls whose route is outside staffed
   * hours (its shifts have ended) get the closing message, as in the simulator; lines still held by a call that has ended
   * (an instance died between ending a call and freeing its line) are freed; free lines (e.g. a
   * shift starting) take waiting calls. Safe to run concurrently: every move is one atomic store
   * operation.
   */
  async tick(): Promise<void> {
    await this.#expireQueued();
    await this.#closeUnstaffedQueues();
    await this.#repairLines();
    await this.#offerFreeLines();
  }

  async #expireQueued(): Promise<void> {
    const now = this.#d.clock.now();
    for (const route of this.#d.topology.routes.values()) {
      if (route.onNoLine.action !== 'queue' || route.onNoLine.maxWaitSeconds === undefined) continue;
      const limit = route.onNoLine.maxWaitSeconds * 1000;
      for (const entry of await this.#d.store.queue(route.category)) {
        if (now - entry.enqueuedAt >= limit) await this.#endQueued(route.category, entry.callId, 'blocked');
      }
    }
  }

  /**
   * A route is closed when none of its lines is scheduled on duty and none is put on duty by
   * hand; staff who take lines off duty during their hours are on a break, and callers keep
   * waiting for them.
   */
  async #closeUnstaffedQueues(): Promise<void> {
    const routes = [...this.#d.topology.routes.values()].filter((r) => r.onNoLine.action === 'queue');
    if (routes.length === 0) return;
    const lengths = await this.#d.store.queueLengths(routes.map((r) => r.category));
    const weekSecond = localTime(this.#d.clock.now(), this.#d.topology.timeZone).weekSecond;
    for (let r = 0; r < routes.length; r++) {
      const route = routes[r]!;
      const keys = this.#routeLineKeys(route);
      if (lengths[r] === 0 || keys.length === 0) continue;
      const states = await this.#d.store.lines(keys);
      const lines = route.pools.flatMap((p) => p.lines.map((i) => this.#d.topology.lines[i]!));
      const open = lines.some((line, i) => states[i]!.duty === 'on' || isOnDuty(line.schedule, weekSecond));
      if (open) continue;
      for (const entry of await this.#d.store.queue(route.category)) await this.#endQueued(route.category, entry.callId, 'closed');
    }
  }

  /** Takes a call out of its queue and ends it, unless another instance got there first. */
  async #endQueued(category: string, callId: string, outcome: 'blocked' | 'closed'): Promise<void> {
    if (!(await this.#d.store.dequeue(category, callId))) return;
    const call = await this.#d.store.getCall(callId);
    if (call !== undefined) await this.#finish(call, outcome);
  }

  async #repairLines(): Promise<void> {
    const lines = this.#d.topology.lines;
    const states = await this.#d.store.lines(lines.map((l) => l.key));
    for (let i = 0; i < lines.length; i++) {
      const holder = states[i]!.call;
      if (holder === null) continue;
      const call = await this.#d.store.getCall(holder);
      // a call that has just been put through may not be written yet: only an ended or expired one is stale
      if (call === undefined || call.status === 'ended') await this.#handOff(lines[i]!, holder);
    }
  }

  async #offerFreeLines(): Promise<void> {
    const serving = this.#d.topology.lines.filter((l) => l.serves.length > 0);
    if (serving.length === 0) return;
    const categories = [...new Set(serving.flatMap((l) => l.serves))];
    const lengths = await this.#d.store.queueLengths(categories);
    const waiting = new Set(categories.filter((_, i) => lengths[i]! > 0));
    if (waiting.size === 0) return;
    const states = await this.#d.store.lines(serving.map((l) => l.key));
    const weekSecond = localTime(this.#d.clock.now(), this.#d.topology.timeZone).weekSecond;
    for (let i = 0; i < serving.length; i++) {
      const line = serving[i]!;
      const state = states[i]!;
      if (state.call === null && onDuty(state.duty, isOnDuty(line.schedule, weekSecond)) && line.serves.some((c) => waiting.has(c))) {
        await this.#handOff(line, '');
      }
    }
  }

  /** The route the keys reach from the top menu, if they reach one (invalid presses there only repeat it). */
  #routeFromTop(keys: string): LiveRoute | undefined {
    let menu = this.#d.scenario.menu;
    for (const key of keys) {
      const step = pressDigit(menu, key);
      if (step.kind === 'menu') menu = step.menu;
      else if (step.kind === 'category') return this.#d.topology.routes.get(step.categoryId);
    }
    return undefined;
  }

  /** Store keys of a route's lines, pool by pool (computed once per route). */
  #routeLineKeys(route: LiveRoute): string[] {
    let keys = this.#lineKeys.get(route.category);
    if (keys === undefined) {
      keys = route.pools.flatMap((p) => p.lines.map((i) => this.#d.topology.lines[i]!.key));
      this.#lineKeys.set(route.category, keys);
    }
    return keys;
  }

  /**
   * Routes a call at the menu to the route of the category it has just chosen (the category is
   * written with the record the decision produces): the routing core decides on `snapshot` (the
   * route's lines and queue; read with the call, or read afresh when undefined) and the decision
   * is applied. Split into small steps, synchronous where they can be, because on the hot path
   * every async frame and await allocates (an await costs ~0.4 KB; bench:routing's decisions are
   * mostly `busy`, which is one store write after the read).
   */
  #route(call: CallRecord, route: LiveRoute, snapshot?: RouteSnapshot, attempt = 0): Promise<CallState> {
    if (snapshot === undefined) return this.#readAndRoute(call, route, attempt);
    const now = this.#d.clock.now();
    const weekSecond = localTime(now, this.#d.topology.timeZone).weekSecond;
    const pools = this.#poolViews(route, weekSecond, snapshot.lines);
    const decision = routeCall(pools, route.onNoLine, snapshot.waiting, this.#d.random);
    for (let p = 0; p < pools.length; p++) this.#cursors.set(route.pools[p]!.id, pools[p]!.cursor);
    switch (decision.kind) {
      case 'closed':
        return this.#finish(call, 'closed', route.category);
      case 'busy':
        return this.#finish(call, 'blocked', route.category);
      case 'queue':
        return this.#enqueue(call, route, now);
      case 'line':
        return this.#claim(call, route, this.#d.topology.lines[route.pools[decision.pool]!.lines[decision.line]!]!, weekSecond, attempt);
    }
  }

  /** Another routing attempt on a fresh read, while attempts are left (see MAX_CLAIM_ATTEMPTS). */
  async #readAndRoute(call: CallRecord, route: LiveRoute, attempt: number): Promise<CallState> {
    const keys = this.#routeLineKeys(route);
    // every line the core chose was taken by another instance first: the caller hears busy
    if (attempt >= MAX_CLAIM_ATTEMPTS + keys.length) return this.#finish(call, 'blocked', route.category);
    const [lines, [waiting = 0]] = await Promise.all([this.#d.store.lines(keys), this.#d.store.queueLengths([route.category])]);
    return this.#route(call, route, { lines, waiting }, attempt);
  }

  /** The line is claimed and the call written in one atomic step (one round trip in Redis). */
  async #claim(call: CallRecord, route: LiveRoute, line: LiveLine, weekSecond: number, attempt: number): Promise<CallState> {
    const ringing: CallRecord = { ...call, category: route.category, status: 'ringing', line: line.key };
    const stored = await this.#d.store.claimForCall(line.key, isOnDuty(line.schedule, weekSecond), ringing);
    if (stored === 'line_taken') return this.#route(call, route, undefined, attempt + 1);
    if (stored === 'call_changed') throw changedMeanwhile(call.id);
    this.#d.onChange();
    return { call: stored, prompt: null, position: null };
  }

  async #enqueue(call: CallRecord, route: LiveRoute, now: number): Promise<CallState> {
    const maxLength = route.onNoLine.action === 'queue' ? route.onNoLine.maxLength : undefined;
    const position = await this.#d.store.enqueue(route.category, call.id, now, maxLength);
    if (position === null) return this.#finish(call, 'blocked', route.category);
    const stored = await this.#d.store.updateCall({ ...call, category: route.category, status: 'queued', enqueuedAt: now });
    if (stored === undefined) {
      await this.#d.store.dequeue(route.category, call.id);
      throw changedMeanwhile(call.id);
    }
    this.#d.onChange();
    return { call: stored, prompt: null, position };
  }

  /** `states`: the route's lines, in `#routeLineKeys` order. */
  #poolViews(route: LiveRoute, weekSecond: number, states: readonly LineState[]): PoolView[] {
    let k = 0;
    return route.pools.map((pool) => {
      let staffed = 0;
      const lines = pool.lines.map((i) => {
        const live = this.#d.topology.lines[i]!;
        const state = states[k++]!;
        const on = onDuty(state.duty, isOnDuty(live.schedule, weekSecond));
        if (on) staffed++;
        return { available: on && state.call === null, idleSince: state.idleSince, callsTaken: state.callsTaken, weight: live.weight };
      });
      return { policy: pool.policy, lines, onDuty: staffed, cursor: this.#cursors.get(pool.id) ?? 0 };
    });
  }

  /**
   * `line` is being freed by `callId` ('' = it is already free): it takes the call the core's
   * queue order picks among the queues it serves, or becomes free.
   */
  async #handOff(line: LiveLine, callId: string): Promise<void> {
    for (let i = 0; i < MAX_CALL_RETRIES; i++) {
      const now = this.#d.clock.now();
      const scheduled = isOnDuty(line.schedule, localTime(now, this.#d.topology.timeZone).weekSecond);
      const heads = await Promise.all(line.serves.map(async (c) => (await this.#d.store.queue(c))[0]));
      const best = nextToServe(
        heads.map((h, j) => h && { priority: this.#d.topology.routes.get(line.serves[j]!)!.priority, enqueuedAt: h.enqueuedAt, seq: h.seq }),
      );
      const next = best < 0 ? undefined : { queue: line.serves[best]!, callId: heads[best]!.callId };
      const result = await this.#d.store.release(line.key, callId, now, next, scheduled);
      if (result === 'conflict') continue;
      if (result === 'took') await this.#connectQueued(next!.callId, line);
      if (result !== 'not_held') this.#d.onChange();
      return;
    }
    await this.#d.store.release(line.key, callId, this.#d.clock.now(), undefined, false);
  }

  /** A queued call was just given `line` (it is already off the queue, so only this writer moves it). */
  async #connectQueued(id: string, line: LiveLine): Promise<void> {
    for (let i = 0; i < MAX_CALL_RETRIES; i++) {
      const call = await this.#d.store.getCall(id);
      if (call === undefined) return;
      if (await this.#d.store.updateCall({ ...call, status: 'ringing', line: line.key })) return;
    }
  }

  #finish(call: CallRecord, outcome: Outcome, category = call.category): Promise<CallState> {
    return this.#tryFinish(call, outcome, category).then((state) => state ?? Promise.reject(changedMeanwhile(call.id)));
  }

  /** Ends the call if nobody changed it since it was read; records the outcome once (under `category`). */
  #tryFinish(call: CallRecord, outcome: Outcome, category = call.category): Promise<CallState | undefined> {
    const now = this.#d.clock.now();
    const count = { minute: Math.floor(now / 60_000), date: localTime(now, this.#d.topology.timeZone).date, category, outcome };
    return this.#d.store.updateCall({ ...call, category, status: 'ended', outcome, endedAt: now }, count).then(this.#ended);
  }

  /** One function for every call (not a closure per call): the state of a call just ended, or undefined. */
  readonly #ended = (stored: CallRecord | undefined): CallState | undefined => {
    if (stored === undefined) return undefined;
    this.#d.onChange();
    return { call: stored, prompt: null, position: null };
  };

  async #state(call: CallRecord): Promise<CallState> {
    if (call.status === 'menu') {
      const here = followDigits(this.#d.scenario.menu, call.menuPath);
      const menu = here.kind === 'menu' ? here.menu : this.#d.scenario.menu;
      return { call, prompt: this.#prompt(menu, call.invalidPresses === 0, call.invalidPresses > 0), position: null };
    }
    if (call.status === 'queued') {
      const entries = await this.#d.store.queue(call.category!);
      const i = entries.findIndex((e) => e.callId === call.id);
      return { call, prompt: null, position: i < 0 ? null : i + 1 };
    }
    return { call, prompt: null, position: null };
  }

  #prompt(menu: Menu, greeting: boolean, repeat: boolean): Prompt {
    return { greeting, repeat, options: menuPrompt(menu) };
  }

  #line(key: string): LiveLine {
    return this.#d.topology.byKey.get(key)!;
  }

  async #load(id: string): Promise<CallRecord> {
    const call = await this.#d.store.getCall(id);
    if (call === undefined) throw notFound(id);
    return call;
  }
}

/** Where the keys pressed at the menu lead: a category, the menu (next prompt), or too many invalid presses. */
type Pressed =
  | { kind: 'category'; call: CallRecord; category: string }
  | { kind: 'menu'; call: CallRecord; prompt: Prompt | null }
  | { kind: 'invalid_input'; call: CallRecord };

function notFound(id: string): CallFlowError {
  return new CallFlowError('not_found', `no call ${id}`);
}

function notAtMenu(call: CallRecord): CallFlowError {
  return new CallFlowError('conflict', call.status === 'ended' ? 'call has already ended' : `call is ${call.status}, no longer at the menu`);
}

function changedMeanwhile(id: string): CallFlowError {
  return new CallFlowError('conflict', `call ${id} was changed by another request at the same time; read it and retry`);
}

function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}
