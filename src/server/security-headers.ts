/**
 * Security headers. Every HTML answer (the live board, the planner, /docs, the HTML run
 * reports) gets helmet's set with a Content-Security-Policy that allows only this origin's
 * scripts plus the report pages' two inline scripts by hash, is never framed (frame-ancestors
 * 'none', X-Frame-Options DENY) and sends no Referer. Every other answer gets nosniff only.
 *
 * One synchronous onSend hook with one helmet middleware built at start-up, rather than
 * @fastify/helmet: that plugin adds an async onRequest hook to every route and builds a helmet
 * middleware per request, which the call flow (the hot path) would pay for on each request.
 *
 * The report hashes: the planner shows a report in a sandboxed `srcdoc` frame, which inherits
 * the planner page's policy, so the page must allow the report's inline scripts (ECharts and
 * the chart runtime; the chart data block is JSON, never run). Everything else stays blocked.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';
import { echartsJs } from '../../sim/report/html/echarts-source.ts';
import { scriptText } from '../../sim/report/html/page.ts';
import { RUNTIME_JS } from '../../sim/report/html/runtime.ts';

/** CSP source for an inline script with exactly this text. */
export const scriptHash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The inline scripts every HTML report carries (see sim/report/html/page.ts). */
export async function reportScriptHashes(): Promise<string[]> {
  return [scriptHash(scriptText(await echartsJs())), scriptHash(scriptText(RUNTIME_JS))];
}

/** The helmet middleware for HTML answers. */
export function htmlHeaders(extraScriptSources: readonly string[]): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'", ...extraScriptSources],
        'connect-src': ["'self'"], // fetch and the same-origin WebSockets
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
        // served over plain HTTP inside a helpline's network too: never rewrite to https
        'upgrade-insecure-requests': null,
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS is the TLS terminator's to send: over plain HTTP it means nothing
    strictTransportSecurity: false,
  });
}

const noop = () => {};

/** Not encapsulated: the hook applies to every route, whichever plugin registers it. */
export const securityHeadersPlugin = fp(async (app: FastifyInstance) => {
  const html = htmlHeaders(await reportScriptHashes());
  // callback style and no allocation for JSON: the call flow pays one header
  app.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: HookHandlerDoneFunction) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('text/html')) html(request.raw, reply.raw, noop);
    else void reply.header('x-content-type-options', 'nosniff');
    (done as (err: null, payload: unknown) => void)(null, payload);
  });
});
