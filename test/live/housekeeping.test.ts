/**
 * Queued callers whose route's staffed hours end hear the closing message (`closed`), as the
 * simulator models it; staff taking the route's lines off duty within their hours is a break,
 * and callers keep waiting.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseScenario } from '../../core/scenario/validate.ts';
import { API_KEY, testScenarioInput } from '../support/fixtures.ts';
import { client, startService, storeModes, type Running } from '../support/harness.ts';

// urgent's only line (org-b) staffed 11:00–13:00, its queue without a maximum wait; the fake
// clock starts on Monday at noon, Tokyo
const scenario = parseScenario({
  ...testScenarioInput,
  organisations: testScenarioInput.organisations.map((o) => (o.id === 'org-b' ? { ...o, schedule: [{ from: '11:00', to: '13:00' }] } : o)),
  routing: { ...testScenarioInput.routing, urgent: { pools: ['urgent'], onNoLine: { action: 'queue', priority: 5 } } },
});

describe.each(storeModes())('closing time ($name store)', (mode) => {
  let svc: Running;
  let api: ReturnType<typeof client>;
  beforeEach(async () => {
    svc = await startService({ store: mode.make(), scenario });
    api = client(svc.url);
  });
  afterEach(async () => {
    await svc.close();
    await mode.cleanup();
  });

  const queuedBehindAnother = async (): Promise<{ first: string; queued: string }> => {
    const first = (await api.post('/calls')).body.id as string;
    expect((await api.post(`/calls/${first}/digits`, { digits: '21' })).body.status).toBe('ringing');
    const queued = (await api.post('/calls')).body.id as string;
    expect((await api.post(`/calls/${queued}/digits`, { digits: '21' })).body.status).toBe('queued');
    return { first, queued };
  };

  it('a caller still queued when the hours end is told the line is closed', async () => {
    const { first, queued } = await queuedBehindAnother();
    await api.post(`/calls/${first}/answer`);
    svc.clock.advance(1800); // 12:30: still open
    await svc.tick();
    expect((await api.get(`/calls/${queued}`)).body.status).toBe('queued');
    svc.clock.advance(3600); // past 13:00
    await svc.tick();
    expect((await api.get(`/calls/${queued}`)).body).toMatchObject({ status: 'ended', outcome: 'closed' });
    // the call in progress finishes normally
    expect((await api.get(`/calls/${first}`)).body.status).toBe('talking');
  });

  it('a break (the line off duty within its hours) keeps callers waiting', async () => {
    const { first, queued } = await queuedBehindAnother();
    await api.post('/organisations/org-b/lines/urgent-1/duty', { duty: 'off' }, { 'x-api-key': API_KEY });
    await api.post(`/calls/${first}/end`);
    await svc.tick();
    expect((await api.get(`/calls/${queued}`)).body.status).toBe('queued');
  });
});
