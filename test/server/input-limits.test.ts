/**
 * Scenario limits through the real service: a menu nested any depth, a scenario past a maximum,
 * and a variant naming a server file each get a 400 naming the field, never a 500 or a run that
 * silently simulates nothing; calls route all along.
 */
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { SCENARIO_LIMITS as MAX } from '../../core/scenario/limits.ts';
import { api, embeddedServiceAround } from '../support/planner-harness.ts';
import { request } from '../support/harness.ts';

const erlangB = JSON.parse(await readFile('scenarios/textbook/erlang-b.json', 'utf8')) as Record<string, any>;
erlangB.horizon.days = 1;

const service = embeddedServiceAround();

/** A menu nested `depth` deep as JSON text (JSON.stringify itself overflows the stack on deep values). */
function deepMenu(depth: number): string {
  const open = '{"greetingSeconds":0,"options":[{"digit":"1","label":{"ja":"x","en":"x"},"announceSeconds":0,"target":{"menu":';
  return `${open.repeat(depth - 1)}${JSON.stringify(erlangB.menu)}${'}}]}'.repeat(depth - 1)}`;
}

/** A JSON object's text with `key` set to raw JSON text. */
function withRaw(object: Record<string, unknown>, key: string, raw: string): string {
  const { [key]: _, ...rest } = object;
  return `${JSON.stringify(rest).slice(0, -1)},"${key}":${raw}}`;
}

async function callStillRoutes(): Promise<void> {
  const call = await request(service.url, 'POST', '/calls', {});
  expect(call.status).toBe(201);
  const pressed = await request(service.url, 'POST', `/calls/${call.body.id}/digits`, { digits: '1' });
  expect(pressed.status).toBe(200);
  await request(service.url, 'POST', `/calls/${call.body.id}/end`);
}

async function expect400(route: string, body: unknown, path: string | RegExp): Promise<void> {
  const reply = await api(service.url, 'POST', route, body);
  expect(reply.status, JSON.stringify(reply.body).slice(0, 500)).toBe(400);
  const paths = reply.body.issues.map((i: { path: string }) => i.path);
  expect(paths, JSON.stringify(reply.body).slice(0, 500)).toContainEqual(typeof path === 'string' ? path : expect.stringMatching(path));
}

it.each([400, 5_000])('a menu nested %i deep is a 400 at the first menu too deep, on every route that takes a scenario', async (depth) => {
  const scenario = withRaw(erlangB, 'menu', deepMenu(depth));
  const tooDeep = `menu${'.options[0].target.menu'.repeat(MAX.menuDepth)}`;
  await expect400('/scenarios', scenario, tooDeep);
  await expect400('/scenarios/validate', scenario, tooDeep);
  await expect400('/scenarios/import', scenario, tooDeep);
  await expect400('/runs', `{"kind":"replications","scenario":{"scenario":${scenario}}}`, `scenario.scenario.${tooDeep}`);
  const change = `{"set":"menu","value":${deepMenu(depth)}}`;
  await expect400('/runs', `{"kind":"compare","base":{"scenario":${JSON.stringify(erlangB)}},"variants":[{"changes":[${change}]}]}`, /^variants\[0\]/);
  await callStillRoutes();
});

it('a variant cannot point arrivals at a server file: 400 at the change, not a run of 0 attempts', async () => {
  const toFile = { set: 'arrivals', value: { type: 'intervalCounts', intervalMinutes: 60, csv: { file: '/etc/hostname' } } };
  await expect400('/runs', { kind: 'compare', base: { scenario: erlangB }, variants: [{ changes: [toFile] }] }, 'variants[0].changes[0]');
  await expect400('/runs', { kind: 'sweep', scenario: { scenario: erlangB }, set: [{ path: 'arrivals', values: [toFile.value] }] }, 'set[0]');
  const stored = await api(service.url, 'POST', '/scenarios', erlangB);
  await expect400('/scenarios/import', { name: 'file', base: stored.body.id, changes: [toFile] }, 'changes[0]');
  await callStillRoutes();
});

it('a scenario past a maximum is a 400 at the field', async () => {
  const cases: Array<[(s: Record<string, any>) => void, string]> = [
    [(s) => (s.arrivals.callersPerDay = MAX.callersPerDay + 1), 'arrivals.callersPerDay'],
    [(s) => (s.pools[0].lines[0].count = MAX.linesPerGroup + 1), 'pools[0].lines[0].count'],
    [(s) => (s.horizon.days = MAX.horizonDays + 1), 'horizon.days'],
  ];
  for (const [edit, path] of cases) {
    const s = structuredClone(erlangB);
    edit(s);
    await expect400('/scenarios', s, path);
    await expect400('/runs', { kind: 'replications', scenario: { scenario: s } }, `scenario.scenario.${path}`);
  }
  await callStillRoutes();
});
