/**
 * Runs in Redis (BullMQ engine): the API and every worker read and write the same records.
 * A status change checks the current status and applies the change in one Lua script, and a
 * result is stored by the same script that marks the run succeeded. Listings never read a
 * request; finished runs past the retention policy are removed whenever a run is created.
 *
 *   <prefix>runs                 sorted set: id by creation (ms)
 *   <prefix>run:<id>             hash: record (JSON of the parts that never change but the
 *                                request), request (JSON), status, startedAt, finishedAt,
 *                                error, done, total
 *   <prefix>run:<id>:result      string: the result JSON
 */
import type { Redis } from 'ioredis';
import {
  DEFAULT_RETENTION,
  RunRecordSchema,
  RunSummarySchema,
  runsToRemove,
  type RetentionPolicy,
  type RunPatch,
  type RunRecord,
  type RunStatus,
  type RunStore,
  type RunSummary,
} from './run-store.ts';

/** Hash fields of a summary, in the order summaryFrom reads them. */
const SUMMARY_FIELDS = ['record', 'status', 'startedAt', 'finishedAt', 'error', 'done', 'total'] as const;

// KEYS: run hash, result key · ARGV: allowed statuses (comma-separated), result ('' = none), field, value, …
const TRANSITION = `
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return 0 end
local allowed = false
for s in string.gmatch(ARGV[1], '[^,]+') do if s == status then allowed = true end end
if not allowed then return 0 end
if ARGV[2] ~= '' then redis.call('SET', KEYS[2], ARGV[2]) end
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
return 1`;

/** Hash fields of the mutable parts; '' stands for null. */
function fields(patch: RunPatch): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'progress') {
      const p = value as RunRecord['progress'];
      out.push('done', String(p.done), 'total', p.total === null ? '' : String(p.total));
    } else out.push(key, value === null ? '' : String(value));
  }
  return out;
}

const nullable = (s: string | undefined): string | null => (s === undefined || s === '' ? null : s);

export class RedisRunStore implements RunStore {
  readonly #index: string;
  readonly #key: (id: string) => string;
  readonly #resultKey: (id: string) => string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly retention: RetentionPolicy = DEFAULT_RETENTION,
    private readonly now: () => number = Date.now,
  ) {
    this.#index = `${prefix}runs`;
    this.#key = (id) => `${prefix}run:${id}`;
    this.#resultKey = (id) => `${prefix}run:${id}:result`;
  }

  async create(record: RunRecord): Promise<void> {
    const { status, startedAt, finishedAt, error, progress, request, ...fixed } = record;
    await this.redis
      .multi()
      .hset(this.#key(record.id), 'record', JSON.stringify(fixed), 'request', JSON.stringify(request), ...fields({ status, startedAt, finishedAt, error, progress }))
      .zadd(this.#index, Date.parse(record.createdAt), record.id)
      .exec();
    await this.#prune();
  }

  async get(id: string): Promise<RunRecord | undefined> {
    const [summary, request] = await Promise.all([this.#summary(id), this.redis.hget(this.#key(id), 'request')]);
    if (summary === undefined) return undefined;
    // records stored before requests had a field of their own hold it in `record`
    const inline = request === null ? (JSON.parse((await this.redis.hget(this.#key(id), 'record')) ?? '{}') as { request?: unknown }).request : undefined;
    return RunRecordSchema.parse({ ...summary, request: request === null ? (inline ?? {}) : JSON.parse(request) });
  }

  async list(limit: number): Promise<RunSummary[]> {
    const ids = await this.redis.zrevrange(this.#index, 0, limit - 1);
    const summaries = await Promise.all(ids.map((id) => this.#summary(id)));
    return summaries.filter((r) => r !== undefined);
  }

  async transition(id: string, from: readonly RunStatus[], patch: RunPatch): Promise<RunSummary | undefined> {
    return this.#apply(id, from, '', patch);
  }

  async finish(id: string, result: string, finishedAt: string): Promise<RunSummary | undefined> {
    return this.#apply(id, ['running'], result, { status: 'succeeded', finishedAt });
  }

  async result(id: string): Promise<string | undefined> {
    return (await this.redis.get(this.#resultKey(id))) ?? undefined;
  }

  async close(): Promise<void> {}

  async #apply(id: string, from: readonly RunStatus[], result: string, patch: RunPatch): Promise<RunSummary | undefined> {
    const applied = await this.redis.eval(TRANSITION, 2, this.#key(id), this.#resultKey(id), from.join(','), result, ...fields(patch));
    return applied === 1 ? this.#summary(id) : undefined;
  }

  async #summary(id: string): Promise<RunSummary | undefined> {
    const [record, status, startedAt, finishedAt, error, done, total] = await this.redis.hmget(this.#key(id), ...SUMMARY_FIELDS);
    if (record === null || record === undefined) return undefined;
    const { request: _request, ...fixed } = JSON.parse(record) as Record<string, unknown>;
    return RunSummarySchema.parse({
      ...fixed,
      status,
      startedAt: nullable(startedAt ?? undefined),
      finishedAt: nullable(finishedAt ?? undefined),
      error: nullable(error ?? undefined),
      progress: { done: Number(done ?? 0), total: total ? Number(total) : null },
    });
  }

  /** Removes the finished runs past the policy: the oldest past the count, any past the age. */
  async #prune(): Promise<void> {
    const count = await this.redis.zcard(this.#index);
    const oldBefore = this.now() - this.retention.maxAgeMs;
    // candidates: every run past the count, and every run created before the age limit
    const excess = Math.max(0, count - this.retention.maxRuns);
    const [oldest, aged] = await Promise.all([
      excess > 0 ? this.redis.zrange(this.#index, '0', String(excess * 2 + 100)) : Promise.resolve<string[]>([]),
      this.redis.zrangebyscore(this.#index, '-inf', String(oldBefore), 'LIMIT', 0, 1000),
    ]);
    const ids = [...new Set([...oldest, ...aged])];
    if (ids.length === 0) return;
    const found = await Promise.all(ids.map((id) => this.#summary(id)));
    const summaries = found.filter((s) => s !== undefined);
    const stale = ids.filter((_, i) => found[i] === undefined);
    // runsToRemove counts the runs it sees: add the ones past the candidates as kept
    const policy = { ...this.retention, maxRuns: this.retention.maxRuns - (count - summaries.length) };
    const remove = runsToRemove(summaries, policy, this.now());
    if (remove.length === 0 && stale.length === 0) return;
    const multi = this.redis.multi();
    if (stale.length > 0) multi.zrem(this.#index, ...stale);
    for (const id of remove) multi.del(this.#key(id), this.#resultKey(id)).zrem(this.#index, id);
    await multi.exec();
  }
}
