/**
 * Test harness: a real service on 127.0.0.1 (port 0) with a fake clock and captured logs, over
 * either store, and a tiny JSON client. `tick` runs housekeeping at once, from a second set of
 * live parts over the same store (as another instance would), so tests need not wait for the timer.
 */
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { Scenario } from '../../core/scenario/schema.ts';
import type { LineStore } from '../../src/live/line-store.ts';
import { createLiveService } from '../../src/live/live-service.ts';
import { MemoryLineStore } from '../../src/live/memory-line-store.ts';
import { RedisLineStore } from '../../src/live/redis-line-store.ts';
import { buildApp } from '../../src/server/app.ts';
import { liveLimits } from '../../src/server/config.ts';
import type { TicketBook } from '../../src/server/ws-tickets.ts';
import { FakeClock, testConfig, testScenario } from './fixtures.ts';
import { dumpAndDelete, redisUrlForTests, testPrefix } from './redis-for-tests.ts';

export interface Running {
  app: FastifyInstance;
  url: string;
  clock: FakeClock;
  store: LineStore;
  /** Every log line the service wrote. */
  logs: string[];
  /** Housekeeping's once-a-second work (timeouts, closing queues, repairs, free lines offered), run now. */
  tick(): Promise<void>;
  close(): Promise<void>;
}

export interface StartOptions {
  store: LineStore;
  clock?: FakeClock;
  config?: Record<string, string>;
  scenario?: Scenario;
  tickMs?: number;
  /** The WebSocket ticket book (say, on a fake clock); a real one if unset. */
  wsTickets?: TicketBook;
}

export async function startService(opts: StartOptions): Promise<Running> {
  const logs: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
  const clock = opts.clock ?? new FakeClock();
  const config = testConfig(opts.config);
  const scenario = opts.scenario ?? testScenario;
  const app = await buildApp({
    config,
    scenario,
    lineStore: opts.store,
    clock,
    logger,
    tickMs: opts.tickMs ?? 1000,
    wsTickets: opts.wsTickets,
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const { housekeeping } = createLiveService({
    scenario,
    store: opts.store,
    clock,
    limits: liveLimits(config),
    random: Math.random,
    callerHashKey: config.CALLER_HASH_KEY,
    log: logger,
    onChange: () => {},
  });
  return { app, url, clock, store: opts.store, logs, tick: () => housekeeping.tick(), close: () => app.close() };
}

export interface StoreMode {
  name: 'memory' | 'redis';
  /** A fresh store; Redis stores on one `shared` prefix see the same state. */
  make(shared?: string): LineStore;
  /** Dump then delete every key the mode wrote (empty for memory). */
  cleanup(): Promise<string[]>;
}

const redisUrl = await redisUrlForTests();

export function storeModes(): StoreMode[] {
  const modes: StoreMode[] = [{ name: 'memory', make: () => new MemoryLineStore(), cleanup: async () => [] }];
  if (redisUrl !== undefined) {
    const prefixes = new Set<string>();
    modes.push({
      name: 'redis',
      make: (shared) => {
        const prefix = shared ?? testPrefix();
        prefixes.add(prefix);
        return new RedisLineStore(redisUrl, prefix);
      },
      cleanup: async () => {
        const text: string[] = [];
        for (const p of prefixes) text.push(...(await dumpAndDelete(redisUrl, p)));
        prefixes.clear();
        return text;
      },
    });
  }
  return modes;
}

export const redisAvailable = redisUrl !== undefined;

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function request<T = any>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply<T>> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + path, init);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // plain text (Prometheus) stays a string
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** A client bound to one service. */
export function client(base: string, headers: Record<string, string> = {}) {
  return {
    post: <T = any>(path: string, body?: unknown, extra: Record<string, string> = {}) => request<T>(base, 'POST', path, body, { ...headers, ...extra }),
    get: <T = any>(path: string, extra: Record<string, string> = {}) => request<T>(base, 'GET', path, undefined, { ...headers, ...extra }),
  };
}
