/**
 * Where a V8 profile's time (.cpuprofile) or allocation (.heapprofile) goes, by function, by
 * package, and by function with its callees; e.g. of the profiles written by
 * `CPU_PROF=/tmp/prof` or `HEAP_PROF=/tmp/prof` with `npm run bench:routing`:
 *
 *   node bin/run-ts.js bench/profile-top.ts /tmp/prof/memory-1.cpuprofile [top=30]
 *
 * CPU: idle and (program) are listed but left out of the percentages' base, so the shares are of
 * the time the process was actually working. Heap: bytes allocated by each function, objects
 * already collected included (the bench samples them so), i.e. what the collector has to deal with.
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}
interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}

/** Either kind as one tree: each node's frame, parent, and own amount (µs or bytes). */
interface Tree {
  frames: Map<number, CallFrame>;
  parent: Map<number, number>;
  self: Map<number, number>;
  unit: (amount: number) => string;
}

function cpuTree(profile: CpuProfile): Tree {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  }
  return { frames, parent, self, unit: (us) => `${(us / 1000).toFixed(0).padStart(7)} ms` };
}

function heapTree(head: HeapNode): Tree {
  const tree: Tree = { frames: new Map(), parent: new Map(), self: new Map(), unit: (b) => `${(b / 2 ** 20).toFixed(1).padStart(7)} MB` };
  const stack: Array<[HeapNode, number | undefined]> = [[head, undefined]];
  for (let id = 0; stack.length > 0; id++) {
    const [node, parentId] = stack.pop()!;
    tree.frames.set(id, node.callFrame);
    if (parentId !== undefined) tree.parent.set(id, parentId);
    tree.self.set(id, node.selfSize);
    for (const child of node.children) stack.push([child, id]);
  }
  return tree;
}

const [file, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 30);
const raw = JSON.parse(readFileSync(file!, 'utf8')) as CpuProfile | { head: HeapNode };
const { frames, parent, self, unit } = 'head' in raw ? heapTree(raw.head) : cpuTree(raw);

const shortUrl = (url: string) => url.replace(/^(?:file:\/\/)?\/.*?\/(node_modules\/|src\/|bench\/|sim\/)/, '$1').replace(/\?.*$/, '');
const packageOf = (url: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m !== null) return m[1]!;
  if (url.startsWith('node:') || url === '') return 'node internals / native';
  if (/\/src\//.test(url)) return 'src (service)';
  return shortUrl(url);
};
const nameOf = ({ functionName }: CallFrame) => (functionName === '' ? '(anonymous)' : functionName);
const isIdle = (frame: CallFrame) => nameOf(frame) === '(idle)' || nameOf(frame) === '(program)';

const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
let working = 0;
let idle = 0;
for (const [id, amount] of self) {
  const frame = frames.get(id)!;
  const name = nameOf(frame);
  if (isIdle(frame)) {
    idle += amount;
    continue;
  }
  working += amount;
  const key = frame.url === '' ? name : `${name}  ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + amount);
  const pkg = name === '(garbage collector)' ? '(garbage collector)' : packageOf(frame.url);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + amount);
}

// total (self + callees) of each function, counted once per node even when recursive
const total = new Map<string, number>();
for (const [id, amount] of self) {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = frames.get(at)!;
    if (frame.url === '' || isIdle(frame)) continue;
    const key = `${nameOf(frame)}  ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    total.set(key, (total.get(key) ?? 0) + amount);
  }
}

const pct = (amount: number) => `${((100 * amount) / working).toFixed(1).padStart(5)} %`;
const list = (title: string, m: Map<string, number>, n = top) =>
  `\n${title}\n` + [...m].sort((x, y) => y[1] - x[1]).slice(0, n).map(([key, amount]) => `${pct(amount)} ${unit(amount)}  ${key}\n`).join('');
const what = 'head' in raw ? 'allocated' : 'time';
process.stdout.write(
  `${file}: ${'head' in raw ? `allocated ${unit(working)}` : `working ${unit(working)}, idle/program ${unit(idle)}`}\n` +
    list(`self ${what} by function`, byFunction) +
    list(`self ${what} by package`, byPackage, 20) +
    list(`total ${what} (self + callees) by function`, total),
);
