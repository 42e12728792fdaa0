/**
 * The CLI runs the service's cost model before a run: past the service's limits it needs
 * `--yes`; without a terminal it stops at once with one line naming the file and the flag.
 */
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { cli, tempFiles } from '../support/run-cli.ts';

const erlangB = JSON.parse(await readFile('scenarios/textbook/erlang-b.json', 'utf8')) as Record<string, any>;
const huge = { ...erlangB, horizon: { ...erlangB.horizon, days: 366 }, arrivals: { type: 'volume', callersPerDay: 1_000_000 } };

it('refuses a run past the limits without --yes: one line naming the file and the flag, exit 2', async () => {
  const { 'huge.json': file } = await tempFiles({ 'huge.json': huge });
  const run = await cli('run', file!, '--replications', '10');
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toContain(file!);
  expect(run.stderr).toMatch(/about 3\.7e\+9|3,660,000,000 simulated callers/);
  expect(run.stderr).toMatch(/pass --yes to run it anyway/);
});

it('counts a sweep before laying out its points', async () => {
  const { 'b.json': file } = await tempFiles({ 'b.json': erlangB });
  const started = performance.now();
  const sweep = await cli('sweep', file!, '--set', 'pools[id=main].lines[0].count=0..100000', '--set', 'arrivals.callersPerDay=0..100000', '--set', 'horizon.warmupHours=0..100000');
  expect(sweep.code).toBe(2);
  expect(sweep.stderr).toMatch(/1\.0e\+15 sweep points; at most 5,000 per run.*--yes/);
  expect(performance.now() - started).toBeLessThan(20_000);
});

it('runs a small run without asking', async () => {
  const small = { ...erlangB, horizon: { ...erlangB.horizon, days: 1 } };
  const { 's.json': file } = await tempFiles({ 's.json': small });
  const run = await cli('run', file!, '--replications', '2', '--threads', '1', '--json');
  expect(run.code, run.stderr).toBe(0);
  expect(JSON.parse(run.stdout).replications).toBe(2);
});
