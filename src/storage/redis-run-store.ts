/**
 * Runs in Redis (BullMQ engine): the API and every worker read and write the same records.
 * A status change checks the current status and applies the change in one Lua script, and a
 * result is stored by the same script that marks the run succeeded.
 *
 *   <prefix>runs                 sorted set: id by creation (ms)
 *   <prefix>run:<id>             hash: record (JSON of the parts that never change), status,
 *                                startedAt, finishedAt, error, done, total
 *   <prefix>run:<id>:result      string: the result JSON
 */
import type { Redis } from 'ioredis';
import { RunRecordSchema, type RunPatch, type RunRecord, type RunStatus, type RunStore } from './run-store.ts';

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
  ) {
    this.#index = `${prefix}runs`;
    this.#key = (id) => `${prefix}run:${id}`;
    this.#resultKey = (id) => `${prefix}run:${id}:result`;
  }

  async create(record: RunRecord): Promise<void> {
    const { status, startedAt, finishedAt, error, progress, ...fixed } = record;
    await this.redis
      .multi()
      .hset(this.#key(record.id), 'record', JSON.stringify(fixed), ...fields({ status, startedAt, finishedAt, error, progress }))
      .zadd(this.#index, Date.parse(record.createdAt), record.id)
      .exec();
  }

  async get(id: string): Promise<RunRecord | undefined> {
    const h = await this.redis.hgetall(this.#key(id));
    if (h.record === undefined) return undefined;
    return RunRecordSchema.parse({
      ...JSON.parse(h.record),
      status: h.status,
      startedAt: nullable(h.startedAt),
      finishedAt: nullable(h.finishedAt),
      error: nullable(h.error),
      progress: { done: Number(h.done ?? 0), total: h.total ? Number(h.total) : null },
    });
  }

  async list(limit: number): Promise<RunRecord[]> {
    const ids = await this.redis.zrevrange(this.#index, 0, limit - 1);
    const records = await Promise.all(ids.map((id) => this.get(id)));
    return records.filter((r) => r !== undefined);
  }

  async transition(id: string, from: readonly RunStatus[], patch: RunPatch): Promise<RunRecord | undefined> {
    return this.#apply(id, from, '', patch);
  }

  async finish(id: string, result: string, finishedAt: string): Promise<RunRecord | undefined> {
    return this.#apply(id, ['running'], result, { status: 'succeeded', finishedAt });
  }

  async result(id: string): Promise<string | undefined> {
    return (await this.redis.get(this.#resultKey(id))) ?? undefined;
  }

  async close(): Promise<void> {}

  async #apply(id: string, from: readonly RunStatus[], result: string, patch: RunPatch): Promise<RunRecord | undefined> {
    const applied = await this.redis.eval(TRANSITION, 2, this.#key(id), this.#resultKey(id), from.join(','), result, ...fields(patch));
    return applied === 1 ? this.get(id) : undefined;
  }
}
