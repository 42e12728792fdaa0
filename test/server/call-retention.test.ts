/**
 * Retention of ended calls as the telephony front end sees it: within CALL_RETENTION_SECONDS an
 * ended call is still readable (GET) and digits for it are refused as a conflict (409); after it
 * the call is unknown (404). Memory store on the service's fake clock; the Redis side of the
 * retention is in test/live/line-store.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryLineStore } from '../../src/live/memory-line-store.ts';
import { ConfigError, parseConfig } from '../../src/server/config.ts';
import { FakeClock } from '../support/fixtures.ts';
import { client, startService, type Running } from '../support/harness.ts';

const KEYS = { API_KEY: 'retention-test-admin-key', CALLER_HASH_KEY: 'retention-test-hash-key' };

describe('CALL_RETENTION_SECONDS', () => {
  it('defaults to an hour', () => {
    expect(parseConfig(KEYS).CALL_RETENTION_SECONDS).toBe(3600);
    expect(parseConfig({ ...KEYS, CALL_RETENTION_SECONDS: '120' }).CALL_RETENTION_SECONDS).toBe(120);
  });

  it.each(['0', '-1', '1.5', 'soon', String(31 * 24 * 3600)])('refuses %s, naming the variable', (value) => {
    expect(() => parseConfig({ ...KEYS, CALL_RETENTION_SECONDS: value })).toThrow(ConfigError);
    expect(() => parseConfig({ ...KEYS, CALL_RETENTION_SECONDS: value })).toThrow(/^CALL_RETENTION_SECONDS: /);
  });
});

describe('an ended call over HTTP (memory, fake clock)', () => {
  let svc: Running | undefined;
  afterEach(async () => {
    await svc?.close();
    svc = undefined;
  });

  it('answers 409 for digits and its state on GET within the retention, 404 after', async () => {
    const clock = new FakeClock();
    const store = new MemoryLineStore({ callRetentionSeconds: 600, now: () => clock.now() });
    svc = await startService({ store, clock });
    const api = client(svc.url);
    const id = (await api.post('/calls')).body.id as string;
    const active = (await api.post('/calls')).body.id as string;
    expect((await api.post(`/calls/${id}/end`)).body).toMatchObject({ status: 'ended', outcome: 'hung_up_in_menu' });
    clock.advance(599);
    expect((await api.get(`/calls/${id}`)).body).toMatchObject({ status: 'ended', outcome: 'hung_up_in_menu' });
    expect((await api.post(`/calls/${id}/digits`, { digits: '1' })).status).toBe(409);
    expect((await api.post(`/calls/${id}/end`)).status).toBe(409);
    clock.advance(2);
    expect((await api.get(`/calls/${id}`)).status).toBe(404);
    expect((await api.post(`/calls/${id}/digits`, { digits: '1' })).status).toBe(404);
    expect((await api.post(`/calls/${id}/end`)).status).toBe(404);
    // a call still in the menu is kept, however long
    clock.advance(24 * 3600);
    expect((await api.get(`/calls/${active}`)).body).toMatchObject({ status: 'menu' });
    expect((await api.post(`/calls/${active}/digits`, { digits: '1' })).body.status).toBe('ringing');
    expect(await store.getCall(id)).toBeUndefined();
  });
});
