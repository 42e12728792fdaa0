/**
 * The store moves shared by the request path (CallFlow), housekeeping and staff: ending a call
 * exactly once, and handing a freed line to the next queued call in one atomic step.
 */
import type { Outcome } from '../../core/scenario/schema.ts';
import { nextToServe } from '../../core/routing/queue-order.ts';
import { isOnDuty } from '../../core/routing/schedule.ts';
import { changedMeanwhile } from './call-flow-error.ts';
import type { CallRecord } from './call-record.ts';
import type { Clock } from '../../sim/io/clock.ts';
import { deadlineFor, type LiveLimits } from './limits.ts';
import type { LineStore, NextCall } from './line-store.ts';
import { localTime } from '../../core/time/local-time.ts';
import type { LiveLine, Topology } from './topology.ts';

/** Re-reads of a call or line that another writer is moving at the same moment. */
export const MAX_CALL_RETRIES = 50;

export interface CallMovesDeps {
  topology: Topology;
  store: LineStore;
  clock: Clock;
  limits: LiveLimits;
  /** Called after every change to live state, so the live feed can push at once. */
  onChange: () => void;
}

export class CallMoves {
  readonly #topology: Topology;
  readonly #store: LineStore;
  readonly #clock: Clock;
  readonly #limits: LiveLimits;
  readonly #onChange: () => void;

  constructor(deps: CallMovesDeps) {
    this.#topology = deps.topology;
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#limits = deps.limits;
    this.#onChange = deps.onChange;
  }

  /** `call` moved to `status` now: since and deadline set for it. */
  toStatus(call: CallRecord, status: CallRecord['status'], now = this.#clock.now()): CallRecord {
    return { ...call, status, since: now, deadline: deadlineFor(status, now, this.#limits) };
  }

  /** Ends the call, or rejects with a conflict if another writer moved it since it was read. */
  finish(call: CallRecord, outcome: Outcome, category = call.category, endedBy: CallRecord['endedBy'] = null): Promise<CallRecord> {
    return this.tryFinish(call, outcome, category, endedBy).then((stored) => stored ?? Promise.reject(changedMeanwhile(call.id)));
  }

  /** Ends the call if nobody changed it since it was read; records the outcome once (under `category`). */
  tryFinish(call: CallRecord, outcome: Outcome, category = call.category, endedBy: CallRecord['endedBy'] = null): Promise<CallRecord | undefined> {
    const now = this.#clock.now();
    const count = { minute: Math.floor(now / 60_000), date: localTime(now, this.#topology.timeZone).date, category, outcome };
    const ended: CallRecord = { ...call, category, status: 'ended', outcome, endedAt: now, since: now, deadline: null, endedBy };
    return this.#store.updateCall(ended, count).then(this.#changed);
  }

  /**
   * Ends a call that is ringing or talking and frees its line for the next queued call. A call
   * ended while its line rang had been waiting for a person: abandoned_in_queue; once talking: answered.
   */
  async endOnLine(call: CallRecord, endedBy: CallRecord['endedBy'] = null): Promise<CallRecord | undefined> {
    const stored = await this.tryFinish(call, call.status === 'talking' ? 'answered' : 'abandoned_in_queue', call.category, endedBy);
    if (stored !== undefined && call.line !== null) await this.handOff(this.#topology.byKey.get(call.line)!, call.id);
    return stored;
  }

  /** Takes a call out of its queue and ends it, unless another writer got there first. */
  async endQueued(category: string, callId: string, outcome: Outcome, endedBy: CallRecord['endedBy'] = null): Promise<void> {
    if (!(await this.#store.dequeue(category, callId))) return;
    // off the queue, only this writer moves the call now
    for (let i = 0; i < MAX_CALL_RETRIES; i++) {
      const call = await this.#store.getCall(callId);
      if (call === undefined || (await this.tryFinish(call, outcome, category, endedBy)) !== undefined) return;
    }
  }

  /**
   * `line` is being freed by `callId` ('' = it is already free): it takes the call the core's
   * queue order picks among the queues it serves (written as ringing in the same atomic step), or
   * becomes free.
   */
  async handOff(line: LiveLine, callId: string): Promise<void> {
    for (let i = 0; i < MAX_CALL_RETRIES; i++) {
      const now = this.#clock.now();
      const next = await this.#nextCallFor(line, now);
      if (next === 'stale') continue;
      const scheduled = isOnDuty(line.schedule, localTime(now, this.#topology.timeZone).weekSecond);
      const result = await this.#store.release(line.key, callId, now, next, scheduled);
      if (result === 'conflict') continue;
      if (result !== 'not_held') this.#onChange();
      return;
    }
    await this.#store.release(line.key, callId, this.#clock.now(), undefined, false);
  }

  /**
   * The queued call `line` takes at `now` (the core's queue order over the queues it serves),
   * written as ringing on it; undefined when no call waits; 'stale' when the head's call was gone
   * (expired, or lost with Redis data) and its entry has been dropped: look again.
   */
  async #nextCallFor(line: LiveLine, now: number): Promise<NextCall | undefined | 'stale'> {
    const heads = await Promise.all(line.serves.map(async (c) => (await this.#store.queue(c))[0]));
    const best = nextToServe(
      heads.map((h, j) => h && { priority: this.#topology.routes.get(line.serves[j]!)!.priority, enqueuedAt: h.enqueuedAt, seq: h.seq }),
    );
    if (best < 0) return undefined;
    const queue = line.serves[best]!;
    const head = await this.#store.getCall(heads[best]!.callId);
    if (head === undefined || head.status !== 'queued') {
      await this.#store.dequeue(queue, heads[best]!.callId);
      return 'stale';
    }
    return { queue, call: { ...this.toStatus(head, 'ringing', now), line: line.key } };
  }

  /** One function for every call (not a closure per call): reports a change when a write went through. */
  readonly #changed = (stored: CallRecord | undefined): CallRecord | undefined => {
    if (stored !== undefined) this.#onChange();
    return stored;
  };
}
