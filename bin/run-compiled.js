#!/usr/bin/env node
// Runs a TypeScript entry point's compiled JavaScript (dist/), e.g. `node bin/run-compiled.js src/server/main.ts`;
// see compiled.js for what happens without a fresh build.
import path from 'node:path';
import { runEntry } from './compiled.js';

const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: run-compiled <file.ts> [args...]\n');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(entry), ...rest];
await runEntry(path.resolve(entry));
