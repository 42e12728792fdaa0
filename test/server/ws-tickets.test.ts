/**
 * WebSocket tickets: the book on a fake clock (single use, expiry, bounded), the log redaction,
 * and over real HTTP/WebSocket: a non-public /ws/live and the planner's /ws/runs open once with
 * a ticket from POST /ws-tickets, never with a used, expired or unknown one, and still with the
 * x-api-key header; a ticket never reaches the log in a usable form.
 */
import { readFile } from 'node:fs/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { loggedUrl } from '../../src/server/request-log.ts';
import { RedisWsTickets } from '../../src/server/redis-ws-tickets.ts';
import { MAX_TICKETS, TICKET_TTL_MS, ticketDigest, WsTickets } from '../../src/server/ws-tickets.ts';
import type { RunRecord } from '../../src/storage/run-store.ts';
import { embeddedMode, type EngineMode, type PlannerService } from '../support/planner-harness.ts';
import { API_KEY } from '../support/fixtures.ts';
import { client, redisAvailable, startService, storeModes, type Running } from '../support/harness.ts';
import { dumpAndDelete, REDIS_URL, testPrefix } from '../support/redis-for-tests.ts';

const KEY = { 'x-api-key': API_KEY };

type Opened = { status: 101; ws: WebSocket; messages: any[] } | { status: number };

