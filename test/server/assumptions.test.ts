/**
 * A scenario with a bad assumption through the real service: a 400 naming the field path on
 * every route that takes a scenario, never a 500; a good one is accepted.
 */
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { api, embeddedServiceAround } from '../support/planner-harness.ts';

const erlangB = JSON.parse(await readFile('scenarios/textbook/erlang-b.json', 'utf8')) as Record<string, any>;
erlangB.horizon.days = 1;

const service = embeddedServiceAround();

const withAssumption = (a: Record<string, unknown>) => ({ ...erlangB, assumptions: [{ id: 'lines', source: 'not published', ...a }] });

it.each([
  ['a path that does not exist', { path: 'pools[id=spare].lines[0].count', distribution: { type: 'discrete', values: [9, 10] } }, 'assumptions[0].path'],
  ['a discrete value the field refuses', { path: 'pools[id=main].lines[0].count', distribution: { type: 'discrete', values: [10, 10.5] } }, 'assumptions[0].distribution.values[1]'],
  ['a prior of zero width', { path: 'arrivals.callersPerDay', distribution: { type: 'uniform', min: 3840, max: 3840 } }, 'assumptions[0].distribution.max'],
  ['a reserved step', { path: 'pools[id=main].__proto__', distribution: { type: 'discrete', values: [9, 10] } }, 'assumptions[0].path'],
])('an assumption with %s is a 400 naming the field', async (_name, assumption, path) => {
  for (const route of ['/scenarios/validate', '/scenarios']) {
    const reply = await api(service.url, 'POST', route, withAssumption(assumption));
    expect(reply.status, JSON.stringify(reply.body).slice(0, 500)).toBe(400);
    expect(reply.body.issues.map((i: { path: string }) => i.path)).toContainEqual(path);
  }
});

it('accepts a scenario with assumptions', async () => {
  const reply = await api(
    service.url,
    'POST',
    '/scenarios/validate',
    withAssumption({ path: 'pools[id=main].lines[0].count', distribution: { type: 'discrete', values: [9, 10, 11] } }),
  );
  expect(reply.status, JSON.stringify(reply.body).slice(0, 500)).toBeLessThan(300);
});
