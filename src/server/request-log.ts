/**
 * Request logging at one concise line per request. Fastify's default writes two lines per
 * request through the req/res serializers (host, client address and port, …); on the call flow
 * that plus the call event line cost about a fifth of the memory-mode routing throughput at the
 * default LOG_LEVEL=info (bench:routing with LOG_LEVEL=info).
 *
 * - on arrival: method and url (a call id at most; never a caller number or client address)
 * - on completion: only when it is worth reading: an error, or a status ≥ 400 (with the
 *   response time); a successful call-flow request has already logged its call event
 *   (`call started`, `digits` with status and outcome, …) with the call id
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export class ConciseRequestLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.info({ method: request.method, url: request.url }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) super.requestCompleted(error, request, reply);
    else if (reply.statusCode >= 400) reply.log.info({ statusCode: reply.statusCode, responseTime: reply.elapsedTime }, 'request completed');
  }
}
