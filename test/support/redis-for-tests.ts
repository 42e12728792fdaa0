/**
 * Redis for tests: skipped on a laptop without Redis, but a failure where Redis is required
 * (CI exports REQUIRE_REDIS=1), so a missing Redis can never pass silently.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL_TEST ?? 'redis://127.0.0.1:6379';

async function reachable(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** The URL to test against, or undefined to skip; throws if Redis is required but down. */
export async function redisUrlForTests(): Promise<string | undefined> {
  if (await reachable(REDIS_URL)) return REDIS_URL;
  if (process.env.REQUIRE_REDIS === '1') throw new Error(`REQUIRE_REDIS=1 but Redis at ${REDIS_URL} does not answer`);
  return undefined;
}

/** A key prefix no other test run uses. */
export function testPrefix(): string {
  return `helpline-test:${randomUUID()}:`;
}

/** Every key and value under a prefix (for the privacy test), then the keys are deleted. */
export async function dumpAndDelete(url: string, prefix: string): Promise<string[]> {
  const redis = new Redis(url);
  const text: string[] = [];
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    for (const key of keys) {
      text.push(key);
      const type = await redis.type(key);
      if (type === 'string') text.push((await redis.get(key)) ?? '');
      else if (type === 'hash') text.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'zset') text.push(JSON.stringify(await redis.zrange(key, '0', '-1')));
    }
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
  return text;
}
