/**
 * Pushes the live figures to every WebSocket client: once a second (which also runs the call
 * flow's time-driven work), and shortly after any change this instance makes. Changes made by
 * other instances arrive with the next second's push, since the figures are read from the
 * shared store.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { LiveSnapshot } from '../live/live-metrics.ts';

/** Bursts of changes (a busy second) are coalesced into one push. */
const CHANGE_COALESCE_MS = 25;
const OPEN = 1;

export class LiveFeed {
  readonly #clients = new Set<WebSocket>();
  readonly #snapshot: () => Promise<LiveSnapshot>;
  readonly #everySecond: () => Promise<void>;
  readonly #log: FastifyBaseLogger;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #changeTimer: NodeJS.Timeout | undefined;
  /** The tick in progress, awaited on stop so nothing touches the store after it closes. */
  #ticking: Promise<void> = Promise.resolve();

  constructor(opts: { snapshot: () => Promise<LiveSnapshot>; everySecond: () => Promise<void>; log: FastifyBaseLogger; intervalMs: number }) {
    this.#snapshot = opts.snapshot;
    this.#everySecond = opts.everySecond;
    this.#log = opts.log;
    this.#intervalMs = opts.intervalMs;
  }

  start(): void {
    this.#timer ??= setInterval(() => {
      this.#ticking = this.#tick();
    }, this.#intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    clearTimeout(this.#changeTimer);
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

  changed(): void {
    if (this.#clients.size === 0 || this.#changeTimer !== undefined) return;
    this.#changeTimer = setTimeout(() => {
      this.#changeTimer = undefined;
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
    for (const socket of targets) if (socket.readyState === OPEN) socket.send(text);
  }
}
