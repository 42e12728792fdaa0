/**
 * `npm start` as a process: configuration errors are one line and exit 1; SIGTERM lets an
 * in-flight request finish, then the process exits 0.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const ENV = { API_KEY: 'main-test-admin-key-0123', CALLER_HASH_KEY: 'main-test-hash-key-0123', PORT: '0', REDIS_URL: '' };

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['bin/run-ts.js', 'src/server/main.ts'], { env: { ...process.env, ...env }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const listening = new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (m) resolve(m[1]!);
    };
    child.stdout.on('data', check);
    void exited.then(() => reject(new Error(`exited before listening: ${stderr}`)));
  });
  listening.catch(() => {}); // awaited only by the tests that expect the server to come up
  return { child, exited, listening, output: () => ({ stdout, stderr }) };
}

describe('npm start', () => {
  it('refuses a bad configuration with one line naming the variable, exit 1', async () => {
    const run = start({ ...ENV, PORT: 'eighty' });
    expect(await run.exited).toBe(1);
    expect(run.output().stderr.trim().split('\n')).toEqual([expect.stringMatching(/^helpline-server: bad configuration: PORT: /)]);
  });

  it('shuts down gracefully on SIGTERM: a request already received still gets its answer', async () => {
    const run = start(ENV);
    const url = await run.listening;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const call = (await (await fetch(`${url}/calls`, { method: 'POST' })).json()) as { id: string };
    const inFlight = fetch(`${url}/calls/${call.id}/digits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ digits: '2' }),
    });
    // signal once the server has the request (its log line), not before it could have read it
    while (!run.output().stdout.includes(`"url":"/calls/${call.id}/digits"`)) await new Promise((r) => setTimeout(r, 5));
    run.child.kill('SIGTERM');
    expect((await inFlight).status).toBe(200);
    expect(await run.exited).toBe(0);
    expect(run.output().stdout).toContain('shutting down');
  });
});
