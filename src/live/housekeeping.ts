/**
 * Time-driven work on live state, run about once a second by every instance (the live feed's
 * tick): line state re-created if the store lost it, queued calls past their category's maximum
 * wait or outside staffed hours ended, calls past their deadline (menu, ring, talk, stale queue)
 * ended by timeout, lines held by an ended or missing call freed, free lines offered to waiting
 * calls. Safe to run on every instance at once: every move is one atomic store operation.
 */
import type { Outcome } from '../../core/scenario/schema.ts';
import { isOnDuty } from '../../core/routing/schedule.ts';
import type { CallMoves } from './call-moves.ts';
import type { CallRecord } from './call-record.ts';
import type { Clock } from '../../sim/io/clock.ts';
import { onDuty, type LineStore } from './line-store.ts';
import { localTime } from '../../core/time/local-time.ts';
import type { LiveRoute, Topology } from './topology.ts';

/** Expired calls ended per tick at most; the rest are next second's (bounds one tick's work). */
const EXPIRED_PER_TICK = 1000;

/** What housekeeping reports: calls it ended by timeout, line state it had to re-create. */
export interface HousekeepingLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface HousekeepingDeps {
  topology: Topology;
  store: LineStore;
  clock: Clock;
  moves: CallMoves;
  log: HousekeepingLog;
}

/** The outcome of a call its deadline ends, by the status it was in. */
const TIMEOUT_OUTCOME: Record<Exclude<CallRecord['status'], 'ended'>, Outcome> = {
  menu: 'hung_up_in_menu',
  queued: 'abandoned_in_queue',
  ringing: 'abandoned_in_queue',
  talking: 'answered',
};

export class Housekeeping {
  readonly #topology: Topology;
  readonly #store: LineStore;
  readonly #clock: Clock;
  readonly #moves: CallMoves;
  readonly #log: HousekeepingLog;
  readonly #lineKeys: string[];
  readonly #queueRoutes: LiveRoute[];

  constructor(deps: HousekeepingDeps) {
    this.#topology = deps.topology;
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#moves = deps.moves;
    this.#log = deps.log;
    this.#lineKeys = deps.topology.lines.map((l) => l.key);
    this.#queueRoutes = [...deps.topology.routes.values()].filter((r) => r.onNoLine.action === 'queue');
  }

  async tick(): Promise<void> {
    await this.#restoreLines();
    await this.#expireQueued();
    await this.#closeUnstaffedQueues();
    await this.#expireCalls();
    await this.#repairLines();
    await this.#offerFreeLines();
  }

  /** Lines with no state (a Redis restarted empty, failed over or evicting) get a new line's, never overwriting any. */
  async #restoreLines(): Promise<void> {
    const created = await this.#store.init(this.#lineKeys, this.#clock.now());
    if (created > 0) this.#log.warn({ lines: created }, 'line state was missing and has been re-created from the scenario');
  }

  async #expireQueued(): Promise<void> {
    const now = this.#clock.now();
    for (const route of this.#queueRoutes) {
      if (route.onNoLine.action !== 'queue' || route.onNoLine.maxWaitSeconds === undefined) continue;
      const limit = route.onNoLine.maxWaitSeconds * 1000;
      for (const entry of await this.#store.queue(route.category)) {
        if (now - entry.enqueuedAt >= limit) await this.#moves.endQueued(route.category, entry.callId, 'blocked');
      }
    }
  }

  /**
   * A route is closed when none of its lines is scheduled on duty and none is put on duty by
   * hand; staff who take lines off duty during their hours are on a break, and callers keep
   * waiting for them.
   */
  async #closeUnstaffedQueues(): Promise<void> {
    const routes = this.#queueRoutes;
    if (routes.length === 0) return;
    const lengths = await this.#store.queueLengths(routes.map((r) => r.category));
    const weekSecond = localTime(this.#clock.now(), this.#topology.timeZone).weekSecond;
    for (let r = 0; r < routes.length; r++) {
      const route = routes[r]!;
      const lines = route.pools.flatMap((p) => p.lines.map((i) => this.#topology.lines[i]!));
      if (lengths[r] === 0 || lines.length === 0) continue;
      const states = await this.#store.lines(lines.map((l) => l.key));
      const open = lines.some((line, i) => states[i]!.duty === 'on' || isOnDuty(line.schedule, weekSecond));
      if (open) continue;
      for (const entry of await this.#store.queue(route.category)) await this.#moves.endQueued(route.category, entry.callId, 'closed');
    }
  }

  /**
   * Calls past their deadline, read from the store's deadline index (no scan of every call): each
   * ends with its status's outcome, marked `endedBy: 'timeout'`, and a line it held goes to the
   * next queued call. A call moved on meanwhile (answered, ended) is left alone.
   */
  async #expireCalls(): Promise<void> {
    const now = this.#clock.now();
    for (const id of await this.#store.expiredCalls(now, EXPIRED_PER_TICK)) {
      const call = await this.#store.getCall(id);
      if (call === undefined || call.status === 'ended') {
        await this.#store.dropDeadline(id);
        continue;
      }
      if (call.deadline !== null && call.deadline > now) continue;
      const ended = await this.#expire(call);
      if (ended !== undefined) this.#log.info({ callId: id, status: call.status, outcome: ended.outcome }, 'call ended by timeout');
    }
  }

  async #expire(call: CallRecord): Promise<CallRecord | undefined> {
    switch (call.status) {
      case 'menu':
        return this.#moves.tryFinish(call, TIMEOUT_OUTCOME.menu, call.category, 'timeout');
      case 'queued':
        await this.#moves.endQueued(call.category!, call.id, TIMEOUT_OUTCOME.queued, 'timeout');
        return this.#store.getCall(call.id);
      case 'ringing':
      case 'talking':
        return this.#moves.endOnLine(call, 'timeout');
      case 'ended':
        return undefined;
    }
  }

  /**
   * Lines held by a call that has ended, is gone, or is not on this line (an instance died between
   * ending a call and freeing its line; Redis lost the call). A call is put on a line and written
   * in one atomic step, so a live holder is always on its line.
   */
  async #repairLines(): Promise<void> {
    const lines = this.#topology.lines;
    const states = await this.#store.lines(this.#lineKeys);
    for (let i = 0; i < lines.length; i++) {
      const holder = states[i]!.call;
      if (holder === null) continue;
      const call = await this.#store.getCall(holder);
      if (call === undefined || call.status === 'ended' || call.line !== lines[i]!.key) await this.#moves.handOff(lines[i]!, holder);
    }
  }

  /** Free lines on duty (a shift starting, a line put back on) take waiting calls. */
  async #offerFreeLines(): Promise<void> {
    const serving = this.#topology.lines.filter((l) => l.serves.length > 0);
    if (serving.length === 0) return;
    const categories = [...new Set(serving.flatMap((l) => l.serves))];
    const lengths = await this.#store.queueLengths(categories);
    const waiting = new Set(categories.filter((_, i) => lengths[i]! > 0));
    if (waiting.size === 0) return;
    const states = await this.#store.lines(serving.map((l) => l.key));
    const weekSecond = localTime(this.#clock.now(), this.#topology.timeZone).weekSecond;
    for (let i = 0; i < serving.length; i++) {
      const line = serving[i]!;
      const state = states[i]!;
      if (state.call === null && onDuty(state.duty, isOnDuty(line.schedule, weekSecond)) && line.serves.some((c) => waiting.has(c))) {
        await this.#moves.handOff(line, '');
      }
    }
  }
}
