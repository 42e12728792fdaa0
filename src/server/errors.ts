/**
 * One error shape for every failure: `{ error, issues? }`. Bad input of any kind is a 4xx with
 * the field path; only a bug is a 500 (and is logged with its stack).
 */
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import { formatPath, zodIssues } from '../../core/scenario/validate.ts';
import type { ScenarioIssue } from '../../core/scenario/issue.ts';
import { CallFlowError } from '../live/call-flow.ts';
import { isStoreUnavailable, StoreUnavailableError } from '../live/store-errors.ts';
import type { ErrorResponse } from './schemas.ts';

export class RequestValidationError extends Error {
  readonly statusCode = 400;
  constructor(readonly issues: readonly ScenarioIssue[]) {
    super('invalid request');
    this.name = 'RequestValidationError';
  }
}

/**
 * Validates with the route's zod schema and keeps zod's path arrays, so numeric steps print as
 * `[0]`. Body fields are named from the body's root; other parts carry their name (params.id).
 */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    const prefix = httpPart === 'body' || httpPart === undefined ? [] : [httpPart];
    return { error: new RequestValidationError(zodIssues(result.error).map((i) => ({ ...i, path: [...prefix, ...i.path] }))) };
  };

const CALL_FLOW_STATUS = { not_found: 404, conflict: 409 } as const;

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof RequestValidationError) {
    void reply.code(400).send(body('invalid request', error.issues));
    return;
  }
  if (error instanceof CallFlowError) {
    void reply.code(CALL_FLOW_STATUS[error.code]).send(body(error.message));
    return;
  }
  if (isStoreUnavailable(error)) {
    // the live state store stalled or is unreachable, or the active-call cap is reached: retry shortly
    request.log.warn({ err: error }, 'service unavailable');
    const message = error instanceof StoreUnavailableError ? error.message : 'live state store unavailable; retry shortly';
    void reply.code(503).header('retry-after', '1').send(body(message));
    return;
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // fastify's own client errors: unparseable JSON, wrong content type, body too large, rate limit
    void reply.code(status).send(body(error.message, [{ path: [], message: error.message }]));
    return;
  }
  request.log.error({ err: error }, 'request failed');
  void reply.code(500).send(body('internal error'));
}

/** The error shape: what went wrong, and each bad field with its path when there are any. */
export function errorBody(error: string, issues?: readonly ScenarioIssue[]): ErrorResponse {
  return issues === undefined ? { error } : { error, issues: issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
}

const body = errorBody;

/** No route for the method and path. */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  // an upgrade request's socket is no HTTP connection any more: nothing else would close it
  if (request.headers.upgrade !== undefined) reply.raw.once('finish', () => request.raw.socket.destroy());
  void reply.code(404).send(errorBody(`no route ${request.method} ${request.url.split('?')[0]}`));
}

/**
 * Fastify's router errors (a path parameter over its length limit, 414; an undecodable URL,
 * 400), which it answers in its own shape unless given this.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 400;
  void reply.code(status).send(errorBody(status === 414 ? 'URI too long' : 'malformed URL'));
}

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'request line or headers too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'request not received in time'],
};

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers or URL too large,
 * malformed request, timeout): the error shape written on the socket, which is then closed.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, message] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'Bad Request', 'malformed HTTP request'];
  if (socket.writable) {
    const text = JSON.stringify(errorBody(message));
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
    );
  }
  socket.destroy(err);
}
