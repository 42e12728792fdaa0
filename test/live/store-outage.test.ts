/**
 * Redis failures as the routing path meets them: emptied under live traffic (restart without
 * persistence, failover to an empty replica, eviction), routing carries on without a restart and
 * the tick re-creates the line state; stalled (a TCP proxy that stops forwarding, like DEBUG
 * SLEEP without stalling the shared Redis), requests and /readyz answer 503 within bounded time,
 * and recover when Redis does.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisLineStore } from '../../src/live/redis-line-store.ts';
import { API_KEY } from '../support/fixtures.ts';
import { client, startService, type Running } from '../support/harness.ts';
import { dumpAndDelete, redisUrlForTests, testPrefix } from '../support/redis-for-tests.ts';

const redisUrl = await redisUrlForTests();

/** A TCP proxy to Redis that can hold every byte (a stall) and let them through again. */
async function stallableProxy(target: URL): Promise<{ url: string; stall(): void; resume(): void; close(): Promise<void> }> {
  let stalled = false;
  const held: Array<() => void> = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    const pipe = (from: net.Socket, to: net.Socket) =>
      from.on('data', (chunk) => (stalled ? held.push(() => to.write(chunk)) : to.write(chunk)));
    pipe(client, upstream);
    pipe(upstream, client);
    for (const s of [client, upstream]) s.on('error', () => {}).on('close', () => (client.destroy(), upstream.destroy()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    stall: () => void (stalled = true),
    resume: () => {
      stalled = false;
      for (const send of held.splice(0)) send();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe.skipIf(redisUrl === undefined)('Redis failures under the routing path', () => {
  let svc: Running | undefined;
  const prefixes: string[] = [];
  afterEach(async () => {
    await svc?.close();
    svc = undefined;
    for (const p of prefixes.splice(0)) await dumpAndDelete(redisUrl!, p);
  });

  it('Redis emptied: routing, /live and /readyz carry on without a restart; the tick re-creates the line state', async () => {
    const prefix = testPrefix();
    prefixes.push(prefix);
    svc = await startService({ store: new RedisLineStore(redisUrl!, prefix) });
    const api = client(svc.url);
    const before = (await api.post('/calls')).body.id;
    expect((await api.post(`/calls/${before}/digits`, { digits: '1' })).body.status).toBe('ringing');

    await dumpAndDelete(redisUrl!, prefix); // every key gone
    expect((await api.get('/readyz')).status).toBe(200);
    expect((await api.get(`/calls/${before}`)).status).toBe(404);
    const id = (await api.post('/calls')).body.id;
    const routed = await api.post(`/calls/${id}/digits`, { digits: '1' });
    expect(routed.status).toBe(200);
    expect(routed.body).toMatchObject({ status: 'ringing', line: { organisation: 'org-a', line: 'talk-1' } });
    expect((await api.get('/live')).status).toBe(200);
    expect((await api.get('/metrics')).status).toBe(200);

    await svc.tick();
    expect(svc.logs.some((l) => l.includes('line state was missing and has been re-created'))).toBe(true);
    expect((await api.post(`/calls/${id}/answer`)).body.status).toBe('talking');
    expect((await api.post(`/calls/${id}/end`)).body.outcome).toBe('answered');
    const lines = (await api.get('/organisations/org-a/lines', { 'x-api-key': API_KEY })).body.lines;
    expect(lines.every((l: { call: unknown }) => l.call === null)).toBe(true);
  });

  it('Redis stalled: requests answer 503 with Retry-After and /readyz 503, each within bounded time; both recover', async () => {
    const proxy = await stallableProxy(new URL(redisUrl!));
    const prefix = testPrefix();
    prefixes.push(prefix);
    try {
      svc = await startService({
        store: new RedisLineStore(proxy.url, prefix, () => {}, { commandTimeoutMs: 300 }),
        config: { READY_TIMEOUT_MS: '300' },
      });
      const api = client(svc.url);
      const id = (await api.post('/calls')).body.id;
      expect((await api.get('/readyz')).status).toBe(200);

      proxy.stall();
      const timed = async <T>(work: Promise<T>) => {
        const from = Date.now();
        const result = await work;
        return { result, ms: Date.now() - from };
      };
      const started = await timed(api.post('/calls'));
      expect(started.result.status).toBe(503);
      expect(started.result.headers.get('retry-after')).toBe('1');
      expect(started.result.body).toEqual({ error: expect.any(String) });
      expect(started.ms).toBeLessThan(1500);
      const digits = await timed(api.post(`/calls/${id}/digits`, { digits: '1' }));
      expect(digits.result.status).toBe(503);
      expect(digits.ms).toBeLessThan(1500);
      const ready = await timed(api.get('/readyz'));
      expect(ready.result.status).toBe(503);
      expect(ready.ms).toBeLessThan(1500);
      expect((await api.get('/healthz')).status).toBe(200);

      proxy.resume();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await api.get('/readyz')).status).toBe(200);
      expect((await api.post('/calls')).status).toBe(201);
    } finally {
      await svc?.close();
      svc = undefined;
      await proxy.close();
    }
  });
});
