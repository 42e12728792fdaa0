/**
 * Single-use, short-lived tickets for the WebSockets behind the API key (`/ws/runs`, `/ws/live`
 * when LIVE_PUBLIC=false). A browser cannot set `x-api-key` on a WebSocket, so a page that has
 * the key asks `POST /ws-tickets` (with the header) for a ticket and opens `/ws/...?ticket=…`.
 * A ticket is good for one upgrade within TICKET_TTL_MS of its issue; trying it spends it.
 *
 * Two books: `WsTickets` in this process (the default), and `RedisWsTickets` (redis-ws-tickets.ts)
 * when REDIS_URL is set, so that a ticket issued by one instance opens a WebSocket on another
 * behind the same load balancer.
 *
 * Tickets are kept by their SHA-256 digest, so the book never holds a usable ticket and a
 * lookup's timing says nothing about the ticket's characters. Time is the real clock (never the
 * scenario clock of CLOCK_SPEED), injectable for tests.
 */
import { createHash, randomBytes } from 'node:crypto';

export const TICKET_TTL_MS = 30_000;
/** Outstanding tickets at most; the oldest is dropped first (it would expire first). */
export const MAX_TICKETS = 10_000;
/** 256 random bits. */
const TICKET_BYTES = 32;

export interface IssuedTicket {
  ticket: string;
  /** Epoch ms after which the ticket is refused. */
  expiresAt: number;
}

export interface TicketOptions {
  now?: () => number;
  ttlMs?: number;
  max?: number;
}

/** What the routes need of a ticket book, wherever it keeps the tickets. */
export interface TicketBook {
  issue(): Promise<IssuedTicket>;
  /** True once for a ticket issued by this book and not yet expired; false for anything else. Spends it either way. */
  redeem(ticket: string): Promise<boolean>;
  close(): Promise<void>;
}

/** A new ticket: 256 random bits, base64url. */
export function newTicket(): string {
  return randomBytes(TICKET_BYTES).toString('base64url');
}

/** How a book keeps a ticket: its SHA-256 digest, never the ticket itself. */
export const ticketDigest = (ticket: string) => createHash('sha256').update(ticket).digest('base64url');

export class WsTickets implements TicketBook {
  /** digest → expiry; every ticket has the same lifetime, so insertion order is expiry order. */
  readonly #expiries = new Map<string, number>();
  readonly #now: () => number;
  readonly #ttlMs: number;
  readonly #max: number;

  constructor(opts: TicketOptions = {}) {
    this.#now = opts.now ?? Date.now;
    this.#ttlMs = opts.ttlMs ?? TICKET_TTL_MS;
    this.#max = opts.max ?? MAX_TICKETS;
  }

  /** Outstanding tickets (including expired ones not yet dropped). */
  get size(): number {
    return this.#expiries.size;
  }

  async issue(): Promise<IssuedTicket> {
    const now = this.#now();
    // drop the expired ones (oldest first), then make room if the book is still full
    for (const [key, expiresAt] of this.#expiries) {
      if (expiresAt > now && this.#expiries.size < this.#max) break;
      this.#expiries.delete(key);
    }
    const ticket = newTicket();
    const expiresAt = now + this.#ttlMs;
    this.#expiries.set(ticketDigest(ticket), expiresAt);
    return { ticket, expiresAt };
  }

  async redeem(ticket: string): Promise<boolean> {
    const key = ticketDigest(ticket);
    const expiresAt = this.#expiries.get(key);
    if (expiresAt === undefined) return false;
    this.#expiries.delete(key);
    return this.#now() < expiresAt;
  }

  async close(): Promise<void> {}
}
