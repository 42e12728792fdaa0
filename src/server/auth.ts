/** API-key checks as route hooks. Constant-time comparison, so the key cannot be guessed by timing. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type {} from '@fastify/websocket'; // request.ws
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { TicketBook } from './ws-tickets.ts';

export const API_KEY_HEADER = 'x-api-key';
/** The query parameter of a WebSocket ticket (see ws-tickets.ts). */
export const TICKET_PARAM = 'ticket';

export function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

declare module 'fastify' {
  interface FastifyRequest {
    /** SHA-256 of x-api-key once computed; null until then (see keyDigest). */
    apiKeyDigest: Buffer | null;
  }
}

/**
 * SHA-256 of the request's x-api-key, undefined without one. Computed once per request where
 * the app decorates requests with `apiKeyDigest` (the rate limit and the key check both need it).
 */
export function keyDigest(request: FastifyRequest): Buffer | undefined {
  const cached = request.apiKeyDigest;
  if (cached) return cached;
  const given = request.headers[API_KEY_HEADER];
  if (typeof given !== 'string') return undefined;
  const hashed = digest(given);
  if (cached === null) request.apiKeyDigest = hashed; // never on an undecorated request: no new property on the hot path
  return hashed;
}


/**
 * A hook that answers 401 unless the request carries `key`; undefined `key` = open. Use it as
 * an onRequest hook: it then runs before the body is read and validated, so a request without
 * the key gets 401 whatever its body (never a 400 that tells what the body should be).
 * Callback style: on the call flow it runs on every request, and needs no promise.
 *
 * With `tickets`, a WebSocket upgrade (only that: `request.ws`, set by @fastify/websocket's own
 * onRequest hook, so register that plugin first) may bring a single-use ticket in `?ticket=`
 * instead of the header, since browsers cannot set headers on a WebSocket. The ticket is
 * looked at only when the header fails, so requests with the key pay nothing for it; an
 * unknown, used or expired ticket is a 401 like a wrong key.
 */
export function requireApiKey(key: string | undefined, tickets?: Pick<TicketBook, 'redeem'>) {
  const expected = key === undefined ? undefined : digest(key);
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    if (expected === undefined) return done();
    const given = keyDigest(request);
    if (given !== undefined && timingSafeEqual(given, expected)) return done();
    if (tickets === undefined || request.ws !== true) return unauthorised(reply);
    const ticket = (request.query as Record<string, unknown> | undefined)?.[TICKET_PARAM];
    if (typeof ticket !== 'string') return unauthorised(reply);
    // the book may be in Redis: only here does the check wait
    tickets.redeem(ticket).then((good) => (good ? done() : unauthorised(reply)), done);
  };
}

function unauthorised(reply: FastifyReply): void {
  void reply.code(401).send({ error: `missing or wrong ${API_KEY_HEADER}` });
}
