/**
 * npm run bench:cli — start-up of the compiled `helpline-sim`, as a user runs it.
 *
 * Prints, on this machine and in this run, the median wall time of:
 *   - `node -e 0`, bare Node, the baseline;
 *   - `helpline-sim --help`, against the baseline;
 *   - the README's main command, `helpline-sim run scenarios/9999-like.json` (10 replications),
 *     against the simulation time it reports (`--timing`).
 * Targets: `--help` within 0.25 s of bare Node; the main command within 0.6 s of its simulation.
 *
 * Options: --rounds <n> (default 7), each round runs the three commands once, interleaved, so a
 * busy moment on a shared machine falls on all three. Needs a fresh build (`npm run build`).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = 'bin/helpline-sim.js';
const HELP_TARGET_S = 0.25;
const RUN_TARGET_S = 0.6;

function roundsOption(): number {
  const at = process.argv.indexOf('--rounds');
  const n = at === -1 ? 7 : Number(process.argv[at + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error('--rounds must be a whole number ≥ 1');
  return n;
}

interface Timed {
  seconds: number;
  stderr: string;
}

/** Wall time of one child process; the compiled CLI, never the sources (see bin/compiled.js). */
function timed(args: string[]): Timed {
  const { HELPLINE_FROM_SOURCE: _source, ...env } = process.env;
  const started = performance.now();
  const child = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${child.status}: ${child.stderr}`);
  return { seconds, stderr: child.stderr };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function simulationSeconds(stderr: string): number {
  const m = /simulated \d+ replications in ([\d.]+) s/.exec(stderr);
  if (!m) throw new Error(`no simulation time on stderr: ${stderr}`);
  return Number(m[1]);
}

const rounds = roundsOption();
if (/npm run build/.test(timed([BIN, '--help']).stderr)) {
  process.stderr.write('bench:cli measures the compiled CLI: run `npm run build` first\n');
  process.exit(1);
}

const bare: number[] = [];
const help: number[] = [];
const run: number[] = [];
const simulation: number[] = [];
for (let r = 0; r < rounds; r++) {
  bare.push(timed(['-e', '0']).seconds);
  help.push(timed([BIN, '--help']).seconds);
  const main = timed([BIN, 'run', 'scenarios/9999-like.json', '--timing']);
  run.push(main.seconds);
  simulation.push(simulationSeconds(main.stderr));
}

const s = (x: number): string => `${x.toFixed(3)} s`;
const verdict = (over: number, target: number): string => `${over <= target ? 'meets' : 'MISSES'} target ≤ ${target} s`;
const helpOver = median(help) - median(bare);
// each round's own overhead: the simulation's time moves with the machine's load
const runOver = median(run.map((t, i) => t - simulation[i]!));
process.stdout.write(
  [
    `median of ${rounds} rounds (wall time)`,
    `node -e 0 (baseline)                       ${s(median(bare))}`,
    `helpline-sim --help                        ${s(median(help))}   +${s(helpOver)} over bare Node   ${verdict(helpOver, HELP_TARGET_S)}`,
    `helpline-sim run scenarios/9999-like.json  ${s(median(run))}   simulation ${s(median(simulation))}, +${s(runOver)} around it   ${verdict(runOver, RUN_TARGET_S)}`,
    '',
  ].join('\n'),
);
if (helpOver > HELP_TARGET_S || runOver > RUN_TARGET_S) process.exitCode = 1;
