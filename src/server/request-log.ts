/**
 * Request logging at one concise line per request. Fastify's default writes two lines per
 * request through the req/res serializers (host, client address and port, …); on the call flow
 * that plus the call event line cost about a fifth of the memory-mode routing throughput at the
 * default LOG_LEVEL=info (bench:routing with LOG_LEVEL=info).
 *
 * - on arrival: method and url (a call id at most; never a caller number or client address),
 *   with the value of a WebSocket ticket (`?ticket=`, a credential until used) replaced
 * - on completion: only when it is worth reading: an error, or a status ≥ 400 (with the
 *   response time); a successful call-flow request has already logged its call event
 *   (`call started`, `digits` with status and outcome, …) with the call id
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

const REDACTED = '[redacted]';

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
  if (name === 'ticket') return true;
  if (!name.includes('%')) return false;
  try {
    return decodeURIComponent(name) === 'ticket';
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
