/**
 * Live state in Redis (REDIS_URL set), shared by every service instance. State lives only in
 * Redis, so a restarted instance simply carries on; multi-step changes are Lua scripts
 * (redis-scripts.ts). Keys are `<prefix>line:<org>/<line>`, `<prefix>q:<category>` (+ `qd:`),
 * `<prefix>call:<id>`, `<prefix>m:<epoch minute>`, `<prefix>d:<local date>`.
 *
 * An ended call's key expires one retention (`callRetentionSeconds`) after the write that ended
 * it (PEXPIRE in the same UPDATE_CALL script). Nothing else names an ended call for long: it has
 * left its queue before it ends, and a line still held by a call that is gone is freed by the
 * tick just like one held by an ended call.
 */
import { Redis } from 'ioredis';
import { CallRecordSchema, type CallRecord } from './call-record.ts';
import {
  countKey,
  DAY_COUNTS_RETENTION_SECONDS,
  DEFAULT_CALL_RETENTION_SECONDS,
  MINUTE_COUNTS_RETENTION_SECONDS,
  type CallAndRoute,
  type DutyOverride,
  type LineState,
  type LineStore,
  type OutcomeCount,
  type OutcomeCounts,
  type QueueEntry,
  type ReleaseResult,
} from './line-store.ts';
import { CALL_AND_ROUTE, CLAIM_FOR_CALL, CLAIM_LINE, DEQUEUE, ENQUEUE, RELEASE_LINE, UPDATE_CALL } from './redis-scripts.ts';

interface Settle {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface ScriptCommands {
  hlClaim(line: string, callId: string, scheduled: string): Promise<number>;
  hlClaimForCall(line: string, call: string, callId: string, scheduled: string, version: number, json: string, ttl: number): Promise<number>;
  hlRelease(line: string, queue: string, queueData: string, callId: string, now: number, next: string, scheduled: string): Promise<ReleaseResult>;
  hlEnqueue(queue: string, queueData: string, seq: string, callId: string, enqueuedAt: number, maxLength: number): Promise<number>;
  hlDequeue(queue: string, queueData: string, callId: string): Promise<number>;
  hlCallAndRoute(numberOfKeys: number, ...keys: string[]): Promise<Array<string | number | null>>;
  hlUpdateCall(
    call: string,
    minuteCounts: string,
    dayCounts: string,
    version: number,
    json: string,
    ttlMs: number,
    field: string,
    minuteTtl: number,
    dayTtl: number,
  ): Promise<number>;
}

/**
 * Calls and count buckets outlive their use by a margin; nothing in Redis grows without bound.
 * An active call's TTL is renewed on every write (a safety net for calls whose front end vanished
 * without ending them); an ended call's is the retention. Count buckets expire after the shared
 * retentions of line-store.ts (minute buckets cover a whole local day for GET /live/history).
 */
const CALL_TTL_SECONDS = 24 * 3600;
const CALL_TTL_MS = CALL_TTL_SECONDS * 1000;

export interface RedisLineStoreOptions {
  /** How long an ended call stays readable (seconds, may be fractional); default 3600. */
  callRetentionSeconds?: number;
}

export class RedisLineStore implements LineStore {
  readonly #redis: Redis & ScriptCommands;
  readonly #retentionMs: number;
  readonly #prefix: string;
  readonly #onError: (error: Error) => void;
  /** Second connection for change announcements (a subscribed connection can do nothing else). */
  #subscriber: Redis | undefined;
  /** Call-flow commands gathered during this turn of the event loop (see #batched). */
  #batch: { pipeline: ReturnType<Redis['pipeline']> & ScriptCommands; waiting: Array<Settle> } | undefined;

