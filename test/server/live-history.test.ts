/**
 * GET /live/history over real HTTP, in memory and in Redis: calls ended at known times on the
 * service's (fake) clock land in their 15-minute slots of the local day (Asia/Tokyo), and
 * nothing from the day before is in it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiveHistory } from '../../src/live/live-metrics.ts';
import { API_KEY, FakeClock } from '../support/fixtures.ts';
import { client, startService, storeModes, type Running } from '../support/harness.ts';

const tokyo = (dateTime: string) => Date.parse(`${dateTime}+09:00`);
const none = { attempts: 0, answered: 0, answerRate: null };

for (const mode of storeModes()) {
  describe(`GET /live/history (${mode.name})`, () => {
    let svc: Running;
    let api: ReturnType<typeof client>;
    beforeEach(async () => {
      svc = await startService({ store: mode.make(), clock: new FakeClock(tokyo('2026-01-04T23:50:00')), tickMs: 60_000 });
      api = client(svc.url);
    });
    afterEach(async () => {
      await svc.close();
      await mode.cleanup();
    });

    const at = (dateTime: string) => {
      svc.clock.ms = tokyo(dateTime);
    };
    const start = async () => (await api.post('/calls')).body.id as string;
    const hangUpInMenu = async () => expect((await api.post(`/calls/${await start()}/end`)).body.outcome).toBe('hung_up_in_menu');
    const talk = async (answer: boolean) => {
      const id = await start();
      expect((await api.post(`/calls/${id}/digits`, { digits: '1' })).body.status).toBe('ringing');
      if (answer) await api.post(`/calls/${id}/answer`);
      expect((await api.post(`/calls/${id}/end`)).body.outcome).toBe(answer ? 'answered' : 'abandoned_in_queue');
    };

    it('one slot per 15 minutes since local midnight, each with the attempts that ended in it', async () => {
      await talk(true); // the day before: not in today's history
      at('2026-01-05T00:05:00');
      await hangUpInMenu();
      at('2026-01-05T00:20:00');
      await talk(true);
      await talk(false);
      at('2026-01-05T09:14:59');
      await talk(true);
      at('2026-01-05T09:15:00');
      await talk(true);
      at('2026-01-05T09:20:30');

      const res = await api.get<LiveHistory>('/live/history');
      expect(res.status).toBe(200);
      const history = res.body;
      expect(history).toMatchObject({ at: '2026-01-05T00:20:30.000Z', date: '2026-01-05', slotMinutes: 15 });
      // 00:00 … 09:15 (the slot in progress)
      expect(history.slots).toHaveLength(38);
      expect(history.slots[0]).toMatchObject({ time: '00:00', start: '2026-01-04T15:00:00.000Z', end: '2026-01-04T15:15:00.000Z' });
      expect(history.slots.at(-1)).toMatchObject({ time: '09:15', start: '2026-01-05T00:15:00.000Z' });
      const talkOf = (i: number) => history.slots[i]!.categories.find((c) => c.category === 'talk');
      expect(history.slots[0]!.total).toEqual({ attempts: 1, answered: 0, answerRate: 0 });
      expect(history.slots[0]!.categories).toEqual([
        { category: 'talk', ...none },
        { category: 'urgent', ...none },
        { category: 'night', ...none },
      ]);
      expect(history.slots[1]!.total).toEqual({ attempts: 2, answered: 1, answerRate: 0.5 });
      expect(talkOf(1)).toEqual({ category: 'talk', attempts: 2, answered: 1, answerRate: 0.5 });
      expect(talkOf(36)).toEqual({ category: 'talk', attempts: 1, answered: 1, answerRate: 1 });
      expect(talkOf(37)).toEqual({ category: 'talk', attempts: 1, answered: 1, answerRate: 1 });
      for (const i of [2, 10, 35]) expect(history.slots[i]!.total).toEqual(none);
      // the slots add up to GET /live's "today"
      const live = (await api.get('/live')).body;
      expect(history.slots.reduce((n, s) => n + s.total.attempts, 0)).toBe(live.total.today.attempts);
    });

    it('right after local midnight: one slot, empty', async () => {
      await talk(true);
      at('2026-01-05T00:00:10');
      const history = (await api.get<LiveHistory>('/live/history')).body;
      expect(history.date).toBe('2026-01-05');
      expect(history.slots).toHaveLength(1);
      expect(history.slots[0]!.total).toEqual(none);
    });
  });
}

describe('GET /live/history access', () => {
  const [memory] = storeModes();
  let svc: Running | undefined;
  afterEach(async () => {
    await svc?.close();
  });

  it('is behind the API key when live figures are not public, like /live', async () => {
    svc = await startService({ store: memory!.make(), config: { LIVE_PUBLIC: 'false' } });
    expect((await client(svc.url).get('/live/history')).status).toBe(401);
    expect((await client(svc.url).get('/live/history', { 'x-api-key': 'wrong-key-0123456789' })).status).toBe(401);
    const ok = await client(svc.url).get<LiveHistory>('/live/history', { 'x-api-key': API_KEY });
    expect(ok.status).toBe(200);
    expect(ok.body.slots).toHaveLength(12 * 4 + 1); // 12:00 on the fake clock
  });

  it('is documented in the OpenAPI document', async () => {
    svc = await startService({ store: memory!.make() });
    const doc = (await client(svc.url).get('/docs/json')).body;
    expect(doc.paths['/live/history'].get.responses['200']).toBeDefined();
  });
});
