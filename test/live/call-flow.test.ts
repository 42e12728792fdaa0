/**
 * Full call flows over real HTTP, in memory mode and in Redis mode: every outcome, the queue
 * order, duty changes, access rules, errors, live figures over the WebSocket, and privacy.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { API_KEY, TELEPHONY_KEY } from '../support/fixtures.ts';
import { client, startService, storeModes, type Running } from '../support/harness.ts';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const CALLER = '+81 90-1234-5678';

for (const mode of storeModes()) {
  describe(`call flow over HTTP (${mode.name})`, () => {
    let svc: Running;
    let api: ReturnType<typeof client>;
    beforeEach(async () => {
      svc = await startService({ store: mode.make() });
      api = client(svc.url);
    });
    afterEach(async () => {
      await svc.close();
      await mode.cleanup();
    });

    const start = async () => {
      const res = await api.post('/calls', { caller: CALLER });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const press = (id: string, digits: string) => api.post(`/calls/${id}/digits`, { digits });
    const today = async (category: string) =>
      (await api.get('/live')).body.categories.find((c: { category: string }) => c.category === category).windows.today;

    it('greets with the bilingual menu (no body needed)', async () => {
      const res = await api.post('/calls');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'menu', outcome: null, prompt: { greeting: true, repeat: false } });
      expect(res.body.prompt.options).toEqual([
        { digit: '1', label: { ja: 'Talk', en: 'Talk' } },
        { digit: '2', label: { ja: 'More', en: 'More' } },
      ]);
    });

    it('answered: digit, line rings, staff answer, call ends; the line is free again', async () => {
      const id = await start();
      const routed = await press(id, '1');
      expect(routed.body).toMatchObject({ status: 'ringing', category: 'talk', line: { organisation: 'org-a', line: 'talk-1' } });
      expect((await api.post(`/calls/${id}/answer`)).body.status).toBe('talking');
      const ended = await api.post(`/calls/${id}/end`);
      expect(ended.body).toMatchObject({ status: 'ended', outcome: 'answered' });
      expect((await api.get(`/calls/${id}`)).body.outcome).toBe('answered');
      expect(await today('talk')).toEqual({ attempts: 1, answered: 1, answerRate: 1 });
      const again = await start();
      svc.clock.advance(1);
      expect((await press(again, '1')).body.status).toBe('ringing');
    });

    it('blocked: every line of a busy-on-no-line category taken', async () => {
      for (const _ of [1, 2]) expect((await press(await start(), '1')).body.status).toBe('ringing');
      const third = await press(await start(), '1');
      expect(third.body).toMatchObject({ status: 'ended', outcome: 'blocked', category: 'talk' });
      expect(await today('talk')).toEqual({ attempts: 1, answered: 0, answerRate: 0 });
    });

    it('queued, then served by the freed line in queue order', async () => {
      const a = await start();
      expect((await press(a, '21')).body.status).toBe('ringing');
      const b = await start();
      const c = await start();
      expect((await press(b, '21')).body).toMatchObject({ status: 'queued', queuePosition: 1 });
      expect((await press(c, '21')).body).toMatchObject({ status: 'queued', queuePosition: 2 });
      await api.post(`/calls/${a}/answer`);
      await api.post(`/calls/${a}/end`);
      expect((await api.get(`/calls/${b}`)).body).toMatchObject({ status: 'ringing', line: { organisation: 'org-b', line: 'urgent-1' } });
      expect((await api.get(`/calls/${c}`)).body).toMatchObject({ status: 'queued', queuePosition: 1 });
    });

    it('abandoned_in_queue: the caller hangs up while waiting, or while the line rings', async () => {
      const a = await start();
      await press(a, '21');
      const b = await start();
      await press(b, '21');
      expect((await api.post(`/calls/${b}/end`)).body.outcome).toBe('abandoned_in_queue');
      expect((await api.post(`/calls/${a}/end`)).body.outcome).toBe('abandoned_in_queue');
      expect(await today('urgent')).toEqual({ attempts: 2, answered: 0, answerRate: 0 });
    });

    it('blocked when the queue is full, and when a queued call waits past maxWaitSeconds', async () => {
      await press(await start(), '21');
      const b = await start();
      await press(b, '21');
      await press(await start(), '21');
      expect((await press(await start(), '21')).body).toMatchObject({ status: 'ended', outcome: 'blocked' });
      svc.clock.advance(61);
      await svc.tick();
      expect((await api.get(`/calls/${b}`)).body).toMatchObject({ status: 'ended', outcome: 'blocked' });
    });

    it('hung_up_in_menu and invalid_input (after the menu repeats once)', async () => {
      expect((await api.post(`/calls/${await start()}/end`)).body.outcome).toBe('hung_up_in_menu');
      const id = await start();
      expect((await press(id, '9')).body).toMatchObject({ status: 'menu', prompt: { repeat: true, greeting: false } });
      expect((await press(id, '9')).body).toMatchObject({ status: 'ended', outcome: 'invalid_input' });
    });

    it('walks into a sub-menu; closed outside staffed hours; staff can put a line on duty', async () => {
      const id = await start();
      const sub = await press(id, '2');
      expect(sub.body.prompt).toMatchObject({ greeting: true, options: [{ digit: '1' }, { digit: '2' }] });
      expect((await press(id, '2')).body).toMatchObject({ status: 'ended', outcome: 'closed', category: 'night' });

      const path = '/organisations/org-c/lines/night-1/duty';
      expect((await api.post(path, { duty: 'on' })).status).toBe(401);
      expect((await api.post(path, { duty: 'on' }, { 'x-api-key': 'wrong-key-wrong-key' })).status).toBe(401);
      const set = await api.post(path, { duty: 'on' }, { 'x-api-key': API_KEY });
      expect(set.body).toEqual({ organisation: 'org-c', line: 'night-1', duty: 'on', busy: false });
      expect((await press(await start(), '22')).body.status).toBe('ringing');
      expect((await api.post('/organisations/org-c/lines/nope/duty', { duty: 'off' }, { 'x-api-key': API_KEY })).status).toBe(404);
    });

    it('all lines of a route off duty: closed; a line coming on duty takes the queued call', async () => {
      const key = { 'x-api-key': API_KEY };
      for (const line of ['talk-1', 'talk-2']) await api.post(`/organisations/org-a/lines/${line}/duty`, { duty: 'off' }, key);
      expect((await press(await start(), '1')).body.outcome).toBe('closed');

      const a = await start();
      await press(a, '21');
      const b = await start();
      await press(b, '21');
      await api.post('/organisations/org-b/lines/urgent-1/duty', { duty: 'off' }, key);
      await api.post(`/calls/${a}/end`);
      expect((await api.get(`/calls/${b}`)).body.status).toBe('queued');
      await api.post('/organisations/org-b/lines/urgent-1/duty', { duty: 'schedule' }, key);
      expect((await api.get(`/calls/${b}`)).body.status).toBe('ringing');
    });

    it('frees a line still held by a call that has ended (an instance died in between)', async () => {
      const id = await start();
      await press(id, '1');
      // another call put through to talk-2 and ended by an instance that died before freeing the line
      const ghost = (await svc.store.getCall(await start()))!;
      const ringing = await svc.store.claimForCall('org-a/talk-2', true, { ...ghost, status: 'ringing', line: 'org-a/talk-2' });
      if (typeof ringing !== 'object') throw new Error(`talk-2 did not take the call: ${ringing}`);
      expect(await svc.store.updateCall({ ...ringing, status: 'ended', outcome: 'answered' })).toBeDefined();
      await svc.tick();
      const lines = await svc.store.lines(['org-a/talk-1', 'org-a/talk-2']);
      expect(lines.map((l) => l.call)).toEqual([id, null]);
    });

    it('answers 404 for an unknown call, 409 for an ended call or a call not ringing', async () => {
      expect((await api.get(`/calls/${UNKNOWN_ID}`)).status).toBe(404);
      expect((await press(UNKNOWN_ID, '1')).status).toBe(404);
      const id = await start();
      expect((await api.post(`/calls/${id}/answer`)).status).toBe(409);
      await api.post(`/calls/${id}/end`);
      const late = await press(id, '1');
      expect(late.status).toBe(409);
      expect(late.body.error).toMatch(/ended/);
      expect((await api.post(`/calls/${id}/end`)).status).toBe(409);
    });

    it('answers 400 with the field path for malformed input', async () => {
      const id = await start();
      expect((await press(id, 'x')).body).toEqual({ error: 'invalid request', issues: [{ path: 'digits', message: expect.any(String) }] });
      const wrongType = await api.post(`/calls/${id}/digits`, { digits: 5 });
      expect(wrongType.status).toBe(400);
      expect(wrongType.body.issues[0].path).toBe('digits');
      expect((await api.post('/calls', '{"caller":')).status).toBe(400);
      expect((await api.post('/calls', { caller: 'not a number' })).body.issues[0].path).toBe('caller');
      expect((await api.post('/calls', { extra: 1 })).status).toBe(400);
      expect((await api.get('/calls/not-a-uuid')).body.issues[0].path).toBe('params.id');
      const big = await api.post('/calls', { caller: '1'.repeat(20_000) });
      expect(big.status).toBe(413);
    });

    it('pushes live figures over the WebSocket, and they change with the calls', async () => {
      const ws = new WebSocket(`${svc.url.replace('http', 'ws')}/ws/live`);
      const messages: any[] = [];
      ws.on('message', (data) => messages.push(JSON.parse(String(data))));
      await waitFor(() => messages.length >= 1);
      expect(messages[0]).toMatchObject({ type: 'live', total: { today: { attempts: 0 } }, waiting: 0 });
      const id = await start();
      await press(id, '1');
      await waitFor(() => messages.some((m) => m.organisations.find((o: any) => o.organisation === 'org-a').busy === 1));
      await api.post(`/calls/${id}/answer`);
      await api.post(`/calls/${id}/end`);
      await waitFor(() => messages.some((m) => m.total.today.answered === 1));
      const last = messages[messages.length - 1];
      expect(last.categories.find((c: any) => c.category === 'talk').windows.last15m).toEqual({ attempts: 1, answered: 1, answerRate: 1 });
      ws.close();
    });

    it('slides the 15-minute and hour windows with the clock; "today" runs to local midnight', async () => {
      const id = await start();
      await press(id, '1');
      await api.post(`/calls/${id}/end`);
      const windows = async () => (await api.get('/live')).body.total;
      expect(await windows()).toMatchObject({ last15m: { attempts: 1 }, lastHour: { attempts: 1 }, today: { attempts: 1 } });
      svc.clock.advance(16 * 60);
      expect(await windows()).toMatchObject({ last15m: { attempts: 0 }, lastHour: { attempts: 1 }, today: { attempts: 1 } });
      svc.clock.advance(45 * 60);
      expect(await windows()).toMatchObject({ last15m: { attempts: 0 }, lastHour: { attempts: 0 }, today: { attempts: 1 } });
      svc.clock.advance(12 * 3600); // past midnight in Tokyo
      expect((await windows()).today.attempts).toBe(0);
    });

    it('exports Prometheus text at /metrics', async () => {
      const id = await start();
      await press(id, '1');
      await api.post(`/calls/${id}/answer`);
      await api.post(`/calls/${id}/end`);
      const res = await api.get('/metrics');
      expect(res.status).toBe(200);
      expect(res.body).toContain('helpline_answered{category="talk",window="today"} 1');
      expect(res.body).toContain('helpline_lines_on_duty{organisation="org-a"} 2');
    });

    it('serves health, readiness and the OpenAPI document', async () => {
      expect((await api.get('/healthz')).body).toEqual({ status: 'ok' });
      expect((await api.get('/readyz')).body).toEqual({ status: 'ok' });
      const doc = await api.get('/docs/json');
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/calls', '/calls/{id}/digits', '/organisations/{org}/lines/{line}/duty']));
    });

    it('never stores or logs the caller number', async () => {
      const id = await start();
      await press(id, '1');
      await api.post(`/calls/${id}/end`);
      await svc.close();
      const stored = await mode.cleanup();
      const haystack = [...svc.logs, ...stored].join('\n');
      expect(haystack).toContain(id); // the search itself works: call ids are there
      for (const form of [CALLER, '9012345678', '819012345678', '1234-5678', '1234 5678']) expect(haystack).not.toContain(form);
      svc = await startService({ store: mode.make() }); // for afterEach
    });
  });
}

describe('access configuration', () => {
  const [memory] = storeModes();
  it('call flow needs the telephony key when one is set; live figures can be private', async () => {
    const svc = await startService({ store: memory!.make(), config: { TELEPHONY_API_KEY: TELEPHONY_KEY, LIVE_PUBLIC: 'false' } });
    const api = client(svc.url);
    expect((await api.post('/calls', {})).status).toBe(401);
    expect((await api.post('/calls', {}, { 'x-api-key': TELEPHONY_KEY })).status).toBe(201);
    expect((await api.get('/metrics')).status).toBe(401);
    expect((await api.get('/live')).status).toBe(401);
    expect((await api.get('/live', { 'x-api-key': API_KEY })).status).toBe(200);
    await svc.close();
  });

  it('rate-limits per client', async () => {
    const svc = await startService({ store: memory!.make(), config: { RATE_LIMIT_MAX: '3' } });
    const statuses = [];
    const responses = [];
    for (let i = 0; i < 5; i++) responses.push(await client(svc.url).get('/healthz'));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 429, 429]);
    expect(Number(responses[3]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(responses[3]!.body).toMatchObject({ error: expect.stringContaining('rate limit exceeded') });
    await svc.close();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, 10));
  }
}
