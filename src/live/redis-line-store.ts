/**
 * Live state in Redis (REDIS_URL set), shared by every service instance. State lives only in
 * Redis, so a restarted instance simply carries on; multi-step changes are Lua scripts
 * (redis-scripts.ts). Keys are `<prefix>line:<org>/<line>`, `<prefix>q:<category>` (+ `qd:`),
 * `<prefix>call:<id>`, `<prefix>deadlines` (active calls by deadline), `<prefix>m:<epoch minute>`,
 * `<prefix>d:<local date>`.
 *
 * Every command has a timeout (`commandTimeoutMs`): a stalled Redis fails requests quickly (503,
 * see store-errors.ts) instead of holding them. A missing line reads as a new one and is
 * re-created by `init`, which the tick runs, so an emptied Redis needs no restart.
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
  type Enqueued,
  type LineStore,
  type NextCall,
  newLine,
  type OutcomeCount,
  type OutcomeCounts,
  type QueueEntry,
  type ReleaseResult,
} from './line-store.ts';
import {
  CALL_AND_ROUTE,
  CLAIM_FOR_CALL,
  CREATE_CALL,
  DEQUEUE,
  ENQUEUE,
  ENSURE_LINES,
  RELEASE_LINE,
  UPDATE_CALL,
} from './redis-scripts.ts';

interface ScriptCommands {
  hlClaimForCall(
    line: string,
    call: string,
    deadlines: string,
    callId: string,
    scheduled: string,
    version: number,
    json: string,
    ttl: number,
    deadline: string,
  ): Promise<number>;
  hlRelease(
    line: string,
    queue: string,
    queueData: string,
    nextCall: string,
    deadlines: string,
    callId: string,
    now: number,
    next: string,
    scheduled: string,
    version: number,
    json: string,
    ttl: number,
    deadline: string,
  ): Promise<ReleaseResult>;
  hlEnsureLines(numberOfKeys: number, ...keysAndNow: Array<string | number>): Promise<number>;
  hlEnqueue(
    queue: string,
    queueData: string,
    seq: string,
    call: string,
    deadlines: string,
    callId: string,
    enqueuedAt: number,
    maxLength: number,
    version: number,
    json: string,
    ttl: number,
    deadline: string,
  ): Promise<number>;
  hlDequeue(queue: string, queueData: string, callId: string): Promise<number>;
  hlCallAndRoute(numberOfKeys: number, ...keys: string[]): Promise<Array<string | number | null>>;
  hlCreateCall(call: string, deadlines: string, version: number, json: string, ttlMs: number, deadline: string, maxActive: number, id: string): Promise<number>;
  hlUpdateCall(
    call: string,
    minuteCounts: string,
    dayCounts: string,
    deadlines: string,
    version: number,
    json: string,
    ttlMs: number,
    field: string,
    minuteTtl: number,
    dayTtl: number,
    id: string,
    deadline: string,
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
  /** A command not answered within this many ms fails (the request answers 503); default 2000. */
  commandTimeoutMs?: number;
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 2000;

export class RedisLineStore implements LineStore {
  readonly #redis: Redis & ScriptCommands;
  readonly #retentionMs: number;
  readonly #prefix: string;
  readonly #onError: (error: Error) => void;
  /** Second connection for change announcements (a subscribed connection can do nothing else). */
  #subscriber: Redis | undefined;
  /** The socket is corked for this turn of the event loop (see #corkForThisTurn). */
  #corked = false;

  /** `onError` hears connection errors (ioredis reconnects by itself; commands meanwhile fail). */
  constructor(url: string, prefix: string, onError: (error: Error) => void = () => {}, options: RedisLineStoreOptions = {}) {
    const seconds = options.callRetentionSeconds ?? DEFAULT_CALL_RETENTION_SECONDS;
    if (!(seconds > 0) || !Number.isFinite(seconds)) throw new RangeError(`call retention must be a number of seconds > 0, got ${seconds}`);
    this.#retentionMs = Math.max(1, Math.round(seconds * 1000));
    // no auto-pipelining: it is built on pipelines (see #corkForThisTurn). While disconnected, commands
    // wait in the offline queue for two reconnection attempts at most, and never past the command timeout.
    const redis = new Redis(url, {
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
      commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
    });
    redis.on('error', onError);
    redis.defineCommand('hlClaimForCall', { numberOfKeys: 3, lua: CLAIM_FOR_CALL });
    redis.defineCommand('hlRelease', { numberOfKeys: 5, lua: RELEASE_LINE });
    redis.defineCommand('hlEnsureLines', { lua: ENSURE_LINES });
    redis.defineCommand('hlEnqueue', { numberOfKeys: 5, lua: ENQUEUE });
    redis.defineCommand('hlDequeue', { numberOfKeys: 2, lua: DEQUEUE });
    redis.defineCommand('hlCreateCall', { numberOfKeys: 2, lua: CREATE_CALL });
    redis.defineCommand('hlUpdateCall', { numberOfKeys: 4, lua: UPDATE_CALL });
    redis.defineCommand('hlCallAndRoute', { lua: CALL_AND_ROUTE });
    this.#redis = redis as Redis & ScriptCommands;
    this.#prefix = prefix;
    this.#onError = onError;
  }

