/**
 * Live state in this process only: the default when REDIS_URL is unset. Every method runs
 * synchronously inside one tick, which is what makes each operation atomic here.
 *
 * Ended calls are forgotten after the retention (`callRetentionSeconds`): each write that ends a
 * call appends (expiry, id, version) to a FIFO whose due head every call read or write drops
 * (amortised O(1), no timers). Active calls are indexed by deadline (`#deadlines`), for
 * housekeeping and the active-call cap.
 *
 * Outcome counts are kept as long as in Redis (line-store.ts), their age measured on the
 * service's clock the buckets are keyed on; old buckets are swept at most once per counted minute.
 */
import type { CallRecord } from './call-record.ts';
import {
  countKey,
  DAY_COUNTS_RETENTION_SECONDS,
  DEFAULT_CALL_RETENTION_SECONDS,
  MINUTE_COUNTS_RETENTION_SECONDS,
  type CallAndRoute,
  type DutyOverride,
  type Enqueued,
  type LineState,
  type LineStore,
  type NextCall,
  newLine,
  onDuty,
  type OutcomeCount,
  type OutcomeCounts,
  type QueueEntry,
  type ReleaseResult,
} from './line-store.ts';

export interface MemoryLineStoreOptions {
  /** How long an ended call stays readable (seconds); default 3600. */
  callRetentionSeconds?: number;
  /** The clock the retention runs on (ms); real time by default, as Redis's TTLs. */
  now?: () => number;
}

export class MemoryLineStore implements LineStore {
  readonly #retentionMs: number;
  readonly #now: () => number;
  /** Ended calls in order of expiry (ends are appended as they happen); `#expiryHead` is the first live entry. */
  readonly #expiryAt: number[] = [];
  readonly #expiryId: string[] = [];
  readonly #expiryVersion: number[] = [];
  #expiryHead = 0;
  readonly #lines = new Map<string, LineState>();
  readonly #queues = new Map<string, QueueEntry[]>();
  readonly #calls = new Map<string, CallRecord>();
  /** Deadline of every active call (at most the active-call cap of them). */
  readonly #deadlines = new Map<string, number>();
  readonly #minuteCounts = new Map<number, OutcomeCounts>();
  readonly #dayCounts = new Map<string, OutcomeCounts>();
  /** The counted minute from which the next sweep of old count buckets is due. */
  #sweepFrom = Number.NEGATIVE_INFINITY;
  #seq = 0;
  readonly #listeners: Array<() => void> = [];

  constructor(options: MemoryLineStoreOptions = {}) {
    const seconds = options.callRetentionSeconds ?? DEFAULT_CALL_RETENTION_SECONDS;
    if (!(seconds > 0) || !Number.isFinite(seconds)) throw new RangeError(`call retention must be a number of seconds > 0, got ${seconds}`);
    this.#retentionMs = seconds * 1000;
    this.#now = options.now ?? Date.now;
  }

