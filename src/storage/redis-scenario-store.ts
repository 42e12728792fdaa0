/**
 * Scenarios in Redis (when REDIS_URL is set, so every service instance sees the same ones).
 * A new version, its number and the meta pointing at it are written by one Lua script, so no
 * reader sees a meta whose version is missing and two updates never get the same number.
 *
 *   <prefix>scenarios            sorted set: id by last update (ms)
 *   <prefix>scenario:<id>        hash: id, name, latestVersion, createdAt, updatedAt
 *   <prefix>scenario:<id>:v      hash: version → {"createdAt", "scenario"}
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ScenarioSummarySchema, type ScenarioJson, type ScenarioStore, type ScenarioSummary, type StoredScenario } from './scenario-store.ts';

// KEYS: meta, versions, index · ARGV: id, name, iso time, ms, version body, must exist (1/0)
const WRITE_VERSION = `
if ARGV[6] == '1' and redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local v = redis.call('HINCRBY', KEYS[1], 'latestVersion', 1)
redis.call('HSETNX', KEYS[1], 'createdAt', ARGV[3])
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'name', ARGV[2], 'updatedAt', ARGV[3])
redis.call('HSET', KEYS[2], v, ARGV[5])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
return v`;

export class RedisScenarioStore implements ScenarioStore {
  readonly #index: string;
  readonly #metaKey: (id: string) => string;
  readonly #versions: (id: string) => string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly now: () => number = Date.now,
  ) {
    this.#index = `${prefix}scenarios`;
    this.#metaKey = (id) => `${prefix}scenario:${id}`;
    this.#versions = (id) => `${prefix}scenario:${id}:v`;
  }

  create(name: string, scenario: ScenarioJson): Promise<StoredScenario> {
    return this.#write(randomUUID(), name, scenario, false) as Promise<StoredScenario>;
  }

  update(id: string, name: string, scenario: ScenarioJson): Promise<StoredScenario | undefined> {
    return this.#write(id, name, scenario, true);
  }

  async get(id: string, version?: number): Promise<StoredScenario | undefined> {
    const meta = await this.#meta(id);
    if (meta === undefined) return undefined;
    const v = version ?? meta.latestVersion;
    const text = await this.redis.hget(this.#versions(id), String(v));
    if (text === null) return undefined;
    const stored = JSON.parse(text) as { createdAt: string; scenario: ScenarioJson };
    return { ...meta, version: v, versionCreatedAt: stored.createdAt, scenario: stored.scenario };
  }

  async list(): Promise<ScenarioSummary[]> {
    const ids = await this.redis.zrevrange(this.#index, 0, -1);
    const metas = await Promise.all(ids.map((id) => this.#meta(id)));
    return metas.filter((m) => m !== undefined);
  }

  async delete(id: string): Promise<boolean> {
    const results = await this.redis.multi().del(this.#metaKey(id), this.#versions(id)).zrem(this.#index, id).exec();
    return Number(results?.[0]?.[1] ?? 0) > 0;
  }

  async close(): Promise<void> {}

  async #write(id: string, name: string, scenario: ScenarioJson, mustExist: boolean): Promise<StoredScenario | undefined> {
    const ms = this.now();
    const at = new Date(ms).toISOString();
    const body = JSON.stringify({ createdAt: at, scenario });
    const keys = [this.#metaKey(id), this.#versions(id), this.#index];
    const version = Number(await this.redis.eval(WRITE_VERSION, keys.length, ...keys, id, name, at, ms, body, mustExist ? '1' : '0'));
    if (version === 0) return undefined;
    const meta = (await this.#meta(id))!;
    return { ...meta, latestVersion: Math.max(meta.latestVersion, version), version, versionCreatedAt: at, scenario };
  }

  async #meta(id: string): Promise<ScenarioSummary | undefined> {
    const hash = await this.redis.hgetall(this.#metaKey(id));
    if (hash.id === undefined) return undefined;
    return ScenarioSummarySchema.parse({ ...hash, latestVersion: Number(hash.latestVersion) });
  }
}
