/**
 * 10,000 random requests against the call-flow and staff routes over real HTTP: random
 * methods, paths, content types and bodies (JSON values, broken JSON, raw text). The service
 * must answer every one with a non-5xx status and keep serving. Then the planner routes (runs of
 * each kind, scenarios, import) with hostile scenario paths (__proto__, constructor.prototype,
 * very long, deep) and hostile sizes (huge numbers, huge arrays, deep menus and values): never a
 * 5xx, Object.prototype untouched, and a call still routes after every case.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { api, embeddedMode, type EngineMode, type PlannerService } from '../support/planner-harness.ts';
import { API_KEY } from '../support/fixtures.ts';
import { client, request, startService, storeModes, type Running } from '../support/harness.ts';

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

// ---------------------------------------------------------------------------------------------
// Planner routes: hostile scenario paths and hostile sizes

/** JSON text inserted as is: values too deep for JSON.stringify, or too big to build each time. */
class Raw {
  constructor(readonly text: string) {}
  /** How fast-check prints it in a counterexample. */
  [fc.toStringMethod](): string {
    return this.text.length > 200 ? `Raw(${this.text.slice(0, 80)}… ${this.text.length} characters)` : `Raw(${this.text})`;
  }
}

/** JSON text of a request body, with Raw parts inserted verbatim (bodies here are shallow). */
function toJson(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const PLANNER_RUNS = 150;
const erlangB = JSON.parse(readFileSync('scenarios/textbook/erlang-b.json', 'utf8')) as Record<string, any>;
erlangB.horizon.days = 1;

const nested = (depth: number, open: string, inner: string, close: string) => new Raw(`${open.repeat(depth)}${inner}${close.repeat(depth)}`);
const menuOpen = '{"greetingSeconds":0,"options":[{"digit":"1","label":{"ja":"x","en":"x"},"announceSeconds":0,"target":{"menu":';
const deepMenu = (depth: number) => nested(depth, menuOpen, JSON.stringify(erlangB.menu), '}}]}');

const hostilePath = fc.oneof(
  fc.constantFrom(
    '__proto__.polluted',
    'constructor.prototype.polluted',
    'pools[0].__proto__.polluted',
    'pools[id=main].constructor.prototype.polluted',
    'menu.options[0].__proto__',
    'prototype',
    'toString',
    'pools[99999999999999999999].lines[0].count',
    'pools[id=main].lines[0].count',
    'arrivals.callersPerDay',
    'horizon.days',
    'menu',
    'arrivals',
    `menu${'.options[0].target.menu'.repeat(300)}`,
    'a'.repeat(20_000),
  ),
  fc.string({ maxLength: 60 }),
);
const hostileNumber = fc.constantFrom(1e9, 1e15, 1e308, -1e308, Number.MAX_SAFE_INTEGER, -1, 0, 0.5, 366, 367, 10_001);
const hostileValue = fc.oneof(
  hostileNumber,
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    deepMenu(400),
    deepMenu(5_000),
    nested(50_000, '[', '1', ']'),
    nested(20_000, '{"a":', '1', '}'),
    new Raw(`[${'1,'.repeat(100_000)}1]`),
    { type: 'intervalCounts', intervalMinutes: 60, csv: { file: '/etc/hostname' } },
    { type: 'volume', callersPerDay: 1e9 },
    new Raw('{"__proto__":{"polluted":1}}'),
    new Raw('{"constructor":{"prototype":{"polluted":1}}}'),
  ),
);
const change = fc.oneof(
  fc.record({ set: hostilePath, value: hostileValue }),
  fc.record({ add: hostilePath, value: hostileValue }),
  fc.record({ reorderMenu: fc.record({ menu: fc.array(fc.constantFrom('1', '2', '__proto__'), { maxLength: 3 }), order: fc.array(fc.constantFrom('1', '2', '3'), { maxLength: 3 }) }) }),
  fc.record({ moveLines: fc.record({ from: fc.constantFrom('main', '__proto__', 'constructor'), to: fc.constantFrom('main', 'toString'), count: hostileNumber }) }),
);
/** The test scenario with one field made hostile. */
const hostileScenario = fc.oneof(
  fc.constant(erlangB),
  fc.tuple(fc.constantFrom(...(['callersPerDay', 'days', 'lines', 'menu', 'pools', 'categories', 'calibration'] as const)), hostileNumber, hostilePath).map(([field, n, path]) => {
    const s = structuredClone(erlangB);
    if (field === 'callersPerDay') s.arrivals.callersPerDay = n;
    if (field === 'days') s.horizon.days = n;
    if (field === 'lines') s.pools[0].lines[0].count = n;
    if (field === 'menu') s.menu = deepMenu(n > 10_000 ? 5_000 : 400);
    if (field === 'pools') s.pools = new Raw(`[${`{"id":"p","lines":[{"organisation":"org","count":${n}}]},`.repeat(5_000)}{"id":"main","lines":[{"organisation":"org","count":1}]}]`);
    if (field === 'categories') s.categories = new Raw(`[${'{"id":"c","label":{"ja":"x","en":"x"},"share":0},'.repeat(10_000)}{"id":"single","label":{"ja":"x","en":"x"},"share":1}]`);
    if (field === 'calibration') s.calibration = { free: [{ path, min: 0, max: n }] };
    return s;
  }),
);