  /**
   * Call before sending a command: every command sent during this turn of the event loop, by any
   * request, leaves in one socket write (uncorked by setImmediate), so concurrent requests share a
   * write and a Redis wake-up. Not ioredis pipelines: V8 promotes each one, with its commands and
   * replies, out of the young generation (each defines an accessor of its own).
   */
  #corkForThisTurn(): void {
    const stream = this.#redis.stream;
    // not yet connected: commands wait in ioredis's offline queue
    if (this.#corked || stream === undefined || !stream.writable) return;
    this.#corked = true;
    stream.cork();
    setImmediate(() => {
      this.#corked = false;
      stream.uncork();
    });
  }

  async announceChange(): Promise<void> {
    this.#corkForThisTurn();
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

  async init(lineKeys: readonly string[], now: number): Promise<number> {
    if (lineKeys.length === 0) return 0;
    return this.#redis.hlEnsureLines(lineKeys.length, ...lineKeys.map((key) => this.#line(key)), now);
  }

  async lines(keys: readonly string[]): Promise<LineState[]> {
    this.#corkForThisTurn();
    const rows = await Promise.all(keys.map((key) => this.#redis.hmget(this.#line(key), 'call', 'duty', 'idleSince', 'callsTaken')));
    return keys.map((key, i) => lineState(key, rows[i]!, 0));
  }

  async callAndRoute(id: string, lineKeys: readonly string[], queue: string): Promise<CallAndRoute> {
    const keys = [this.#call(id)];
    for (const key of lineKeys) keys.push(this.#line(key));
    keys.push(this.#queue(queue));
    this.#corkForThisTurn();
    const row = await this.#redis.hlCallAndRoute(keys.length, ...keys);
    const data = row[0];
    return {
      call: typeof data === 'string' ? parseCall(data) : undefined,
      lines: lineKeys.map((key, i) => lineState(key, row, 1 + 4 * i)),
      waiting: Number(row[row.length - 1]),
    };
  }

  async claimForCall(key: string, scheduledOnDuty: boolean, call: CallRecord): Promise<CallRecord | 'line_taken' | 'call_changed'> {
    const next = { ...call, version: call.version + 1 };
    const json = JSON.stringify(next);
    this.#corkForThisTurn();
    const result = await this.#redis.hlClaimForCall(
      this.#line(key),
      this.#call(call.id),
      this.#deadlines(),
      call.id,
      scheduledOnDuty ? '1' : '0',
      call.version,
      json,
      CALL_TTL_SECONDS,
      deadlineArg(next),
    );
    return result === 1 ? next : result === 0 ? 'line_taken' : 'call_changed';
  }

  async release(key: string, callId: string, now: number, next: NextCall | undefined, scheduledOnDuty: boolean): Promise<ReleaseResult> {
    const queue = next?.queue ?? '';
    const written = next === undefined ? undefined : { ...next.call, version: next.call.version + 1 };
    this.#corkForThisTurn();
    return this.#redis.hlRelease(
      this.#line(key),
      this.#queue(queue),
      this.#queueData(queue),
      this.#call(next?.call.id ?? ''),
      this.#deadlines(),
      callId,
      now,
      next?.call.id ?? '',
      scheduledOnDuty ? '1' : '0',
      next?.call.version ?? -1,
      written === undefined ? '' : JSON.stringify(written),
      CALL_TTL_SECONDS,
      written === undefined ? '' : deadlineArg(written),
    );
  }

  async setDuty(key: string, duty: DutyOverride): Promise<void> {
    this.#corkForThisTurn();
    await this.#redis.hset(this.#line(key), 'duty', duty ?? '');
  }

  async enqueue(queue: string, call: CallRecord, maxLength: number | undefined): Promise<Enqueued> {
    const next = { ...call, version: call.version + 1 };
    const json = JSON.stringify(next);
    this.#corkForThisTurn();
    const position = await this.#redis.hlEnqueue(
      this.#queue(queue),
      this.#queueData(queue),
      `${this.#prefix}seq`,
      this.#call(call.id),
      this.#deadlines(),
      call.id,
      call.enqueuedAt ?? 0,
      maxLength ?? -1,
      call.version,
      json,
      CALL_TTL_SECONDS,
      deadlineArg(next),
    );
    return position > 0 ? { position, call: next } : position === 0 ? 'full' : 'call_changed';
  }

  async dequeue(queue: string, callId: string): Promise<boolean> {
    this.#corkForThisTurn();
    return (await this.#redis.hlDequeue(this.#queue(queue), this.#queueData(queue), callId)) === 1;
  }

  async queue(queue: string): Promise<QueueEntry[]> {
    // MULTI (a pipeline in ioredis, see #corkForThisTurn) for one consistent read of the queue and its
    // data; it runs on queue moves and the tick, not on the routing path
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
    this.#corkForThisTurn();
    return Promise.all(queues.map((q) => this.#redis.zcard(this.#queue(q))));
  }

  async createCall(call: CallRecord, maxActive: number): Promise<boolean> {
    const ttl = call.status === 'ended' ? this.#retentionMs : CALL_TTL_MS;
    this.#corkForThisTurn();
    return (await this.#redis.hlCreateCall(this.#call(call.id), this.#deadlines(), call.version, JSON.stringify(call), ttl, deadlineArg(call), maxActive, call.id)) === 1;
  }

  async getCall(id: string): Promise<CallRecord | undefined> {
    this.#corkForThisTurn();
    const data = await this.#redis.hget(this.#call(id), 'data');
    return data === null ? undefined : parseCall(data);
  }

  async updateCall(call: CallRecord, count?: OutcomeCount): Promise<CallRecord | undefined> {
    const next = { ...call, version: call.version + 1 };
    const args = [
      this.#call(call.id),
      this.#minuteCounts(count?.minute ?? 0),
      this.#dayCounts(count?.date ?? ''),
      this.#deadlines(),
      call.version,
      JSON.stringify(next),
      next.status === 'ended' ? this.#retentionMs : CALL_TTL_MS,
      count === undefined ? '' : countKey(count.category, count.outcome),
      MINUTE_COUNTS_RETENTION_SECONDS,
      DAY_COUNTS_RETENTION_SECONDS,
      call.id,
      deadlineArg(next),
    ] as const;
    this.#corkForThisTurn();
    const ok = await this.#redis.hlUpdateCall(...args);
    return ok === 1 ? next : undefined;
  }

  async expiredCalls(now: number, limit: number): Promise<string[]> {
    this.#corkForThisTurn();
    return this.#redis.zrangebyscore(this.#deadlines(), '-inf', now, 'LIMIT', 0, limit);
  }

  async dropDeadline(id: string): Promise<void> {
    this.#corkForThisTurn();
    await this.#redis.zrem(this.#deadlines(), id);
  }

  async countsFor(minutes: readonly number[], date: string): Promise<{ minutes: OutcomeCounts[]; day: OutcomeCounts }> {
    this.#corkForThisTurn();
    const keys = [...minutes.map((m) => this.#minuteCounts(m)), this.#dayCounts(date)];
    const rows = (await Promise.all(keys.map((key) => this.#redis.hgetall(key)))).map(toCounts);
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
  #deadlines(): string {
    return `${this.#prefix}deadlines`;
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

/** The score of a call in the deadline index: '' once ended (leave it), '+inf' without a deadline. */
function deadlineArg(call: CallRecord): string {
  if (call.status === 'ended') return '';
  return call.deadline === null ? '+inf' : String(call.deadline);
}

/**
 * A line's state from its fields call, duty, idleSince, callsTaken at `at` in a reply; a missing
 * field (an emptied or evicted line) reads as a new line's.
 */
function lineState(key: string, row: ReadonlyArray<string | number | null>, at: number): LineState {
  const call = row[at];
  const duty = row[at + 1];
  const idleSince = row[at + 2];
  const callsTaken = row[at + 3];
  if (call === null && duty === null && idleSince === null && callsTaken === null) return newLine(key, 0);
  return {
    key,
    call: call === null || call === '' ? null : String(call),
    duty: duty === 'on' || duty === 'off' ? duty : null,
    idleSince: idleSince === null ? 0 : Number(idleSince),
    callsTaken: callsTaken === null ? 0 : Number(callsTaken),
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
