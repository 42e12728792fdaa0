/**
 * Runs the real `helpline-sim` CLI as a child process, as a user would, for the CLI tests.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function cli(...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/helpline-sim.js', ...args], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Writes files (name → JSON value or text) into a fresh temporary folder; returns their paths. */
export async function tempFiles(files: Record<string, unknown>): Promise<Record<string, string>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'helpline-cli-'));
  const paths: Record<string, string> = {};
  for (const [name, content] of Object.entries(files)) {
    paths[name] = path.join(dir, name);
    await writeFile(paths[name]!, typeof content === 'string' ? content : JSON.stringify(content));
  }
  return paths;
}