let storedId = '';
const ref = hostileScenario.map((scenario) => (scenario === erlangB && storedId !== '' ? { id: storedId } : { scenario }));
const axis = fc.oneof(
  fc.tuple(hostilePath, fc.constantFrom('1..3', '0..100000', '1,2', '-1e308..1e308', '1..1e15:1')).map(([p, v]) => `${p}=${v}`),
  fc.record({ path: hostilePath, values: fc.array(hostileValue, { minLength: 1, maxLength: 3 }) }),
  fc.record({ path: hostilePath, values: fc.constant(new Raw(`[${'1,'.repeat(100_000)}1]`)) }),
);
const replications = fc.oneof(fc.constant(undefined), fc.constantFrom(2, 10_000, 1e9, -1));
const withOptional = <T extends Record<string, unknown>>(body: T): T => Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as T;

const plannerRequest: fc.Arbitrary<{ route: string; body: unknown }> = fc.oneof(
  fc.record({ route: fc.constant('/runs'), body: fc.record({ kind: fc.constant('replications'), scenario: ref, replications }).map(withOptional) }),
  fc.record({
    route: fc.constant('/runs'),
    body: fc.record({ kind: fc.constant('compare'), base: ref, variants: fc.array(fc.record({ changes: fc.array(change, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 2 }), replications }).map(withOptional),
  }),
  fc.record({
    route: fc.constant('/runs'),
    body: fc
      .record({ kind: fc.constant('sweep'), scenario: ref, set: fc.array(axis, { minLength: 1, maxLength: 3 }), menuOrders: fc.constantFrom(undefined, 'all', ['1']), replications })
      .map(withOptional),
  }),
  fc.record({ route: fc.constant('/runs'), body: fc.record({ kind: fc.constant('allocate'), scenario: ref, totalLines: hostileNumber, replications }).map(withOptional) }),
  fc.record({ route: fc.constant('/runs'), body: fc.record({ kind: fc.constant('calibrate'), scenario: ref, observed: fc.record({ attempts: hostileNumber }), replications }).map(withOptional) }),
  fc.record({ route: fc.constantFrom('/scenarios', '/scenarios/validate', '/scenarios/import'), body: hostileScenario }),
  fc.record({
    route: fc.constant('/scenarios/import'),
    body: fc.record({ name: fc.constant('hostile'), base: fc.constant('stored'), changes: fc.array(change, { minLength: 1, maxLength: 3 }) }),
  }),
);

/** Cases every run covers, whatever the random ones are. */
const EXAMPLES: Array<{ route: string; body: unknown }> = [
  { route: '/runs', body: { kind: 'compare', base: { scenario: erlangB }, variants: [{ changes: [{ set: '__proto__.polluted', value: 1 }] }] } },
  { route: '/runs', body: { kind: 'sweep', scenario: { scenario: erlangB }, set: ['__proto__.polluted=1,2'] } },
  { route: '/runs', body: { kind: 'sweep', scenario: { scenario: erlangB }, set: [{ path: 'constructor.prototype.polluted', values: [1, 2] }] } },
  { route: '/runs', body: { kind: 'sweep', scenario: { scenario: erlangB }, set: [{ path: 'menu', values: [deepMenu(5_000)] }] } },
  { route: '/runs', body: { kind: 'replications', scenario: { scenario: { ...erlangB, menu: deepMenu(5_000) } } } },
  { route: '/runs', body: { kind: 'replications', scenario: { scenario: { ...erlangB, arrivals: { type: 'volume', callersPerDay: 1e9 } } }, replications: 10_000 } },
  { route: '/runs', body: { kind: 'allocate', scenario: { scenario: erlangB }, totalLines: 1e9 } },
  { route: '/runs', body: { kind: 'sweep', scenario: { scenario: erlangB }, set: ['horizon.days=0..100000', 'pools[id=main].lines[0].count=0..100000'], menuOrders: 'all' } },
  // a reorder applied after a setting that emptied the menu (found by this fuzz: it was a 500)
  { route: '/runs', body: { kind: 'sweep', scenario: { scenario: erlangB }, set: [{ path: 'menu', values: [[]] }], menuOrders: 'all' } },
  { route: '/scenarios/import', body: { name: 'hostile', base: 'stored', changes: [{ set: '__proto__.polluted', value: 1 }] } },
  { route: '/scenarios', body: { ...erlangB, menu: deepMenu(400) } },
];

describe('planner routes', () => {
  let planner: EngineMode;
  let service: PlannerService;
  beforeAll(async () => {
    planner = await embeddedMode();
    service = await planner.start({ JOB_THREADS: '1' });
    storedId = (await api(service.url, 'POST', '/scenarios', erlangB)).body.id;
  });
  afterAll(async () => {
    await service?.close();
    await planner?.cleanup();
  });

  it(`answer ${PLANNER_RUNS} hostile paths and sizes without a 5xx; calls route after each`, async () => {
    const statuses = new Map<number, number>();
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(plannerRequest, async ({ route, body }) => {
        const text = toJson(body).replaceAll('"stored"', JSON.stringify(storedId));
        const res = await api(service.url, 'POST', route, text);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, `${route} ${text.slice(0, 300)} → ${JSON.stringify(res.body).slice(0, 300)}`).toBeLessThan(500);
        // an accepted run is stopped at once: the fuzz is about the answer, not the simulation
        if (res.status === 202) await api(service.url, 'POST', `/runs/${res.body.id}/cancel`);
        expect(Object.keys(Object.prototype)).toEqual([]);
        const call = await request(service.url, 'POST', '/calls', {});
        expect(call.status).toBe(201);
        const pressed = await request(service.url, 'POST', `/calls/${call.body.id}/digits`, { digits: '1' });
        expect(pressed.status, JSON.stringify(pressed.body)).toBe(200);
        expect((await request(service.url, 'POST', `/calls/${call.body.id}/end`)).status).toBe(200);
      }),
      { numRuns: PLANNER_RUNS, interruptAfterTimeLimit: 200_000, examples: EXAMPLES.map((e) => [e]) },
    );
    expect((await request(service.url, 'GET', '/healthz')).status).toBe(200);
    // the cases must reach past the request schema: some refused by the scenario checks, some runs accepted
    expect([...statuses.keys()], JSON.stringify([...statuses])).toEqual(expect.arrayContaining([400, 202]));
    expect(Date.now() - started).toBeLessThan(240_000);
  }, 300_000);
});
