/**
 * Bounds on the service's WebSockets, whichever plugin serves them: at most `maxPerAddress`
 * open per client (429 beyond), a ping every `pingIntervalMs` (a client that has not answered
 * the previous one is cut off), and at most `maxBufferedBytes` unsent to one client (it is
 * closed with 1008 instead of sent more, so a client that never reads costs a bounded amount).
 *
 * A plugin serves WebSockets by registering `guardedWebsocket` (in its own scope, as
 * @fastify/websocket wraps every route handler it sees) after the app has decorated itself
 * with one `WsGuard` as `wsGuard`.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
import websocket from '@fastify/websocket';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import type { WebSocket } from 'ws';
import { clientKey } from './client-address.ts';
import { errorBody } from './errors.ts';

export interface WsGuardOptions {
  maxPerAddress: number;
  pingIntervalMs: number;
  maxBufferedBytes: number;
  log: FastifyBaseLogger;
}

/**
 * An upgrade request's connection is closed this long after it arrived unless it became a
 * WebSocket (ws clears the timer): a refused upgrade's socket is no HTTP connection any more,
 * and nothing else would ever close it.
 */
export const UPGRADE_TIMEOUT_MS = 10_000;

/** Close code for a client too slow to take what it is sent (policy violation). */
export const TOO_SLOW = 1008;
const OPEN = 1;

declare module 'fastify' {
  interface FastifyInstance {
    wsGuard: WsGuard;
  }
}

/**
 * Sends unless the client already has more than `maxBuffered` bytes waiting; then closes it
 * with TOO_SLOW and sends nothing. False when nothing was sent.
 */
export function sendBounded(socket: WebSocket, text: string, maxBuffered: number): boolean {
  if (socket.readyState !== OPEN) return false;
  if (socket.bufferedAmount > maxBuffered) {
    socket.close(TOO_SLOW, `too slow: over ${maxBuffered} bytes unread`);
    return false;
  }
  socket.send(text);
  return true;
}

export class WsGuard {
  readonly maxBufferedBytes: number;
  readonly #opts: WsGuardOptions;
  /** Open upgrade connections per client key (counted from the upgrade request to the TCP close). */
  readonly #perAddress = new Map<string, number>();
  /** Open sockets, and whether each has answered the last ping. */
  readonly #alive = new Map<WebSocket, boolean>();
  #timer: NodeJS.Timeout | undefined;
  /** Whether some registration already listens for upgrades on the HTTP server. */
  listening = false;

  constructor(opts: WsGuardOptions) {
    this.#opts = opts;
    this.maxBufferedBytes = opts.maxBufferedBytes;
  }

  start(): void {
    this.#timer ??= setInterval(() => this.#sweep(), this.#opts.pingIntervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** An onRequest hook for WebSocket upgrades: 429 past the per-address cap, else counted until the connection closes. */
  readonly admit = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    if (request.ws !== true) return done();
    const key = clientKey(request.ip);
    const open = this.#perAddress.get(key) ?? 0;
    if (open >= this.#opts.maxPerAddress) {
      request.log.warn({ client: key, open }, 'WebSocket refused: too many from this address');
      void reply.code(429).send(errorBody(`too many WebSockets from this address: at most ${this.#opts.maxPerAddress}`));
      return;
    }
    this.#perAddress.set(key, open + 1);
    request.raw.socket.once('close', () => {
      const n = (this.#perAddress.get(key) ?? 1) - 1;
      if (n <= 0) this.#perAddress.delete(key);
      else this.#perAddress.set(key, n);
    });
    done();
  };

  /** Pings and watches an open socket until it closes. */
  watch(socket: WebSocket): void {
    this.#alive.set(socket, true);
    socket.on('pong', () => this.#alive.set(socket, true));
    socket.once('close', () => this.#alive.delete(socket));
  }

  #sweep(): void {
    for (const [socket, alive] of this.#alive) {
      if (!alive || socket.readyState !== OPEN) {
        // no pong since the last ping, or a close handshake the client never finished
        this.#opts.log.info({ bufferedAmount: socket.bufferedAmount }, 'WebSocket cut off: no answer to ping');
        socket.terminate();
        this.#alive.delete(socket);
        continue;
      }
      if (socket.bufferedAmount > this.#opts.maxBufferedBytes) {
        socket.close(TOO_SLOW, `too slow: over ${this.#opts.maxBufferedBytes} bytes unread`);
        continue;
      }
      this.#alive.set(socket, false);
      socket.ping();
    }
  }
}

/** A handshake ws refuses (bad key, version, method) answered in the service's error shape. */
function refuseHandshake(err: Error, socket: Duplex, request: IncomingMessage): void {
  if (socket.writable) {
    const status = request.method === 'GET' ? 400 : 405;
    const body = JSON.stringify(errorBody(`invalid WebSocket handshake: ${err.message}`));
    socket.write(
      `HTTP/1.1 ${status} ${status === 400 ? 'Bad Request' : 'Method Not Allowed'}\r\nConnection: close\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * @fastify/websocket in the calling plugin's scope, under the app's WsGuard: the cap on
 * upgrades (after the scope's own hooks, such as the key check), every socket watched, a plain
 * GET on a WebSocket route answered 426 in the error shape (instead of an empty 404), refused
 * handshakes in the error shape.
 */
export const guardedWebsocket = fp(async (app: FastifyInstance) => {
  const guard = app.wsGuard;
  // every registration routes every upgrade through Fastify; one listener on the server is enough
  // (a second one fails on each upgrade, since the first has already taken the socket)
  const server = guard.listening ? new EventEmitter() : undefined;
  if (!guard.listening) {
    // before @fastify/websocket's listener, so that the timer is set before ws can clear it
    app.server.prependListener('upgrade', (_request: IncomingMessage, socket: Duplex) => {
      if (socket instanceof Socket) socket.setTimeout(UPGRADE_TIMEOUT_MS, () => socket.destroy());
    });
  }
  guard.listening = true;
  await app.register(websocket, { options: { maxPayload: 1024, ...(server === undefined ? {} : { server: server as never }) } });
  app.websocketServer.on('wsClientError', refuseHandshake);
  app.websocketServer.on('connection', (socket: WebSocket) => guard.watch(socket));

  // on the WebSocket routes only: the other routes of the scope pay nothing
  const wsOnly = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    if (request.ws === true) return guard.admit(request, reply, done);
    void reply.code(426).header('upgrade', 'websocket').send(errorBody('this route is a WebSocket: open it with an Upgrade: websocket request'));
  };
  app.addHook('onRoute', (route) => {
    if (route.websocket !== true) return;
    const own = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [...own, wsOnly];
  });
});
