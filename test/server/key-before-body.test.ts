/**
 * The API key is checked before the body is read: a request without the key gets 401 whatever
 * its body, query or content type (never a 400 describing what the body should be, a 413 or a
 * 415), on every key-protected route; with the key, the same request gets its 4xx as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedMode, type EngineMode, type PlannerService } from '../support/planner-harness.ts';
import { API_KEY, TELEPHONY_KEY } from '../support/fixtures.ts';
import { request } from '../support/harness.ts';

const CALL = '00000000-0000-4000-8000-000000000000';
const JSON_TYPE = { 'content-type': 'application/json' };
const tooBig = JSON.stringify({ pad: 'x'.repeat(2_000_000) });

/** [method, path, body, headers, key that opens it, status with that key] */
const cases: Array<[string, string, string | undefined, Record<string, string>, string, number]> = [
  ['POST', `/calls/${CALL}/digits`, '{"digits":"x"}', JSON_TYPE, TELEPHONY_KEY, 400],
  ['POST', '/calls', '{not json', JSON_TYPE, TELEPHONY_KEY, 400],
  ['POST', '/calls', '<call/>', { 'content-type': 'application/xml' }, TELEPHONY_KEY, 415],
  ['POST', '/calls', tooBig, JSON_TYPE, TELEPHONY_KEY, 413],
  ['POST', '/organisations/org-a/lines/1/duty', '{"onDuty":"maybe"}', JSON_TYPE, API_KEY, 400],
  ['POST', '/ws-tickets', '{not json', JSON_TYPE, API_KEY, 400],
  ['POST', '/runs', '{}', JSON_TYPE, API_KEY, 400],
  ['POST', '/runs', tooBig, JSON_TYPE, API_KEY, 413],
  ['GET', '/runs?limit=many', undefined, {}, API_KEY, 400],
  ['POST', '/scenarios/validate', '{not json', JSON_TYPE, API_KEY, 400],
  ['PUT', '/scenarios/s1', '{not json', JSON_TYPE, API_KEY, 400],
];

describe('key before body', () => {
  let mode: EngineMode;
  let service: PlannerService;
  beforeAll(async () => {
    mode = await embeddedMode();
    service = await mode.start({ TELEPHONY_API_KEY: TELEPHONY_KEY });
  });
  afterAll(async () => {
    await service.close();
    await mode.cleanup();
  });

  it.each(cases)('%s %s without the key: 401, not what the body would earn', async (method, path, body, headers, key, withKey) => {
    const without = await request(service.url, method, path, body, headers);
    expect(without.status).toBe(401);
    expect(without.body).toEqual({ error: 'missing or wrong x-api-key' });
    const wrong = await request(service.url, method, path, body, { ...headers, 'x-api-key': 'a-wrong-key-0123456789' });
    expect(wrong.status).toBe(401);
    const right = await request(service.url, method, path, body, { ...headers, 'x-api-key': key });
    expect(right.status).toBe(withKey);
  });
});
