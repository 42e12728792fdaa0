/** API-key checks as route hooks. Constant-time comparison, so the key cannot be guessed by timing. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

export const API_KEY_HEADER = 'x-api-key';

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/**
 * A preHandler that answers 401 unless the request carries `key`; undefined `key` = open.
 * Callback style: on the call flow it runs on every request, and needs no promise.
 */
export function requireApiKey(key: string | undefined) {
  const expected = key === undefined ? undefined : digest(key);
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    if (expected === undefined) return done();
    const given = request.headers[API_KEY_HEADER];
    if (typeof given === 'string' && timingSafeEqual(digest(given), expected)) return done();
    void reply.code(401).send({ error: `missing or wrong ${API_KEY_HEADER}` });
  };
}
