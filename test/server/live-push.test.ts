/**
 * A change made through one instance reaches the WebSocket clients of every instance at once,
 * not only at the next periodic push (which these tests set to a minute, out of reach).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { client, redisAvailable, startService, storeModes, type Running } from '../support/harness.ts';
import { testPrefix } from '../support/redis-for-tests.ts';

const NO_PERIODIC_PUSH = { tickMs: 60_000 };

async function firstMessages(url: string): Promise<{ messages: Array<{ total: { today: { attempts: number } } }>; ws: WebSocket }> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/ws/live`);
  const messages: Array<{ total: { today: { attempts: number } } }> = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data))));
  await waitFor(() => messages.length === 1); // the snapshot sent on connect
  return { messages, ws };
}

async function hangUpInMenu(url: string): Promise<void> {
  const api = client(url);
  const id = (await api.post('/calls')).body.id as string;
  await api.post(`/calls/${id}/end`);
}

const [memory, redis] = storeModes();

describe('live push on change', () => {
  const running: Running[] = [];
  afterEach(async () => {
    for (const s of running.splice(0)) await s.close();
    await redis?.cleanup();
  });

  it('one instance in memory', async () => {
    const a = await startService({ store: memory!.make(), ...NO_PERIODIC_PUSH });
    running.push(a);
    const { messages, ws } = await firstMessages(a.url);
    await hangUpInMenu(a.url);
    await waitFor(() => messages.some((m) => m.total.today.attempts === 1));
    ws.close();
  });

  it.skipIf(!redisAvailable)('two instances on one Redis: a change through A reaches a client of B', async () => {
    const prefix = testPrefix();
    const a = await startService({ store: redis!.make(prefix), ...NO_PERIODIC_PUSH });
    const b = await startService({ store: redis!.make(prefix), ...NO_PERIODIC_PUSH });
    running.push(a, b);
    const { messages, ws } = await firstMessages(b.url);
    expect(messages[0]!.total.today.attempts).toBe(0);
    await hangUpInMenu(a.url);
    await waitFor(() => messages.some((m) => m.total.today.attempts === 1));
    ws.close();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, 10));
  }
}
