/**
 * Lost webhooks cannot hold a line or a call for long: a ringing call nobody answers, a
 * conversation whose end never arrives and a caller left at the menu are ended by the service on
 * its own clock, marked endedBy 'timeout', and their line goes to the next caller; staff can see
 * and release the call on a line; active calls are capped. Over HTTP, in both store modes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryLineStore } from '../../src/live/memory-line-store.ts';
import { API_KEY, FakeClock } from '../support/fixtures.ts';
import { client, startService, storeModes, type Running } from '../support/harness.ts';

const LIMITS = { RING_TIMEOUT_SECONDS: '30', MAX_TALK_SECONDS: '600', MENU_TIMEOUT_SECONDS: '120' };
const staff = { 'x-api-key': API_KEY };

for (const mode of storeModes()) {
  describe(`timeouts and staff release (${mode.name})`, () => {
    let svc: Running;
    let api: ReturnType<typeof client>;
    beforeEach(async () => {
      svc = await startService({ store: mode.make(), config: LIMITS });
      api = client(svc.url);
    });
    afterEach(async () => {
      await svc.close();
      await mode.cleanup();
    });

    const start = async () => (await api.post('/calls')).body.id as string;
    const routed = async (digits: string) => {
      const id = await start();
      const res = await api.post(`/calls/${id}/digits`, { digits });
      return { id, body: res.body };
    };
    const tickAfter = async (seconds: number) => {
      svc.clock.advance(seconds);
      await svc.tick();
    };
    const call = async (id: string) => (await api.get(`/calls/${id}`)).body;
    const lineOf = async (org: string, line: string) =>
      ((await api.get(`/organisations/${org}/lines`, staff)).body.lines as Array<{ line: string; call: unknown }>).find((l) => l.line === line)!;

    it('a ringing call nobody answers ends after the ring timeout and its line takes the next queued call', async () => {
      const ringing = await routed('21');
      expect(ringing.body.status).toBe('ringing');
      const queued = await routed('21');
      expect(queued.body.status).toBe('queued');
      await tickAfter(29);
      expect((await call(ringing.id)).status).toBe('ringing');
      await tickAfter(2);
      expect(await call(ringing.id)).toMatchObject({ status: 'ended', outcome: 'abandoned_in_queue', endedBy: 'timeout' });
      expect(await call(queued.id)).toMatchObject({ status: 'ringing', line: { organisation: 'org-b', line: 'urgent-1' } });
      // a late webhook for the ended call is refused, not counted twice
      expect((await api.post(`/calls/${ringing.id}/end`)).status).toBe(409);
      expect(svc.logs.some((l) => l.includes('call ended by timeout') && l.includes(ringing.id))).toBe(true);
    });

    it('a conversation whose end never arrives ends as answered after the maximum talk time, freeing the line', async () => {
      const again = await routed('1');
      expect(again.body.line).toEqual({ organisation: 'org-a', line: 'talk-1' });
      expect((await api.post(`/calls/${again.id}/answer`)).body.status).toBe('talking');
      await tickAfter(599);
      expect((await call(again.id)).status).toBe('talking');
      await tickAfter(2);
      expect(await call(again.id)).toMatchObject({ status: 'ended', outcome: 'answered', endedBy: 'timeout' });
      expect((await lineOf('org-a', 'talk-1')).call).toBeNull();
    });

    it('a caller left at the menu ends as hung_up_in_menu; each key pressed starts the menu timeout again', async () => {
      const idle = await start();
      const pressing = await start();
      await tickAfter(100);
      expect((await api.post(`/calls/${pressing}/digits`, { digits: '2' })).body.status).toBe('menu');
      await tickAfter(21);
      expect(await call(idle)).toMatchObject({ status: 'ended', outcome: 'hung_up_in_menu', endedBy: 'timeout' });
      expect((await call(pressing)).status).toBe('menu');
      await tickAfter(100);
      expect((await call(pressing)).status).toBe('ended');
      const today = (await api.get('/live')).body.total.today;
      expect(today.attempts).toBe(2);
    });

    it('staff see the calls on their lines and release one: it ends with its stated outcome and the line is freed', async () => {
      expect((await api.get('/organisations/org-a/lines')).status).toBe(401);
      expect((await api.get('/organisations/nobody/lines', staff)).status).toBe(404);
      const a = await routed('1');
      await api.post(`/calls/${a.id}/answer`);
      const b = await routed('1');
      const lines = (await api.get('/organisations/org-a/lines', staff)).body;
      expect(lines).toMatchObject({
        organisation: 'org-a',
        lines: [
          { line: 'talk-1', pool: 'talk', duty: 'schedule', onDuty: true, call: { id: a.id, status: 'talking' } },
          { line: 'talk-2', call: { id: b.id, status: 'ringing' } },
        ],
      });
      const since = Date.parse(lines.lines[0].call.since);
      expect(since).toBe(svc.clock.now());
      expect(Date.parse(lines.lines[0].call.endsBy)).toBe(since + 600_000);

      expect((await api.post('/organisations/org-a/lines/talk-1/release')).status).toBe(401);
      expect((await api.post('/organisations/org-a/lines/talk-9/release', undefined, staff)).status).toBe(404);
      const released = await api.post('/organisations/org-a/lines/talk-1/release', undefined, staff);
      expect(released.body).toEqual({ organisation: 'org-a', line: 'talk-1', released: true, callId: a.id, outcome: 'answered' });
      expect(await call(a.id)).toMatchObject({ status: 'ended', outcome: 'answered', endedBy: 'staff' });
      const ringingReleased = await api.post('/organisations/org-a/lines/talk-2/release', undefined, staff);
      expect(ringingReleased.body.outcome).toBe('abandoned_in_queue');
      expect((await api.post('/organisations/org-a/lines/talk-2/release', undefined, staff)).body).toMatchObject({ released: false, callId: null });
      expect((await routed('1')).body.status).toBe('ringing');
      const log = svc.logs.find((l) => l.includes('line released by staff'))!;
      expect(JSON.parse(log)).toMatchObject({ organisation: 'org-a', line: 'talk-1', callId: a.id });
    });
  });

  describe(`active-call cap (${mode.name})`, () => {
    let svc: Running;
    afterEach(async () => {
      await svc.close();
      await mode.cleanup();
    });

    it('POST /calls beyond MAX_ACTIVE_CALLS answers 503 with Retry-After; a call ending makes room', async () => {
      svc = await startService({ store: mode.make(), config: { MAX_ACTIVE_CALLS: '3' } });
      const api = client(svc.url);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await api.post('/calls')).body.id);
      const refused = await api.post('/calls');
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.body.error).toMatch(/MAX_ACTIVE_CALLS/);
      await api.post(`/calls/${ids[0]}/end`);
      expect((await api.post('/calls')).status).toBe(201);
    });
  });
}

describe('memory mode does not grow with callers left at the menu', () => {
  it('expired menu calls are ended, then forgotten after the retention', async () => {
    const clock = new FakeClock();
    const store = new MemoryLineStore({ callRetentionSeconds: 60, now: () => clock.now() });
    const svc = await startService({ store, clock, config: { MENU_TIMEOUT_SECONDS: '120', MAX_ACTIVE_CALLS: '50' } });
    try {
      const api = client(svc.url);
      const ids: string[] = [];
      for (let i = 0; i < 50; i++) ids.push((await api.post('/calls')).body.id);
      const held = async () => (await Promise.all(ids.map((id) => store.getCall(id)))).filter((c) => c !== undefined).length;
      expect(await held()).toBe(50);
      expect((await api.post('/calls')).status).toBe(503);
      clock.advance(121);
      await svc.tick();
      clock.advance(61);
      expect(await held()).toBe(0);
      // none of them counts against the active-call cap any more
      for (let i = 0; i < 50; i++) expect((await api.post('/calls')).status).toBe(201);
    } finally {
      await svc.close();
    }
  });
});
