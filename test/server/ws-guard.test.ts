/**
 * WebSocket bounds: at most WS_MAX_PER_ADDRESS sockets per client address; a client that
 * answers no ping is cut off; a client that never reads is closed (1008) once
 * WS_MAX_BUFFERED_BYTES wait for it, so what the service holds for it stays bounded.
 */
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { TOO_SLOW } from '../../src/server/ws-guard.ts';
import { startService, storeModes, type Running } from '../support/harness.ts';

const [memory] = storeModes();

function open(url: string): Promise<{ ws: WebSocket; status: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/ws/live`);
    ws.once('open', () => resolve({ ws, status: 101 }));
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      ws.terminate();
      resolve({ ws, status: res.statusCode ?? 0 });
    });
    ws.once('error', reject);
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The service's end of every WebSocket connection made to it from now on, in order. */
function serverEnds(svc: Running): Socket[] {
  const ends: Socket[] = [];
  svc.app.server.on('upgrade', (_request, socket: Duplex) => ends.push(socket as Socket));
  return ends;
}

/** Largest WebSocket control frame (a close frame): 2 header bytes and at most 125 of payload. */
const CLOSE_FRAME_BYTES = 127;

/** Stops reading: the kernel's buffers fill, then the server's. */
const stopReading = (ws: WebSocket) => (ws as unknown as { _socket: { pause(): void } })._socket.pause();
const startReading = (ws: WebSocket) => (ws as unknown as { _socket: { resume(): void } })._socket.resume();

describe('WebSocket bounds', () => {
  let s: Running | undefined;
  const clients: WebSocket[] = [];
  afterEach(async () => {
    for (const ws of clients.splice(0)) ws.terminate();
    await s?.close();
    s = undefined;
  });

  it('refuses sockets past WS_MAX_PER_ADDRESS with 429, and admits again once one closes', async () => {
    s = await startService({ store: memory!.make(), config: { WS_MAX_PER_ADDRESS: '2' } });
    const ends = serverEnds(s);
    const a = await open(s.url);
    const b = await open(s.url);
    clients.push(a.ws, b.ws);
    expect([a.status, b.status]).toEqual([101, 101]);
    expect((await open(s.url)).status).toBe(429);
    a.ws.close();
    await waitFor(() => ends[0]!.closed);
    const c = await open(s.url);
    clients.push(c.ws);
    expect(c.status).toBe(101);
  });

  it('cuts off a client that answers no ping, and keeps one that does', async () => {
    s = await startService({ store: memory!.make(), config: { WS_PING_INTERVAL_MS: '200' }, tickMs: 60_000 });
    const ends = serverEnds(s);
    const deaf = await open(s.url);
    const live = await open(s.url);
    clients.push(deaf.ws, live.ws);
    let closed = false;
    deaf.ws.on('close', () => (closed = true));
    stopReading(deaf.ws); // its pongs never come: ws answers pings only for frames it reads
    await waitFor(() => ends[0]!.destroyed, 5000);
    await new Promise((r) => setTimeout(r, 600)); // three more pings
    expect(ends[1]!.destroyed).toBe(false);
    expect(live.ws.readyState).toBe(WebSocket.OPEN);
    startReading(deaf.ws);
    await waitFor(() => closed, 5000);
  });

  it('closes a client that never reads with 1008 once WS_MAX_BUFFERED_BYTES wait for it, holding no more than that', async () => {
    const max = 64 * 1024;
    // pushes every 2 ms; no heartbeat within the test, so only the buffer bound can act
    s = await startService({ store: memory!.make(), config: { WS_MAX_BUFFERED_BYTES: String(max), WS_PING_INTERVAL_MS: '600000' }, tickMs: 2 });
    const ends = serverEnds(s);
    const slow = await open(s.url);
    clients.push(slow.ws);
    const code = new Promise<number>((resolve) => slow.ws.on('close', (c) => resolve(c)));
    let messageBytes = 0;
    slow.ws.once('message', (data) => (messageBytes = (data as Buffer).length));
    await waitFor(() => messageBytes > 0);
    stopReading(slow.ws);
    // what the service holds for the client (once the kernel's buffers are full), until it stops
    // sending: pushes come every 2 ms while the socket is open, so a held buffer unchanged for
    // 200 ms means the service has closed it
    const server = ends[0]!;
    let most = 0;
    let last = -1;
    let since = Date.now();
    await waitFor(() => {
      const held = server.writableLength;
      most = Math.max(most, held);
      if (held !== last) [last, since] = [held, Date.now()];
      return held > 0 && Date.now() - since >= 200;
    }, 60_000);
    expect(most).toBeGreaterThan(0);
    // the last message sent while at most `max` waited, then the close frame
    expect(most).toBeLessThanOrEqual(max + messageBytes + CLOSE_FRAME_BYTES);
    startReading(slow.ws);
    expect(await code).toBe(TOO_SLOW);
    await waitFor(() => server.closed, 5000);
  });
});

