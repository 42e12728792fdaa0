/**
 * Rate limit on every route: at most `max` requests per client in a window of `windowMs` that
 * starts at that client's first request, counted in this process (each instance limits on its
 * own). A client is its address, an IPv6 one by its /64 (see client-address.ts).
 *
 * Not limited: requests that carry the telephony front end's key or the staff key (x-api-key;
 * callers must never hear a busy signal because someone else floods the service, and staff must
 * be able to act during a flood) and addresses on the allow list. A wrong key counts as usual.
 *
 * One synchronous hook over one LRU table (toad-cache), not @fastify/rate-limit, whose async
 * hook chain the call flow cannot afford on every request.
 *
 * Memory is bounded: past `maxClients` clients the least recently seen one is forgotten (its
 * count starts again if it comes back), so a flood from many addresses never costs other clients.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { LruMap } from 'toad-cache';
import { digest, keyDigest } from './auth.ts';
import { addressMatcher, clientKey } from './client-address.ts';

export interface LimiterOptions {
  max: number;
  windowMs: number;
  /** Clients remembered at most; the least recently seen is forgotten first. */
  maxClients?: number;
  now?: () => number;
}

export interface RateLimitOptions extends LimiterOptions {
  /** Addresses and CIDR ranges never limited (the telephony front end on an open call flow, a monitor). */
  allow?: readonly string[];
  /** x-api-key values whose requests are never limited; unset keys are left out. */
  exemptKeys?: ReadonlyArray<string | undefined>;
}

export class RateLimitedError extends Error {
  readonly statusCode = 429;
  constructor(max: number, windowMs: number, retryAfterSeconds: number) {
    super(`rate limit exceeded: ${max} requests per ${windowMs / 1000} s; retry in ${retryAfterSeconds} s`);
    this.name = 'RateLimitedError';
  }
}

interface Window {
  count: number;
  endsAt: number;
}

/**
 * The counting, apart from Fastify: `hit(client)` counts one request and says how many seconds
 * the client must wait (0 = go ahead). Each client's window starts at its first request.
 */
export function windowLimiter({ max, windowMs, maxClients = 100_000, now = Date.now }: LimiterOptions): (client: string) => number {
  const windows = new LruMap<Window>(maxClients);
  return (client) => {
    const at = now();
    const current = windows.get(client);
    if (current === undefined || at >= current.endsAt) {
      windows.set(client, { count: 1, endsAt: at + windowMs });
      return 0;
    }
    current.count += 1;
    return current.count <= max ? 0 : Math.ceil((current.endsAt - at) / 1000);
  };
}

/** True for a request whose x-api-key is one of `keys` (constant-time, like auth.ts). */
function keyMatcher(keys: readonly string[]): (request: FastifyRequest) => boolean {
  const expected = keys.map(digest);
  if (expected.length === 0) return () => false;
  return (request) => {
    const given = keyDigest(request);
    if (given === undefined) return false;
    let match = false;
    for (const e of expected) match = timingSafeEqual(given, e) || match;
    return match;
  };
}

/** Not encapsulated: the hook applies to every route, whichever plugin registers it. */
export const rateLimitPlugin = fp(async (app: FastifyInstance, options: RateLimitOptions) => {
  const hit = windowLimiter(options);
  const allowed = addressMatcher(options.allow ?? []);
  const exemptKey = keyMatcher((options.exemptKeys ?? []).filter((k): k is string => k !== undefined));
  // one digest of x-api-key per request, shared with the key checks (auth.ts)
  app.decorateRequest('apiKeyDigest', null);
  // callback style: no promise on the hot path
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (exemptKey(request) || allowed(request.ip)) return done();
    const wait = hit(clientKey(request.ip));
    if (wait === 0) return done();
    void reply.header('retry-after', String(wait));
    done(new RateLimitedError(options.max, options.windowMs, wait));
  });
});
