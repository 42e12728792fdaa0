/**
 * Self time by function (and by package) of a V8 .cpuprofile, e.g. one written by
 * `CPU_PROF=/tmp/prof PHASES=a,b npm run bench:routing`:
 *
 *   node bin/run-ts.js bench/cpu-profile-top.ts /tmp/prof/memory.cpuprofile [top=30]
 *
 * Idle and (program) are listed but left out of the percentages' base, so the shares are of the
 * time the process was actually working.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file!, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i]!;
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
}

const shortUrl = (url: string) => url.replace(/^file:\/\/.*?\/(node_modules\/|src\/|bench\/|sim\/)/, '$1').replace(/\?.*$/, '');
const packageOf = (url: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m !== null) return m[1]!;
  if (url.startsWith('node:') || url === '') return 'node internals / native';
  if (/\/src\//.test(url)) return 'src (service)';
  return shortUrl(url);
};

const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
let working = 0;
let idle = 0;
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const name = functionName === '' ? '(anonymous)' : functionName;
  if (name === '(idle)' || name === '(program)') {
    idle += us;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    continue;
  }
  working += us;
  const key = url === '' ? name : `${name}  ${shortUrl(url)}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  const pkg = name === '(garbage collector)' ? '(garbage collector)' : packageOf(url);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
}

const pct = (us: number) => `${((100 * us) / working).toFixed(1).padStart(5)} %`;
const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
process.stdout.write(`${file}: working ${ms(working)}, idle/program ${ms(idle)}\n\nself time by function\n`);
for (const [key, us] of [...byFunction].filter(([k]) => k !== '(idle)' && k !== '(program)').sort((x, y) => y[1] - x[1]).slice(0, top)) {
  process.stdout.write(`${pct(us)} ${ms(us)}  ${key}\n`);
}
process.stdout.write('\nself time by package\n');
for (const [key, us] of [...byPackage].sort((x, y) => y[1] - x[1]).slice(0, 20)) process.stdout.write(`${pct(us)} ${ms(us)}  ${key}\n`);

// total (self + callees) time of each function, counted once per sample even when recursive
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const total = new Map<string, number>();
for (const [id, us] of selfUs) {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const { functionName, url, lineNumber } = byId.get(at)!.callFrame;
    if (url === '' || functionName === '(idle)' || functionName === '(program)') continue;
    const key = `${functionName === '' ? '(anonymous)' : functionName}  ${shortUrl(url)}:${lineNumber + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    total.set(key, (total.get(key) ?? 0) + us);
  }
}
process.stdout.write('\ntotal time (self + callees) by function\n');
for (const [key, us] of [...total].sort((x, y) => y[1] - x[1]).slice(0, top)) process.stdout.write(`${pct(us)} ${ms(us)}  ${key}\n`);
