/**
 * Rate limit on every route: at most `max` requests per client address in each fixed window of
 * `windowMs`, counted in this process (each instance limits on its own).
 *
 * Why not @fastify/rate-limit: its hook is an async chain (several promises and microtask hops
 * per request) that bench:routing measured at about 15 % of the call flow's throughput. This is
 * one synchronous hook over one Map, cleared when the window turns.
 *
 * Memory is bounded: past `maxClients` distinct addresses in one window, further new addresses
 * share one overflow counter, so a flood from many addresses is limited as a whole instead of
 * growing the map.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';

export interface RateLimitOptions {
  max: number;
  windowMs: number;
  /** Distinct client addresses counted per window before the overflow counter is used. */
  maxClients?: number;
  now?: () => number;
}

const OVERFLOW = '*';

export class RateLimitedError extends Error {
  readonly statusCode = 429;
  constructor(max: number, windowMs: number, retryAfterSeconds: number) {
    super(`rate limit exceeded: ${max} requests per ${windowMs / 1000} s; retry in ${retryAfterSeconds} s`);
    this.name = 'RateLimitedError';
  }
}

/**
 * The counting, apart from Fastify: `hit(client)` counts one request and says how many seconds
 * the client must wait (0 = go ahead).
 */
export function fixedWindowLimiter({ max, windowMs, maxClients = 10_000, now = Date.now }: RateLimitOptions): (client: string) => number {
  const counts = new Map<string, number>();
  let windowEnd = 0;
  return (client) => {
    const t = now();
    if (t >= windowEnd) {
      counts.clear();
      windowEnd = t - (t % windowMs) + windowMs;
    }
    const key = counts.has(client) || counts.size < maxClients ? client : OVERFLOW;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    return n <= max ? 0 : Math.ceil((windowEnd - t) / 1000);
  };
}

/** Not encapsulated: the hook applies to every route, whichever plugin registers it. */
export const rateLimitPlugin = fp(async (app: FastifyInstance, options: RateLimitOptions) => {
  const hit = fixedWindowLimiter(options);
  // callback style: no promise on the hot path
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const wait = hit(request.ip);
    if (wait === 0) return done();
    void reply.header('retry-after', String(wait));
    done(new RateLimitedError(options.max, options.windowMs, wait));
  });
});
