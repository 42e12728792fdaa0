/**
 * 10,000 random requests against the call-flow and staff routes over real HTTP: random
 * methods, paths, content types and bodies (JSON values, broken JSON, raw text). The service
 * must answer every one with a non-5xx status and keep serving.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { API_KEY } from './fixtures.ts';
import { client, request, startService, storeModes, type Running } from './harness.ts';

const RUNS = 10_000;
let svc: Running;
const knownIds: string[] = [];

beforeAll(async () => {
  svc = await startService({ store: storeModes()[0]!.make() });
  for (let i = 0; i < 5; i++) knownIds.push((await client(svc.url).post('/calls', {})).body.id);
});
afterAll(() => svc.close());

const id = fc.oneof(
  fc.constantFrom(...['00000000-0000-4000-8000-000000000000', 'x', '%20', '..%2F..']),
  fc.uuid(),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.integer({ min: 0, max: 4 }).map((i) => knownIds[i]!),
);
const segment = fc.string({ maxLength: 20 }).map(encodeURIComponent);
const path = fc.oneof(
  fc.constant('/calls'),
  id.map((i) => `/calls/${i}`),
  fc.tuple(id, fc.constantFrom('digits', 'answer', 'end')).map(([i, a]) => `/calls/${i}/${a}`),
  fc.tuple(segment, segment).map(([o, l]) => `/organisations/${o}/lines/${l}/duty`),
  fc.constantFrom('/organisations/org-a/lines/talk-1/duty', '/organisations/org-c/lines/night-1/duty'),
);
const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record({ digits: fc.oneof(fc.string({ maxLength: 20 }), fc.stringMatching(/^[0-9*#]{1,16}$/), fc.jsonValue()) }, { requiredKeys: [] }),
  fc.record({ caller: fc.oneof(fc.string({ maxLength: 40 }), fc.jsonValue()) }, { requiredKeys: [] }),
  fc.record({ duty: fc.oneof(fc.constantFrom('on', 'off', 'schedule'), fc.jsonValue()) }, { requiredKeys: [] }),
).map((v) => JSON.stringify(v));
const body = fc.oneof(jsonBody, fc.string({ maxLength: 200 }), fc.constant(undefined));
const contentType = fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-8', undefined);

it(`survives ${RUNS} random requests without a 5xx`, async () => {
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), path, body, contentType, fc.boolean(), async (method, p, b, type, withKey) => {
      const headers: Record<string, string> = {};
      if (type !== undefined) headers['content-type'] = type;
      if (withKey) headers['x-api-key'] = API_KEY;
      const res = await request(svc.url, method, p, method === 'GET' ? undefined : (b ?? undefined), headers);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, `${method} ${p} ${type} ${b}`).toBeLessThan(500);
    }),
    { numRuns: RUNS },
  );
  expect((await client(svc.url).get('/healthz')).status).toBe(200);
  // the fuzzer must reach the handlers, not only the validators
  expect([...statuses.keys()]).toEqual(expect.arrayContaining([200, 400, 404]));
}, 300_000);
