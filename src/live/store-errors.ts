/**
 * The store not answering (Redis stalled past the command timeout, disconnected, loading or a
 * read-only replica) as opposed to a bug: the API answers 503 with Retry-After for it, never 500
 * or a hang, and readiness fails.
 */
export class StoreUnavailableError extends Error {
  readonly statusCode = 503;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** ioredis's own messages for a command that never got an answer; replies Redis gives while it cannot serve. */
const UNAVAILABLE_MESSAGES = ['Command timed out', 'Connection is closed.', "Stream isn't writeable"];
const UNAVAILABLE_REPLIES = ['LOADING', 'READONLY', 'MASTERDOWN', 'BUSY', 'TRYAGAIN', 'CLUSTERDOWN'];
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

/** True when `error` means the store cannot answer now (retry later), not that the request or the code is wrong. */
export function isStoreUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError') return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  const message = error.message;
  return UNAVAILABLE_MESSAGES.some((m) => message.startsWith(m)) || UNAVAILABLE_REPLIES.some((r) => message.startsWith(r));
}

/** Rejects with a StoreUnavailableError if `work` has not settled within `ms`. */
export function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