/** Opens a WebSocket: 101 with the socket and its messages from the start, or the HTTP status that refused it. */
function openSocket(url: string, headers: Record<string, string> = {}): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const messages: any[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    ws.once('open', () => resolve({ status: 101, ws, messages }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      res.resume();
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the ticket book (fake clock)', () => {
  it('issues unguessable tickets good for one redemption within 30 s', async () => {
    let now = 1_000_000;
    const book = new WsTickets({ now: () => now });
    const a = await book.issue();
    expect(a.ticket).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(a.expiresAt).toBe(now + TICKET_TTL_MS);
    expect((await book.issue()).ticket).not.toBe(a.ticket);
    expect(await book.redeem(a.ticket)).toBe(true);
    expect(await book.redeem(a.ticket)).toBe(false);
    expect(await book.redeem('not-a-ticket')).toBe(false);

    const b = await book.issue();
    now += TICKET_TTL_MS - 1;
    expect(await book.redeem(b.ticket)).toBe(true);
    const c = await book.issue();
    now += TICKET_TTL_MS;
    expect(await book.redeem(c.ticket)).toBe(false);
  });

  it('drops expired tickets when it issues new ones, and never holds more than its maximum', async () => {
    let now = 0;
    const book = new WsTickets({ now: () => now, max: 3 });
    for (let i = 0; i < 3; i++) await book.issue();
    now += TICKET_TTL_MS;
    const fresh = await book.issue();
    expect(book.size).toBe(1);
    expect(await book.redeem(fresh.ticket)).toBe(true);

    const issued: string[] = [];
    for (let i = 0; i < 5; i++) issued.push((await book.issue()).ticket);
    expect(book.size).toBe(3);
    const redeemed: boolean[] = [];
    for (const t of issued) redeemed.push(await book.redeem(t));
    expect(redeemed).toEqual([false, false, true, true, true]);
    expect((await new WsTickets().issue()).expiresAt).toBeGreaterThan(Date.now());
    expect(MAX_TICKETS).toBeGreaterThanOrEqual(1000);
  });
});

describe.skipIf(!redisAvailable)('the ticket book in Redis, shared by instances', () => {
  const prefix = testPrefix();
  const books: RedisWsTickets[] = [];
  const book = (ttlMs?: number) => {
    const b = new RedisWsTickets(REDIS_URL, prefix, undefined, ttlMs);
    books.push(b);
    return b;
  };
  afterAll(async () => {
    await Promise.all(books.map((b) => b.close()));
    await dumpAndDelete(REDIS_URL, prefix);
  });

  it('redeems on one instance a ticket issued by another, once, and keeps only its digest', async () => {
    const [a, b] = [book(), book()];
    const issued = await a.issue();
    expect(issued.ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issued.expiresAt).toBeGreaterThan(Date.now());
    const redis = new Redis(REDIS_URL);
    const stored = await redis.keys(`${prefix}*`);
    redis.disconnect();
    expect(stored).toEqual([`${prefix}ws-ticket:${ticketDigest(issued.ticket)}`]);
    // two instances trying the same ticket at once: exactly one gets it
    expect((await Promise.all([b.redeem(issued.ticket), a.redeem(issued.ticket)])).sort()).toEqual([false, true]);
    expect(await b.redeem(issued.ticket)).toBe(false);
    expect(await b.redeem('not-a-ticket')).toBe(false);
  });

  it('refuses a ticket once its lifetime is over (Redis expires it)', async () => {
    const short = book(50);
    const { ticket } = await short.issue();
    await new Promise((r) => setTimeout(r, 120));
    expect(await short.redeem(ticket)).toBe(false);
  });

  it('opens a WebSocket on one service with a ticket issued by the other', async () => {
    // each service closes its own book
    const service = () => startService({ store: storeModes()[0]!.make(), config: { LIVE_PUBLIC: 'false' }, wsTickets: new RedisWsTickets(REDIS_URL, prefix) });
    const [one, two] = [await service(), await service()];
    try {
      const r = await client(one.url).post('/ws-tickets', undefined, KEY);
      expect(r.status).toBe(201);
      const url = `${two.url.replace('http', 'ws')}/ws/live?ticket=${r.body.ticket}`;
      const opened = await openSocket(url);
      expect(opened.status).toBe(101);
      if ('ws' in opened) opened.ws.close();
      expect((await openSocket(url)).status).toBe(401);
    } finally {
      await one.close();
      await two.close();
    }
  });
});

describe('loggedUrl', () => {
  it('replaces ticket values, however the name is written, and leaves everything else', () => {
    expect(loggedUrl('/ws/live?ticket=abc_DEF-123')).toBe('/ws/live?ticket=[redacted]');
    expect(loggedUrl('/ws/runs?x=1&ticket=abc&y=2&ticket=def')).toBe('/ws/runs?x=1&ticket=[redacted]&y=2&ticket=[redacted]');
    expect(loggedUrl('/ws/live?ti%63ket=abc')).toBe('/ws/live?ti%63ket=[redacted]');
    expect(loggedUrl('/ws/live?%E0%A4%A=1')).toBe('/ws/live?%E0%A4%A=1');
    expect(loggedUrl('/calls/123/digits')).toBe('/calls/123/digits');
    expect(loggedUrl('/runs/1/result?format=csv&tickets=2')).toBe('/runs/1/result?format=csv&tickets=2');
  });
});

describe('tickets for a non-public /ws/live', () => {
  let svc: Running;
  let now = Date.now();
  const ws = () => `${svc.url.replace('http', 'ws')}/ws/live`;
  const issue = async () => {
    const r = await client(svc.url).post('/ws-tickets', undefined, KEY);
    expect(r.status).toBe(201);
    return r.body as { ticket: string; expiresAt: string };
  };
  const seen: string[] = [];

  beforeAll(async () => {
    const [memory] = storeModes();
    svc = await startService({ store: memory!.make(), config: { LIVE_PUBLIC: 'false' }, wsTickets: new WsTickets({ now: () => now }) });
  });
  afterAll(async () => {
    await svc?.close();
  });

  it('POST /ws-tickets needs the key, and answers a ticket with its expiry, not to be cached', async () => {
    const api = client(svc.url);
    expect((await api.post('/ws-tickets')).status).toBe(401);
    expect((await api.post('/ws-tickets', undefined, { 'x-api-key': 'wrong-key-0123456789' })).status).toBe(401);
    const r = await api.post('/ws-tickets', undefined, KEY);
    expect(r.status).toBe(201);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(r.body).sort()).toEqual(['expiresAt', 'ticket']);
    expect(Date.parse(r.body.expiresAt)).toBe(now + TICKET_TTL_MS);
    seen.push(r.body.ticket);
    const docs = await api.get('/docs/json');
    expect(docs.body.paths['/ws-tickets'].post.responses['201']).toBeDefined();
  });

  it('opens the WebSocket once per ticket; a second use, an unknown ticket, or neither ticket nor key is a 401', async () => {
    const { ticket } = await issue();
    seen.push(ticket);
    const first = await openSocket(`${ws()}?ticket=${ticket}`);
    expect(first.status).toBe(101);
    if (!('ws' in first)) return;
    await waitFor(() => first.messages.length > 0);
    expect(first.messages[0].type).toBe('live');
    first.ws.close();
    expect((await openSocket(`${ws()}?ticket=${ticket}`)).status).toBe(401);
    expect((await openSocket(`${ws()}?ticket=${'A'.repeat(43)}`)).status).toBe(401);
    expect((await openSocket(`${ws()}?ticket=`)).status).toBe(401);
    expect((await openSocket(ws())).status).toBe(401);
    expect((await openSocket(ws(), { 'x-api-key': 'wrong-key-0123456789' })).status).toBe(401);
  });

  it('refuses an expired ticket', async () => {
    const { ticket } = await issue();
    seen.push(ticket);
    now += TICKET_TTL_MS;
    expect((await openSocket(`${ws()}?ticket=${ticket}`)).status).toBe(401);
  });

  it('still opens with the x-api-key header', async () => {
    const opened = await openSocket(ws(), KEY);
    expect(opened.status).toBe(101);
    if ('ws' in opened) opened.ws.close();
  });

  it('takes a ticket on the WebSocket only: GET /live with one is a 401, and does not spend it', async () => {
    const { ticket } = await issue();
    seen.push(ticket);
    expect((await client(svc.url).get(`/live?ticket=${ticket}`)).status).toBe(401);
    const opened = await openSocket(`${ws()}?ticket=${ticket}`);
    expect(opened.status).toBe(101);
    if ('ws' in opened) opened.ws.close();
  });

  it('never logs a ticket, only that one was there', async () => {
    const { ticket } = await issue(); // issued and never used: the most valuable kind
    seen.push(ticket);
    await openSocket(`${ws()}?ti%63ket=${ticket}`).then((o) => 'ws' in o && o.ws.close());
    const log = svc.logs.join('\n');
    expect(log).toContain('ticket=[redacted]');
    expect(log).toContain('ti%63ket=[redacted]');
    expect(seen.length).toBeGreaterThanOrEqual(5);
    for (const t of seen) expect(log).not.toContain(t);
  });
});

