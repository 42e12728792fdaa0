/**
 * Request logging at one concise line per request, where Fastify's default writes two serialised
 * ones (host, client address and port, …), which the call flow cannot afford at LOG_LEVEL=info.
 *
 * - on arrival: method and url (a call id at most; never a caller number or client address),
 *   with the value of a WebSocket ticket (`?ticket=`, a credential until used) replaced
 * - on completion: only when it is worth reading: an error, or a status ≥ 400 (with the
 *   response time); a successful call-flow request has already logged its call event
 *   (`call started`, `digits` with status and outcome, …) with the call id
 */
import { randomBytes } from 'node:crypto';
import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'fastify/types/logger.js';
import type { Logger } from 'pino';
import { TICKET_PARAM } from './auth.ts';

const REDACTED = '[redacted]';

/**
 * Request ids for requests that bring no `x-request-id`: a random prefix per process and a
 * counter, unique across instances and restarts, and cheaper per request than a randomUUID string.
 */
export function requestIds(): () => string {
  const prefix = randomBytes(9).toString('base64url');
  let n = 0;
  return () => `${prefix}-${(++n).toString(36)}`;
}

/**
 * The url as logged: the value of every `ticket` query parameter (however its name is
 * percent-encoded, since the query parser decodes names) replaced. Urls without a query, the
 * call flow's, pass through untouched.
 */
export function loggedUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const pairs = url.slice(q + 1).split('&');
  let changed = false;
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i]!;
    const eq = pair.indexOf('=');
    if (eq === -1 || !isTicketName(pair.slice(0, eq))) continue;
    pairs[i] = `${pair.slice(0, eq)}=${REDACTED}`;
    changed = true;
  }
  return changed ? `${url.slice(0, q)}?${pairs.join('&')}` : url;
}

function isTicketName(name: string): boolean {
  if (name === TICKET_PARAM) return true;
  if (!name.includes('%')) return false;
  try {
    return decodeURIComponent(name) === TICKET_PARAM;
  } catch {
    return false;
  }
}

export class ConciseRequestLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.info({ method: request.method, url: loggedUrl(request.url) }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) super.requestCompleted(error, request, reply);
    else if (reply.statusCode >= 400) reply.log.info({ statusCode: reply.statusCode, responseTime: reply.elapsedTime }, 'request completed');
  }

  // the rare lines that Fastify would write with the raw url (through the req serializer): the same, redacted

  override defaultErrorLog(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (reply.statusCode >= 500) reply.log.error({ method: request.method, url: loggedUrl(request.url), statusCode: reply.statusCode, err: error }, error?.message);
    else reply.log.info({ statusCode: reply.statusCode, err: error }, error?.message);
  }

  override writeHeadError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    reply.log.warn({ method: request.method, url: loggedUrl(request.url), err: error }, error?.message);
  }

  override routeNotFound(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.info(`Route ${request.method}:${loggedUrl(request.url)} not found`);
  }
}

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * A request's logger: the service's logger with `reqId` added to each line it writes, where a
 * pino child per request would serialise its bindings up front whether or not the request logs.
 * The lines are a child's: `{level, time, pid, hostname, reqId, ...fields, msg}`, except that a
 * line given its own `reqId` field has it once (test/server/request-log.test.ts).
 */
export class RequestLogger implements FastifyBaseLogger {
  constructor(
    readonly parent: Logger,
    readonly reqId: string,
  ) {}

  get level(): string {
    return this.parent.level;
  }
  set level(level: string) {
    this.parent.level = level;
  }

  fatal(...args: unknown[]): void {
    this.#write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.#write('error', args);
  }
  warn(...args: unknown[]): void {
    this.#write('warn', args);
  }
  info(...args: unknown[]): void {
    this.#write('info', args);
  }
  debug(...args: unknown[]): void {
    this.#write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.#write('trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.parent.child({ reqId: this.reqId, ...bindings }, options);
  }

  /** As pino reads its arguments: an object (or an Error, logged as `err`) first, or a message. */
  #write(level: Level, args: unknown[]): void {
    if (!this.parent.isLevelEnabled(level)) return;
    const [first, ...rest] = args;
    const log = this.parent[level] as (obj: object, ...more: unknown[]) => void;
    if (first instanceof Error) log.call(this.parent, { reqId: this.reqId, err: first }, ...(rest.length > 0 ? rest : [first.message]));
    else if (typeof first === 'object' && first !== null) log.call(this.parent, { reqId: this.reqId, ...first }, ...rest);
    else log.call(this.parent, { reqId: this.reqId }, ...args);
  }
}
