/**
 * The rate limiter: each client's window starts at its first request; past its table size the
 * least recently seen client is forgotten (never a shared counter, so a flood from many
 * addresses cannot lock out a newcomer); IPv6 counted by /64; the telephony and staff keys and
 * the allow list exempt; X-Forwarded-For believed only as TRUST_PROXY says.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addressMatcher, clientKey, TrustProxySchema } from '../../src/server/client-address.ts';
import { parseConfig } from '../../src/server/config.ts';
import { windowLimiter } from '../../src/server/rate-limit.ts';
import { API_KEY, TELEPHONY_KEY } from '../support/fixtures.ts';
import { request, startService, storeModes, type Running } from '../support/harness.ts';

describe('window limiter', () => {
  it('lets max requests through per client, then says how long to wait until its own window ends', () => {
    let t = 10_500;
    const hit = windowLimiter({ max: 2, windowMs: 10_000, now: () => t });
    expect([hit('a'), hit('a'), hit('b')]).toEqual([0, 0, 0]);
    // a's window is [10 500, 20 500)
    expect(hit('a')).toBe(10);
    t = 20_499;
    expect(hit('a')).toBe(1);
    t = 20_500;
    expect(hit('a')).toBe(0);
  });

  it("starts a client's window at its first request, not at the wall-clock minute", () => {
    let t = 59_999;
    const hit = windowLimiter({ max: 1, windowMs: 60_000, now: () => t });
    expect(hit('late')).toBe(0);
    // a minute-aligned window would end in 1 ms and let the client in again at 60 000
    expect(hit('late')).toBe(60);
    t = 60_000;
    expect(hit('late')).toBe(60);
    t = 119_998; // its window is [59 999, 119 999)
    expect(hit('late')).toBe(1);
    t = 119_999;
    expect(hit('late')).toBe(0);
  });

  it('forgets the least recently seen client past maxClients, so a flood of addresses never limits a newcomer', () => {
    const hit = windowLimiter({ max: 3, windowMs: 60_000, maxClients: 10, now: () => 0 });
    for (let i = 0; i < 10_000; i++) hit(`flood-${i}`);
    // with a shared overflow counter every one of these would wait for the window's end
    expect([hit('newcomer'), hit('newcomer'), hit('newcomer')]).toEqual([0, 0, 0]);
    expect(hit('newcomer')).toBe(60);
    expect([hit('other'), hit('another')]).toEqual([0, 0]);
  });

  it('keeps counting a client seen recently while the flood churns the table', () => {
    const hit = windowLimiter({ max: 5, windowMs: 60_000, maxClients: 4, now: () => 0 });
    for (let i = 0; i < 5; i++) {
      hit('busy');
      hit(`flood-${i}`);
    }
    expect(hit('busy')).toBe(60);
  });
});

describe('client addresses', () => {
  it('keys IPv4 by address, IPv6 by /64, IPv4-mapped IPv6 as IPv4', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('matches addresses and CIDR ranges of both families', () => {
    const allowed = addressMatcher(['10.1.0.0/16', '192.0.2.5', '2001:db8::/32']);
    expect(['10.1.200.3', '192.0.2.5', '::ffff:10.1.0.1', '2001:db8:ffff::1'].map(allowed)).toEqual([true, true, true, true]);
    expect(['10.2.0.1', '192.0.2.6', '2001:db9::1', 'not an address'].map(allowed)).toEqual([false, false, false, false]);
  });

  it('reads TRUST_PROXY as false, a hop count or a list of proxies, and refuses anything else naming the variable', () => {
    expect(TrustProxySchema.parse('false')).toBe(false);
    expect(TrustProxySchema.parse('2')).toBe(2);
    expect(TrustProxySchema.parse('10.0.0.1, 10.8.0.0/16')).toEqual(['10.0.0.1', '10.8.0.0/16']);
    expect(parseConfig({ API_KEY, CALLER_HASH_KEY: API_KEY }).TRUST_PROXY).toBe(false);
    expect(() => parseConfig({ API_KEY, CALLER_HASH_KEY: API_KEY, TRUST_PROXY: 'proxy.local' })).toThrow(/^TRUST_PROXY: /);
    expect(() => parseConfig({ API_KEY, CALLER_HASH_KEY: API_KEY, RATE_LIMIT_ALLOW: '10.0.0.0/99' })).toThrow(/^RATE_LIMIT_ALLOW: /);
  });
});

describe('rate limit over HTTP', () => {
  const [memory] = storeModes();
  let running: Running | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  const start = async (config: Record<string, string>) => {
    running = await startService({ store: memory!.make(), config: { RATE_LIMIT_MAX: '3', TELEPHONY_API_KEY: TELEPHONY_KEY, ...config } });
    return running.url;
  };
  const from = (url: string, address: string, headers: Record<string, string> = {}) =>
    request(url, 'GET', '/dashboards/labels', undefined, { 'x-forwarded-for': address, ...headers }).then((r) => r.status);

  it('behind a trusted proxy limits each client on its own; a flood of addresses locks out neither newcomers, the front end nor staff', async () => {
    const url = await start({ TRUST_PROXY: '127.0.0.1', RATE_LIMIT_CLIENTS: '20' });
    const flood: number[] = [];
    for (let i = 0; i < 100; i++) for (let j = 0; j < 4; j++) flood.push(await from(url, `198.51.100.${i}`));
    expect(flood.filter((s) => s === 429)).toHaveLength(100); // each flooding address got its own 3
    expect([await from(url, '203.0.113.1'), await from(url, '203.0.113.2')]).toEqual([200, 200]);
    const limited = await request(url, 'GET', '/dashboards/labels', undefined, { 'x-forwarded-for': '198.51.100.99' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).toEqual({ error: expect.stringMatching(/^rate limit exceeded/), issues: [{ path: '(root)', message: expect.any(String) }] });
    // the flooding address itself still gets through with either key
    for (let i = 0; i < 10; i++) {
      expect(await from(url, '198.51.100.99', { 'x-api-key': TELEPHONY_KEY })).toBe(200);
      expect(await from(url, '198.51.100.99', { 'x-api-key': API_KEY })).toBe(200);
    }
    expect(await from(url, '198.51.100.99', { 'x-api-key': 'a-wrong-key-0123456789' })).toBe(429);
  });

  it('counts an IPv6 /64 as one client', async () => {
    const url = await start({ TRUST_PROXY: '127.0.0.1' });
    const statuses = [];
    for (let i = 1; i <= 4; i++) statuses.push(await from(url, `2001:db8:5:6::${i}`));
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(await from(url, '2001:db8:5:7::1')).toBe(200);
  });

  it('without TRUST_PROXY ignores X-Forwarded-For: every client behind one proxy shares its limit', async () => {
    const url = await start({});
    const statuses = [];
    for (let i = 1; i <= 4; i++) statuses.push(await from(url, `198.51.100.${i}`));
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('never limits an address on RATE_LIMIT_ALLOW', async () => {
    const url = await start({ RATE_LIMIT_ALLOW: '127.0.0.0/8' });
    for (let i = 0; i < 10; i++) expect(await from(url, '198.51.100.1')).toBe(200);
  });
});