  /** `onError` hears connection errors (ioredis reconnects by itself; commands meanwhile fail). */
  constructor(url: string, prefix: string, onError: (error: Error) => void = () => {}, options: RedisLineStoreOptions = {}) {
    const seconds = options.callRetentionSeconds ?? DEFAULT_CALL_RETENTION_SECONDS;
    if (!(seconds > 0) || !Number.isFinite(seconds)) throw new RangeError(`call retention must be a number of seconds > 0, got ${seconds}`);
    this.#retentionMs = Math.max(1, Math.round(seconds * 1000));
    // auto-pipelining batches the commands of concurrent requests into one round trip
    const redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, enableAutoPipelining: true });
    redis.on('error', onError);
    redis.defineCommand('hlClaim', { numberOfKeys: 1, lua: CLAIM_LINE });
    redis.defineCommand('hlClaimForCall', { numberOfKeys: 2, lua: CLAIM_FOR_CALL });
    redis.defineCommand('hlRelease', { numberOfKeys: 3, lua: RELEASE_LINE });
    redis.defineCommand('hlEnqueue', { numberOfKeys: 3, lua: ENQUEUE });
    redis.defineCommand('hlDequeue', { numberOfKeys: 2, lua: DEQUEUE });
    redis.defineCommand('hlUpdateCall', { numberOfKeys: 3, lua: UPDATE_CALL });
    redis.defineCommand('hlCallAndRoute', { lua: CALL_AND_ROUTE });
    this.#redis = redis as Redis & ScriptCommands;
    this.#prefix = prefix;
    this.#onError = onError;
  }

  /**
   * Sends a call-flow command in one pipeline with every other call-flow command issued during
   * this turn of the event loop (flushed by setImmediate, after the poll phase has handed over
   * all the requests that arrived together). ioredis's auto-pipelining flushes on nextTick,
   * i.e. after each request's own I/O callback: one socket write, and one Redis wake-up, per
   * request and command. Batching per loop turn makes it one per turn (bench:routing).
   */
  #batched<T>(add: (pipeline: ReturnType<Redis['pipeline']> & ScriptCommands) => void): Promise<T> {
    let batch = this.#batch;
    if (batch === undefined) {
      const started = { pipeline: this.#redis.pipeline() as ReturnType<Redis['pipeline']> & ScriptCommands, waiting: [] as Settle[] };
      this.#batch = batch = started;
      setImmediate(() => {
        this.#batch = undefined;
        started.pipeline.exec().then(
          (results) => {
            for (let i = 0; i < started.waiting.length; i++) {
              const [error, value] = results?.[i] ?? [new Error('Redis pipeline aborted'), undefined];
              if (error) started.waiting[i]!.reject(error);
              else started.waiting[i]!.resolve(value);
            }
          },
          (error: unknown) => {
            for (const w of started.waiting) w.reject(error);
          },
        );
      });
    }
    add(batch.pipeline);
    return new Promise<T>((resolve, reject) => batch.waiting.push({ resolve: resolve as (value: unknown) => void, reject }));
  }

  async announceChange(): Promise<void> {
    await this.#redis.publish(this.#changes(), '');
  }

  async onChange(listener: () => void): Promise<void> {
    if (this.#subscriber === undefined) {
      this.#subscriber = this.#redis.duplicate();
      this.#subscriber.on('error', this.#onError);
      await this.#subscriber.subscribe(this.#changes());
    }
    this.#subscriber.on('message', listener);
  }

  async ping(): Promise<void> {
    await this.#redis.ping();
  }

  async init(lineKeys: readonly string[], now: number): Promise<void> {
    const pipeline = this.#redis.pipeline();
    for (const key of lineKeys) {
      const k = this.#line(key);
      pipeline.hsetnx(k, 'call', '');
      pipeline.hsetnx(k, 'duty', '');
      pipeline.hsetnx(k, 'idleSince', now);
      pipeline.hsetnx(k, 'callsTaken', 0);
    }
    await execOrThrow(pipeline);
  }

  async lines(keys: readonly string[]): Promise<LineState[]> {
    const pipeline = this.#redis.pipeline();
    for (const key of keys) pipeline.hmget(this.#line(key), 'call', 'duty', 'idleSince', 'callsTaken');
    const rows = (await execOrThrow(pipeline)) as Array<Array<string | null>>;
    return keys.map((key, i) => lineState(key, rows[i]!, 0));
  }

  async callAndRoute(id: string, lineKeys: readonly string[], queue: string): Promise<CallAndRoute> {
    const keys = [this.#call(id)];
    for (const key of lineKeys) keys.push(this.#line(key));
    keys.push(this.#queue(queue));
    const row = await this.#batched<Array<string | number | null>>((p) => p.hlCallAndRoute(keys.length, ...keys));
    const data = row[0];
    return {
      call: typeof data === 'string' ? parseCall(data) : undefined,
      lines: lineKeys.map((key, i) => lineState(key, row, 1 + 4 * i)),
      waiting: Number(row[row.length - 1]),
    };
  }

  async claim(key: string, callId: string, scheduledOnDuty: boolean): Promise<boolean> {
    return (await this.#redis.hlClaim(this.#line(key), callId, scheduledOnDuty ? '1' : '0')) === 1;
  }

  async claimForCall(key: string, scheduledOnDuty: boolean, call: CallRecord): Promise<CallRecord | 'line_taken' | 'call_changed'> {
    const next = { ...call, version: call.version + 1 };
    const json = JSON.stringify(next);
    const result = await this.#batched<number>((p) =>
      p.hlClaimForCall(this.#line(key), this.#call(call.id), call.id, scheduledOnDuty ? '1' : '0', call.version, json, CALL_TTL_SECONDS),
    );
    return result === 1 ? next : result === 0 ? 'line_taken' : 'call_changed';
  }

  async release(
    key: string,
    callId: string,
    now: number,
    next: { queue: string; callId: string } | undefined,
    scheduledOnDuty: boolean,
  ): Promise<ReleaseResult> {
    const queue = next?.queue ?? '';
    return this.#redis.hlRelease(
      this.#line(key),
      this.#queue(queue),
      this.#queueData(queue),
      callId,
      now,
      next?.callId ?? '',
      scheduledOnDuty ? '1' : '0',
    );
  }

  async setDuty(key: string, duty: DutyOverride): Promise<void> {
    await this.#redis.hset(this.#line(key), 'duty', duty ?? '');
  }

  async enqueue(queue: string, callId: string, enqueuedAt: number, maxLength: number | undefined): Promise<number | null> {
    const position = await this.#redis.hlEnqueue(
      this.#queue(queue),
      this.#queueData(queue),
      `${this.#prefix}seq`,
      callId,
      enqueuedAt,
      maxLength ?? -1,
    );
    return position === 0 ? null : position;
  }

  async dequeue(queue: string, callId: string): Promise<boolean> {
    return (await this.#redis.hlDequeue(this.#queue(queue), this.#queueData(queue), callId)) === 1;
  }

  async queue(queue: string): Promise<QueueEntry[]> {
    const result = await execOrThrow(
      this.#redis.multi().zrange(this.#queue(queue), '0', '-1', 'WITHSCORES').hgetall(this.#queueData(queue)),
    );
    const [members, data] = result as [string[], Record<string, string>];
    const entries: QueueEntry[] = [];
    for (let i = 0; i < members.length; i += 2) {
      const callId = members[i]!;
      entries.push({ callId, seq: Number(members[i + 1]), enqueuedAt: Number(data[callId]) });
    }
    return entries;
  }

  async queueLengths(queues: readonly string[]): Promise<number[]> {
    const pipeline = this.#redis.pipeline();
    for (const q of queues) pipeline.zcard(this.#queue(q));
    return (await execOrThrow(pipeline)) as number[];
  }

  async createCall(call: CallRecord): Promise<void> {
    const key = this.#call(call.id);
    await execOrThrow(
      this.#redis
        .multi()
        .hset(key, 'v', String(call.version), 'data', JSON.stringify(call))
        .pexpire(key, call.status === 'ended' ? this.#retentionMs : CALL_TTL_MS),
    );
  }

  async getCall(id: string): Promise<CallRecord | undefined> {
    const data = await this.#redis.hget(this.#call(id), 'data');
    return data === null ? undefined : parseCall(data);
  }

  async updateCall(call: CallRecord, count?: OutcomeCount): Promise<CallRecord | undefined> {
    const next = { ...call, version: call.version + 1 };
    const args = [
      this.#call(call.id),
      this.#minuteCounts(count?.minute ?? 0),
      this.#dayCounts(count?.date ?? ''),
      call.version,
      JSON.stringify(next),
      next.status === 'ended' ? this.#retentionMs : CALL_TTL_MS,
      count === undefined ? '' : countKey(count.category, count.outcome),
      MINUTE_COUNTS_RETENTION_SECONDS,
      DAY_COUNTS_RETENTION_SECONDS,
    ] as const;
    const ok = await this.#batched<number>((p) => p.hlUpdateCall(...args));
    return ok === 1 ? next : undefined;
  }

  async countsFor(minutes: readonly number[], date: string): Promise<{ minutes: OutcomeCounts[]; day: OutcomeCounts }> {
    const pipeline = this.#redis.pipeline();
    for (const m of minutes) pipeline.hgetall(this.#minuteCounts(m));
    pipeline.hgetall(this.#dayCounts(date));
    const rows = ((await execOrThrow(pipeline)) as Array<Record<string, string>>).map(toCounts);
    return { minutes: rows.slice(0, minutes.length), day: rows[minutes.length]! };
  }

  async close(): Promise<void> {
    await this.#subscriber?.quit();
    await this.#redis.quit();
  }

  #line(key: string): string {
    return `${this.#prefix}line:${key}`;
  }
  #queue(category: string): string {
    return `${this.#prefix}q:${category}`;
  }
  #queueData(category: string): string {
    return `${this.#prefix}qd:${category}`;
  }
  #changes(): string {
    return `${this.#prefix}changes`;
  }
  #call(id: string): string {
    return `${this.#prefix}call:${id}`;
  }
  #minuteCounts(epochMinute: number): string {
    return `${this.#prefix}m:${epochMinute}`;
  }
  #dayCounts(date: string): string {
    return `${this.#prefix}d:${date}`;
  }
}

function parseCall(json: string): CallRecord {
  return CallRecordSchema.parse(JSON.parse(json));
}

/** A line's state from its fields call, duty, idleSince, callsTaken at `at` in a reply. */
function lineState(key: string, row: ReadonlyArray<string | number | null>, at: number): LineState {
  const call = row[at];
  if (call === null || call === undefined) throw new Error(`unknown line ${key}: call init() first`);
  const duty = row[at + 1];
  return {
    key,
    call: call === '' ? null : String(call),
    duty: duty === 'on' || duty === 'off' ? duty : null,
    idleSince: Number(row[at + 2]),
    callsTaken: Number(row[at + 3]),
  };
}

function toCounts(raw: Record<string, string>): OutcomeCounts {
  const counts: OutcomeCounts = {};
  for (const [k, v] of Object.entries(raw)) counts[k] = Number(v);
  return counts;
}

/** A pipeline or transaction's results, throwing the first command error instead of returning it. */
async function execOrThrow(batch: { exec(): Promise<Array<[Error | null, unknown]> | null> }): Promise<unknown[]> {
  const results = await batch.exec();
  if (results === null) throw new Error('Redis transaction aborted');
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}