describe('tickets for /ws/runs', () => {
  let mode: EngineMode;
  let service: PlannerService;
  const ws = () => `${service.url.replace('http', 'ws')}/ws/runs`;
  const issue = async () => {
    const r = await client(service.url).post('/ws-tickets', undefined, KEY);
    expect(r.status).toBe(201);
    return (r.body as { ticket: string }).ticket;
  };

  beforeAll(async () => {
    mode = await embeddedMode();
    service = await mode.start();
  });
  afterAll(async () => {
    await service?.close();
    await mode?.cleanup();
  });

  it('pushes the progress of a started run to a socket opened with a ticket, once', async () => {
    const ticket = await issue();
    const opened = await openSocket(`${ws()}?ticket=${ticket}`);
    expect(opened.status).toBe(101);
    if (!('ws' in opened)) return;
    expect((await openSocket(`${ws()}?ticket=${ticket}`)).status).toBe(401);

    const erlangB = JSON.parse(await readFile('scenarios/textbook/erlang-b.json', 'utf8')) as Record<string, any>;
    erlangB.horizon.days = 1;
    const started = await client(service.url).post<RunRecord>('/runs', { kind: 'replications', scenario: { scenario: erlangB }, seed: 1, replications: 4 }, KEY);
    expect(started.status).toBe(202);
    const mine = () => (opened.messages as Array<{ type: string; run: RunRecord }>).filter((m) => m.type === 'run' && m.run.id === started.body.id).map((m) => m.run);
    await waitFor(() => mine().some((r) => r.status === 'succeeded'), 60_000);
    expect(mine().some((r) => r.status === 'running')).toBe(true);
    expect(mine().at(-1)).toMatchObject({ status: 'succeeded', progress: { done: 4, total: 4 } });
    opened.ws.close();
  });

  it('refuses no ticket, an unknown one, and a ticket on the HTTP routes; the header still opens it', async () => {
    expect((await openSocket(ws())).status).toBe(401);
    expect((await openSocket(`${ws()}?ticket=nope`)).status).toBe(401);
    const ticket = await issue();
    expect((await client(service.url).get(`/runs?ticket=${ticket}`)).status).toBe(401);
    const withKey = await openSocket(ws(), KEY);
    expect(withKey.status).toBe(101);
    if ('ws' in withKey) withKey.ws.close();
  });
});
