/**
 * `helpline-sim --help` loads the command definitions only: the simulator, zod and the
 * statistics library load when a command runs (the start-up target in docs/performance.md).
 */
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/run-cli.ts';

// a module resolution hook that names every module the process loads, on stderr
const HOOK = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module';
   register('data:text/javascript,' + encodeURIComponent('export async function resolve(s, c, next) { const r = await next(s, c); process._rawDebug("loaded " + r.url); return r; }'));`,
)}`;

const HEAVY = [/node_modules\/(zod|@stdlib|hdr-histogram-js|csv-parse|csv-stringify|jsonc-parser)\//, /\/sim\/(model|engine|experiments|report\/html)\//, /\/src\/core\/scenario\//];

function loadedBy(...args: string[]): Promise<string[]> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', HOOK, 'bin/helpline-sim.js', ...args], { cwd: repoRoot, env: { ...process.env, HELPLINE_FROM_SOURCE: '1' } }, (_error, _stdout, stderr) => {
      resolve([...stderr.matchAll(/^loaded (.+)$/gm)].map((m) => m[1]!));
    });
  });
}

const heavy = (urls: string[]): string[] => urls.filter((url) => HEAVY.some((re) => re.test(url)));

describe('helpline-sim start-up', () => {
  it('--help loads no simulator, no zod, no statistics library', async () => {
    const urls = await loadedBy('--help');
    expect(urls.some((url) => url.endsWith('/cli/main.ts'))).toBe(true);
    expect(heavy(urls)).toEqual([]);
  });

  it('a command loads them when it runs', async () => {
    const urls = await loadedBy('run', 'no-such-scenario.json');
    expect(heavy(urls).length).toBeGreaterThan(0);
  });
});
