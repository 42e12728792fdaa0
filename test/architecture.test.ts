/**
 * The layers of docs/architecture.md: dependency-cruiser checks every import against the rules in
 * .dependency-cruiser.cjs (no cycles, nothing imported from a layer above, no file system,
 * processes or sockets in core/, sim/engine/ and sim/model/), and a syntax scan finds the wall
 * clock and unseeded randomness in those pure layers. Both are also run on planted violations,
 * so a checker that silently passes everything fails here.
 */
import { mkdtemp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const LAYERS = ['core', 'sim', 'cli', 'src', 'dashboards/src'];
const PURE = ['core', 'sim/engine', 'sim/model'];

/** Every rule broken under `baseDir`, one line each: `rule: from → to`. */
async function violations(baseDir: string, folders: readonly string[]): Promise<string[]> {
  const options = await extractDepcruiseOptions(CONFIG);
  const { output } = await cruise([...folders], { ...options, baseDir, validate: true, outputType: 'json' }, undefined, {
    tsConfig: { options: { allowImportingTsExtensions: true } },
  });
  const result: ICruiseResult = typeof output === 'string' ? JSON.parse(output) : output;
  return (result.summary.violations ?? []).map((v) => {
    const to = v.cycle === undefined ? v.to : v.cycle.map((step) => step.name).join(' → ');
    return `${v.rule.name}: ${v.from} → ${to}`;
  });
}

/** Calls that read the wall clock or draw unseeded random numbers, as `line: call`. */
export function clockAndRandomUses(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node, what: string) => found.push(`${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${what}`);
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node)) {
      const name = `${node.expression.getText(source)}.${node.name.text}`;
      if (['Date.now', 'performance.now', 'Math.random', 'process.hrtime'].includes(name)) at(node, name);
    } else if (ts.isNewExpression(node) && node.expression.getText(source) === 'Date' && (node.arguments?.length ?? 0) === 0) {
      at(node, 'new Date()');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

async function sourcesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(path.join(ROOT, folder), { recursive: true });
  return entries.filter((f) => /\.(ts|tsx|js|mjs)$/.test(f)).map((f) => path.join(folder, f));
}

async function clockAndRandomIn(folders: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const folder of folders) {
    for (const file of await sourcesUnder(folder)) {
      for (const use of clockAndRandomUses(file, await readFile(path.join(ROOT, file), 'utf8'))) found.push(`${file}:${use}`);
    }
  }
  return found;
}

describe('the layers of docs/architecture.md', () => {
  it('hold in the tree: no cycle, no upward import, no I/O in core/, sim/engine/, sim/model/', async () => {
    expect(await violations(ROOT, LAYERS)).toEqual([]);
  });

  it('hold in the tree: no wall clock and no unseeded randomness in core/, sim/engine/, sim/model/', async () => {
    expect(await clockAndRandomIn(PURE)).toEqual([]);
  });
});

describe('the checks catch what they are for (planted in a scratch tree)', () => {
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'helpline-architecture-'));
    // the scratch tree resolves npm packages from the repository's node_modules
    await symlink(path.join(ROOT, 'node_modules'), path.join(scratch, 'node_modules'), 'dir');
    const files: Record<string, string> = {
      'core/upward.ts': "import { serve } from '../src/service.ts';\nexport const x = serve;\n",
      'core/files.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
      'core/a.ts': "import { b } from './b.ts';\nexport const a = (): number => b() + 1;\n",
      'core/b.ts': "import { a } from './a.ts';\nexport const b = (): number => a() - 1;\n",
      'core/csv.ts': "import { parse } from 'csv-parse/sync';\nexport const csv = parse;\n",
      'sim/engine/model-aware.ts': "import { n } from '../model/model.ts';\nexport const m = n;\n",
      'sim/engine/spawns.ts': "import { spawn } from 'child_process';\nexport const s = spawn;\n",
      'sim/model/model.ts': "import { r } from '../io/reads-cli.ts';\nexport const n = r;\n",
      'sim/model/net.ts': "import { connect } from 'node:net';\nexport const c = connect;\n",
      'sim/io/reads-cli.ts': "import { main } from '../../cli/main.ts';\nexport const r = main;\n",
      'src/service.ts': "import { main } from '../cli/main.ts';\nexport const serve = main;\n",
      'cli/main.ts': "import { serve } from '../src/service.ts';\nexport const main = serve;\n",
    };
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(scratch, file)), { recursive: true });
      await writeFile(path.join(scratch, file), text);
    }
  });

  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('dependency-cruiser names every planted violation', async () => {
    const found = await violations(scratch, ['core', 'sim', 'src', 'cli']);
    expect(found).toEqual(
      expect.arrayContaining([
        'core-imports-only-core: core/upward.ts → src/service.ts',
        'pure-no-io: core/files.ts → fs',
        'engine-imports-only-engine: sim/engine/model-aware.ts → sim/model/model.ts',
        'pure-no-io: sim/engine/spawns.ts → child_process',
        'model-imports-core-and-engine: sim/model/model.ts → sim/io/reads-cli.ts',
        'pure-no-io: sim/model/net.ts → net',
        'sim-not-up: sim/io/reads-cli.ts → cli/main.ts',
        'service-not-cli: src/service.ts → cli/main.ts',
        'cli-not-service: cli/main.ts → src/service.ts',
      ]),
    );
    // the package resolves through the scratch tree's node_modules link, wherever it points
    expect(found).toContainEqual(expect.stringMatching(/^pure-packages-only: core\/csv\.ts → (.*\/)?node_modules\/csv-parse\//));
    expect(found).toContain('no-circular: core/a.ts → core/b.ts → core/a.ts');
  });

  it('the scan names file and line of every clock and random call, and nothing in comments or strings', () => {
    const text = [
      '// Date.now() and Math.random() are not allowed here',
      'const t = Date.now();',
      "const s = 'Math.random()';",
      'const r = Math.random();',
      'const d = new Date();',
      'const fixed = new Date(0);',
      'const p = performance.now();',
      'const h = process.hrtime.bigint();',
    ].join('\n');
    expect(clockAndRandomUses('planted.ts', text)).toEqual(['2: Date.now', '4: Math.random', '5: new Date()', '7: performance.now', '8: process.hrtime']);
  });
});
