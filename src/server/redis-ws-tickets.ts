/**
 * The WebSocket ticket book in Redis (see ws-tickets.ts), shared by every instance on the same
 * Redis and prefix: a ticket issued by one opens a WebSocket on any. Each ticket is one key, its
 * SHA-256 digest, that Redis expires after the ticket's lifetime (SET PX); redeeming is GETDEL,
 * so of two instances trying the same ticket at once exactly one gets it.
 */
import { Redis } from 'ioredis';
import { newTicket, ticketDigest, TICKET_TTL_MS, type IssuedTicket, type TicketBook } from './ws-tickets.ts';

export class RedisWsTickets implements TicketBook {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #ttlMs: number;

  constructor(url: string, prefix: string, onError: (error: Error) => void = () => {}, ttlMs = TICKET_TTL_MS) {
    this.#redis = new Redis(url, { maxRetriesPerRequest: 2 });
    this.#redis.on('error', onError);
    this.#prefix = prefix;
    this.#ttlMs = ttlMs;
  }

  async issue(): Promise<IssuedTicket> {
    const ticket = newTicket();
    const expiresAt = Date.now() + this.#ttlMs;
    await this.#redis.set(this.#key(ticket), '1', 'PX', this.#ttlMs);
    return { ticket, expiresAt };
  }

  async redeem(ticket: string): Promise<boolean> {
    return (await this.#redis.getdel(this.#key(ticket))) !== null;
  }

  async close(): Promise<void> {
    await this.#redis.quit();
  }

  #key(ticket: string): string {
    return `${this.#prefix}ws-ticket:${ticketDigest(ticket)}`;
  }
}
