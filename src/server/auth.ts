/** API-key checks as route hooks. Constant-time comparison, so the key cannot be guessed by timing. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const API_KEY_HEADER = 'x-api-key';

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** A preHandler that answers 401 unless the request carries `key`; undefined `key` = open. */
export function requireApiKey(key: string | undefined) {
  const expected = key === undefined ? undefined : digest(key);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (expected === undefined) return;
    const given = request.headers[API_KEY_HEADER];
    if (typeof given !== 'string' || !timingSafeEqual(digest(given), expected)) {
      await reply.code(401).send({ error: `missing or wrong ${API_KEY_HEADER}` });
    }
  };
}