  async init(lineKeys: readonly string[], now: number): Promise<number> {
    let created = 0;
    for (const key of lineKeys) {
      if (this.#lines.has(key)) continue;
      this.#lines.set(key, newLine(key, now));
      created++;
    }
    return created;
  }

  async lines(keys: readonly string[]): Promise<LineState[]> {
    return keys.map((key) => this.#line(key));
  }

  async claimForCall(key: string, scheduledOnDuty: boolean, call: CallRecord): Promise<CallRecord | 'line_taken' | 'call_changed'> {
    // no await in between: the check and both writes happen in one tick
    this.#expire();
    const stored = this.#calls.get(call.id);
    if (stored === undefined || stored.version !== call.version) return 'call_changed';
    const line = this.#line(key);
    if (line.call !== null || !onDuty(line.duty, scheduledOnDuty)) return 'line_taken';
    this.#setLine({ ...line, call: call.id, callsTaken: line.callsTaken + 1 });
    return this.#store(call);
  }

  async release(key: string, callId: string, now: number, next: NextCall | undefined, scheduledOnDuty: boolean): Promise<ReleaseResult> {
    const line = this.#line(key);
    if ((line.call ?? '') !== callId) return 'not_held';
    if (next !== undefined && onDuty(line.duty, scheduledOnDuty)) {
      // no await in between: off the queue, on the line and written as ringing in one tick
      this.#expire();
      const queue = this.#queues.get(next.queue) ?? [];
      if (queue[0]?.callId !== next.call.id) return 'conflict';
      if (this.#calls.get(next.call.id)?.version !== next.call.version) return 'conflict';
      queue.shift();
      this.#setLine({ ...line, call: next.call.id, callsTaken: line.callsTaken + 1 });
      this.#store(next.call);
      return 'took';
    }
    if (callId !== '') this.#setLine({ ...line, call: null, idleSince: now });
    return 'freed';
  }

  async setDuty(key: string, duty: DutyOverride): Promise<void> {
    this.#setLine({ ...this.#line(key), duty });
  }

  async enqueue(queue: string, call: CallRecord, maxLength: number | undefined): Promise<Enqueued> {
    this.#expire();
    if (this.#calls.get(call.id)?.version !== call.version) return 'call_changed';
    const entries = this.#queues.get(queue) ?? [];
    if (maxLength !== undefined && entries.length >= maxLength) return 'full';
    entries.push({ callId: call.id, enqueuedAt: call.enqueuedAt ?? 0, seq: ++this.#seq });
    this.#queues.set(queue, entries);
    return { position: entries.length, call: this.#store(call) };
  }

  async dequeue(queue: string, callId: string): Promise<boolean> {
    const entries = this.#queues.get(queue) ?? [];
    const i = entries.findIndex((e) => e.callId === callId);
    if (i < 0) return false;
    entries.splice(i, 1);
    return true;
  }

  async queue(queue: string): Promise<QueueEntry[]> {
    return (this.#queues.get(queue) ?? []).map((e) => ({ ...e }));
  }

  async queueLengths(queues: readonly string[]): Promise<number[]> {
    return queues.map((q) => this.#queues.get(q)?.length ?? 0);
  }

  async createCall(call: CallRecord, maxActive: number): Promise<boolean> {
    this.#expire();
    if (call.status !== 'ended' && this.#deadlines.size >= maxActive) return false;
    this.#calls.set(call.id, call);
    this.#index(call);
    this.#retainIfEnded(call);
    return true;
  }

  async getCall(id: string): Promise<CallRecord | undefined> {
    this.#expire();
    return this.#calls.get(id);
  }

  async callAndRoute(id: string, lineKeys: readonly string[], queue: string): Promise<CallAndRoute> {
    this.#expire();
    return {
      call: this.#calls.get(id),
      lines: lineKeys.map((key) => this.#line(key)),
      waiting: this.#queues.get(queue)?.length ?? 0,
    };
  }

  async updateCall(call: CallRecord, count?: OutcomeCount): Promise<CallRecord | undefined> {
    this.#expire();
    const stored = this.#calls.get(call.id);
    if (stored === undefined || stored.version !== call.version) return undefined;
    const next = this.#store(call);
    if (count !== undefined) {
      if (count.minute >= this.#sweepFrom) this.#sweepCounts(count);
      const key = countKey(count.category, count.outcome);
      bump(this.#minuteCounts, count.minute, key);
      bump(this.#dayCounts, count.date, key);
    }
    return next;
  }

  async expiredCalls(now: number, limit: number): Promise<string[]> {
    const due: Array<[string, number]> = [];
    for (const entry of this.#deadlines) if (entry[1] <= now) due.push(entry);
    return due
      .sort((a, b) => a[1] - b[1])
      .slice(0, limit)
      .map(([id]) => id);
  }

  async dropDeadline(id: string): Promise<void> {
    this.#deadlines.delete(id);
  }

  async countsFor(minutes: readonly number[], date: string): Promise<{ minutes: OutcomeCounts[]; day: OutcomeCounts }> {
    return {
      minutes: minutes.map((m) => ({ ...this.#minuteCounts.get(m) })),
      day: { ...this.#dayCounts.get(date) },
    };
  }

  async announceChange(): Promise<void> {
    for (const listener of this.#listeners) listener();
  }

  async onChange(listener: () => void): Promise<void> {
    this.#listeners.push(listener);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}

  /**
   * Stores `call` as the next version (its version bumped) and returns the stored record. Records
   * are immutable (call-record.ts), so the one stored is also the one handed back: no copies.
   */
  #store(call: CallRecord): CallRecord {
    const next: CallRecord = { ...call, version: call.version + 1 };
    this.#calls.set(next.id, next);
    this.#index(next);
    this.#retainIfEnded(next);
    return next;
  }

  /** `call` was just stored: active calls are indexed by deadline, ended ones leave the index. */
  #index(call: CallRecord): void {
    if (call.status === 'ended') this.#deadlines.delete(call.id);
    else this.#deadlines.set(call.id, call.deadline ?? Number.POSITIVE_INFINITY);
  }

  /** `call` was just stored: if it has ended, it expires one retention from now. */
  #retainIfEnded(call: CallRecord): void {
    if (call.status !== 'ended') return;
    this.#expiryAt.push(this.#now() + this.#retentionMs);
    this.#expiryId.push(call.id);
    this.#expiryVersion.push(call.version);
  }

  /**
   * Forgets the ended calls whose retention is over. An entry only removes the record it was made
   * for (same version): a record written again since has its own, later entry. Entries are
   * appended in time order, so the scan stops at the first one not yet due.
   */
  #expire(): void {
    const at = this.#expiryAt;
    let head = this.#expiryHead;
    if (head === at.length) return;
    const now = this.#now();
    if (at[head]! > now) return;
    while (head < at.length && at[head]! <= now) {
      const id = this.#expiryId[head]!;
      const stored = this.#calls.get(id);
      if (stored !== undefined && stored.version === this.#expiryVersion[head] && stored.status === 'ended') this.#calls.delete(id);
      head++;
    }
    if (head === at.length) {
      at.length = 0;
      this.#expiryId.length = 0;
      this.#expiryVersion.length = 0;
      head = 0;
    } else if (head > 1024 && head * 2 > at.length) {
      at.splice(0, head);
      this.#expiryId.splice(0, head);
      this.#expiryVersion.splice(0, head);
      head = 0;
    }
    this.#expiryHead = head;
  }

  /** Drops the count buckets older than the retention, measured back from `count`; next due a minute later. */
  #sweepCounts(count: OutcomeCount): void {
    this.#sweepFrom = count.minute + 1;
    const oldestMinute = count.minute - MINUTE_COUNTS_RETENTION_SECONDS / 60;
    for (const minute of this.#minuteCounts.keys()) if (minute < oldestMinute) this.#minuteCounts.delete(minute);
    const midnight = Date.parse(`${count.date}T00:00:00Z`);
    if (Number.isNaN(midnight)) return;
    const oldestDate = new Date(midnight - DAY_COUNTS_RETENTION_SECONDS * 1000).toISOString().slice(0, 10);
    for (const date of this.#dayCounts.keys()) if (date < oldestDate) this.#dayCounts.delete(date);
  }

  #setLine(line: LineState): void {
    this.#lines.set(line.key, line);
  }

  #line(key: string): LineState {
    return this.#lines.get(key) ?? newLine(key, 0);
  }
}

function bump<K>(buckets: Map<K, OutcomeCounts>, bucket: K, key: string): void {
  const counts = buckets.get(bucket) ?? {};
  counts[key] = (counts[key] ?? 0) + 1;
  buckets.set(bucket, counts);
}
