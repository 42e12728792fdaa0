#!/usr/bin/env node
// The planner's CLI, compiled by `npm ci` (prepare → build) into dist/; see compiled.js.
import { runEntry } from './compiled.js';

await runEntry('cli/main.ts');
