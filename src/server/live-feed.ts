/**
 * Pushes the live figures to every WebSocket client: once a second (which also runs the call
 * flow's time-driven work), and shortly after any change made by any instance. A change is
 * announced through the store (Redis pub/sub when shared), and every instance that hears it
 * pushes figures read from the shared store.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { LiveSnapshot } from '../live/live-metrics.ts';
import { sendBounded } from './ws-guard.ts';

/** Bursts of changes (a busy second) are coalesced into one push. */
const CHANGE_COALESCE_MS = 25;

export class LiveFeed {
  readonly #clients = new Set<WebSocket>();
  readonly #snapshot: () => Promise<LiveSnapshot>;
  readonly #announce: () => Promise<void>;
  readonly #everySecond: () => Promise<void>;
  readonly #log: FastifyBaseLogger;
  readonly #intervalMs: number;
  readonly #maxBufferedBytes: number;
  #timer: NodeJS.Timeout | undefined;
  #announceTimer: NodeJS.Timeout | undefined;
  #pushTimer: NodeJS.Timeout | undefined;
  /** The tick in progress, awaited on stop so nothing touches the store after it closes. */
  #ticking: Promise<void> = Promise.resolve();

  constructor(opts: {
    snapshot: () => Promise<LiveSnapshot>;
    announce: () => Promise<void>;
    everySecond: () => Promise<void>;
    log: FastifyBaseLogger;
    intervalMs: number;
    /** A client with more than this unsent is closed (ws-guard.ts) instead of sent more. */
    maxBufferedBytes: number;
  }) {
    this.#snapshot = opts.snapshot;
    this.#announce = opts.announce;
    this.#everySecond = opts.everySecond;
    this.#log = opts.log;
    this.#intervalMs = opts.intervalMs;
    this.#maxBufferedBytes = opts.maxBufferedBytes;
  }

  start(): void {
    this.#timer ??= setInterval(() => {
      this.#ticking = this.#tick();
    }, this.#intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    clearTimeout(this.#announceTimer);
    clearTimeout(this.#pushTimer);
    this.#timer = undefined;
    for (const client of this.#clients) client.close(1001, 'server shutting down');
    await this.#ticking;
  }

  add(socket: WebSocket): void {
    this.#clients.add(socket);
    socket.on('close', () => this.#clients.delete(socket));
    socket.on('error', () => this.#clients.delete(socket));
    void this.#send([socket]);
  }

  /** This instance changed live state: announce it (at most once per CHANGE_COALESCE_MS). */
  changed(): void {
    if (this.#timer === undefined || this.#announceTimer !== undefined) return;
    this.#announceTimer = setTimeout(() => {
      this.#announceTimer = undefined;
      this.#announce().catch((err: unknown) => this.#log.warn({ err }, 'live change announcement failed'));
    }, CHANGE_COALESCE_MS);
  }

  /** Some instance announced a change: push to this instance's clients. */
  heard(): void {
    if (this.#timer === undefined || this.#clients.size === 0 || this.#pushTimer !== undefined) return;
    this.#pushTimer = setTimeout(() => {
      this.#pushTimer = undefined;
      void this.#send(this.#clients);
    }, CHANGE_COALESCE_MS);
  }

  async #tick(): Promise<void> {
    try {
      await this.#everySecond();
    } catch (err) {
      this.#log.error({ err }, 'live tick failed');
    }
    await this.#send(this.#clients);
  }

  async #send(to: Iterable<WebSocket>): Promise<void> {
    const targets = [...to];
    if (targets.length === 0) return;
    let text: string;
    try {
      text = JSON.stringify({ type: 'live', ...(await this.#snapshot()) });
    } catch (err) {
      this.#log.error({ err }, 'live snapshot failed');
      return;
    }
    for (const socket of targets) sendBounded(socket, text, this.#maxBufferedBytes);
  }
}
