/**
 * Hostile scenario paths through the real service (planner and call routes in one process):
 * every planner route that takes a path answers 4xx naming the field, Object.prototype stays
 * clean, and a call can still be routed afterwards.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, embeddedServiceAround } from '../support/planner-harness.ts';
import { request } from '../support/harness.ts';

const erlangB = JSON.parse(await readFile('scenarios/textbook/erlang-b.json', 'utf8')) as Record<string, any>;
erlangB.horizon.days = 1;

const PATHS = ['__proto__.polluted', 'constructor.prototype.polluted', 'pools[0].__proto__.polluted', 'pools[id=main].constructor.prototype.polluted'];

const service = embeddedServiceAround();
let storedId: string;

beforeAll(async () => {
  const created = await api(service.url, 'POST', '/scenarios', erlangB);
  expect(created.status).toBe(201);
  storedId = created.body.id;
});
afterEach(() => {
  // a regression must fail its own case only, not every test after it
  for (const key of Object.keys(Object.prototype)) delete (Object.prototype as Record<string, unknown>)[key];
});

/** Object.prototype as the service left it, and a call routed through the menu to a line. */
async function assertRoutingIntact(): Promise<void> {
  expect(Object.keys(Object.prototype)).toEqual([]);
  const call = await request(service.url, 'POST', '/calls', {});
  expect(call.status).toBe(201);
  const pressed = await request(service.url, 'POST', `/calls/${call.body.id}/digits`, { digits: '1' });
  expect(pressed.status, JSON.stringify(pressed.body)).toBe(200);
  expect(pressed.body.status).toBe('ringing');
  // free the line for the next case
  expect((await request(service.url, 'POST', `/calls/${call.body.id}/end`)).status).toBe(200);
}

/** Bodies are built when the case runs: the stored scenario exists only after beforeAll. */
const cases = (path: string): Array<[string, string, () => unknown, RegExp]> => [
  ['compare set', '/runs', () => ({ kind: 'compare', base: { scenario: erlangB }, variants: [{ changes: [{ set: path, value: 1 }] }] }), /^variants\[0\]\.changes\[0\]/],
  ['compare add', '/runs', () => ({ kind: 'compare', base: { id: storedId }, variants: [{ changes: [{ add: path, value: 1 }] }] }), /^variants\[0\]\.changes\[0\]/],
  ['sweep set string', '/runs', () => ({ kind: 'sweep', scenario: { scenario: erlangB }, set: [`${path}=1,2`] }), /^set\[0\]/],
  ['sweep axis object', '/runs', () => ({ kind: 'sweep', scenario: { scenario: erlangB }, set: [{ path, values: [1, 2] }] }), /^set\[0\]/],
  ['calibration path', '/runs', () => ({ kind: 'replications', scenario: { scenario: { ...erlangB, calibration: { free: [{ path, min: 0, max: 1 }] } } } }), /calibration\.free\[0\]\.path/],
  ['import variant', '/scenarios/import', () => ({ name: 'hostile', base: storedId, changes: [{ set: path, value: 1 }] }), /^changes\[0\]/],
];

describe.each(PATHS)('path %s', (path) => {
  it.each(cases(path).map(([name, route, body, where]) => ({ name, route, body, where })))('$name: 400 naming the field; routing still works', async ({ route, body, where }) => {
    const reply = await api(service.url, 'POST', route, body());
    expect(reply.status, JSON.stringify(reply.body)).toBe(400);
    expect(reply.body.issues.map((i: { path: string }) => i.path), JSON.stringify(reply.body)).toContainEqual(expect.stringMatching(where));
    await assertRoutingIntact();
  });
});

it('a body with a "__proto__" key is refused and pollutes nothing', async () => {
  const body = `{"name":"x","base":"${'a'}","changes":[{"set":"name","value":{"__proto__":{"polluted":1}}}],"__proto__":{"polluted":1}}`;
  for (const route of ['/scenarios/import', '/scenarios', '/runs']) {
    const reply = await api(service.url, 'POST', route, body);
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(reply.status).toBeLessThan(500);
  }
  await assertRoutingIntact();
});
