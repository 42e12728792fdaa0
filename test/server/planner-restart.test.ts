/**
 * `npm start` as a process, embedded engine: a scenario and a finished run stored before a
 * restart are there after it (files under DATA_DIR, nothing kept only in memory).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { API_KEY, testScenarioInput } from '../support/fixtures.ts';
import { api, download, waitForRun } from '../support/planner-harness.ts';

const dir = await mkdtemp(path.join(tmpdir(), 'planner-restart-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const KEY = { 'x-api-key': API_KEY };
const ENV = { API_KEY, CALLER_HASH_KEY: 'restart-test-hash-0123456', PORT: '0', REDIS_URL: '', DATA_DIR: dir, JOB_THREADS: '1' };

async function start(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['bin/run-ts.js', 'src/server/main.ts'], { env: { ...process.env, ...ENV }, stdio: 'pipe' });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { url, stop: async () => void (child.kill('SIGTERM'), await exited) };
}

it('keeps scenarios and results across a restart of the service', async () => {
  const first = await start();
  const created = await api(first.url, 'POST', '/scenarios', testScenarioInput, KEY);
  expect(created.status).toBe(201);
  const run = await api(first.url, 'POST', '/runs', { kind: 'replications', scenario: { id: created.body.id }, replications: 2 }, KEY);
  expect((await waitForRun(first.url, run.body.id)).status).toBe('succeeded');
  const result = (await download(first.url, `/runs/${run.body.id}/result?format=csv`)).text;
  await first.stop();

  const second = await start();
  try {
    expect((await api(second.url, 'GET', `/scenarios/${created.body.id}`, undefined, KEY)).body.scenario).toEqual(testScenarioInput);
    expect((await api(second.url, 'GET', `/runs/${run.body.id}`, undefined, KEY)).body.status).toBe('succeeded');
    expect((await download(second.url, `/runs/${run.body.id}/result?format=csv`)).text).toBe(result);
  } finally {
    await second.stop();
  }
});
