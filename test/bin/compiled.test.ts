/**
 * bin/compiled.js, in a scratch copy of the repository's layout: it runs dist/'s JavaScript only
 * when that is at least as new as every source beside it, and otherwise says so in one line and
 * runs the TypeScript through tsx.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'helpline-compiled-'));
  await mkdir(path.join(root, 'bin'));
  await mkdir(path.join(root, 'dist', 'app'), { recursive: true });
  await mkdir(path.join(root, 'app'));
  await copyFile(path.join(repo, 'bin', 'compiled.js'), path.join(root, 'bin', 'compiled.js'));
  await symlink(path.join(repo, 'node_modules'), path.join(root, 'node_modules'));
  await writeFile(path.join(root, 'package.json'), '{ "type": "module" }\n');
  await writeFile(path.join(root, 'app', 'main.ts'), "const from: string = 'source';\nconsole.log(from);\n");
  await writeFile(path.join(root, 'dist', 'app', 'main.js'), "console.log('compiled');\n");
  await writeFile(path.join(root, 'run.mjs'), "import { runEntry } from './bin/compiled.js';\nawait runEntry('app/main.ts');\n");
});

// removes the link to node_modules, never what it points to
afterEach(() => rm(root, { recursive: true, force: true }));

/** Sets a file's modification time, in seconds from now. */
async function age(file: string, seconds: number): Promise<void> {
  const at = new Date(Date.now() + seconds * 1000);
  await utimes(path.join(root, file), at, at);
}

function run(env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  const { HELPLINE_FROM_SOURCE: _tests, ...rest } = process.env;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['run.mjs'], { cwd: root, env: { ...rest, ...env } }, (error, stdout, stderr) => (error ? reject(error) : resolve({ stdout, stderr })));
  });
}

describe('bin/compiled.js', () => {
  it('runs the compiled JavaScript, silently, when it is newer than its source', async () => {
    await age('app/main.ts', -60);
    expect(await run()).toEqual({ stdout: 'compiled\n', stderr: '' });
  });

  it('runs the TypeScript, with one line naming the newer source and `npm run build`, when a source changed after the build', async () => {
    await age('dist/app/main.js', -60);
    const { stdout, stderr } = await run();
    expect(stdout).toBe('source\n');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('older than app/main.ts');
    expect(stderr).toContain('npm run build');
  });

  it('runs the TypeScript, saying so, when there is no build', async () => {
    await writeFile(path.join(root, 'run.mjs'), "import { runEntry } from './bin/compiled.js';\nawait runEntry('app/other.ts');\n");
    await writeFile(path.join(root, 'app', 'other.ts'), "console.log('other source');\n");
    const { stdout, stderr } = await run();
    expect(stdout).toBe('other source\n');
    expect(stderr).toContain('app/other.ts: its compiled JavaScript in dist/ is not built');
  });

  it('runs the TypeScript silently under HELPLINE_FROM_SOURCE=1, however fresh the build', async () => {
    await age('app/main.ts', -60);
    expect(await run({ HELPLINE_FROM_SOURCE: '1' })).toEqual({ stdout: 'source\n', stderr: '' });
  });

  it('trusts dist/ when no sources lie beside it (the Docker image)', async () => {
    await writeFile(path.join(root, 'run.mjs'), "import { runEntry } from './bin/compiled.js';\nawait runEntry('gone/main.ts');\n");
    await mkdir(path.join(root, 'dist', 'gone'));
    await writeFile(path.join(root, 'dist', 'gone', 'main.js'), "console.log('compiled without sources');\n");
    await age('app/main.ts', -60);
    expect(await run()).toEqual({ stdout: 'compiled without sources\n', stderr: '' });
  });
});
