// Runs a TypeScript entry point's compiled JavaScript from dist/ (built by `npm run build`, which
// `npm ci` runs). Without a build, or when a source is newer than its compiled file, it says so
// in one line on stderr and runs the TypeScript through tsx instead: slower, never stale.
// HELPLINE_FROM_SOURCE=1 runs the TypeScript silently (the tests, which test the sources).
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

/** Why dist/ cannot be trusted for `entry` (a .ts path from the repository root), or undefined. */
function whyNotCompiled(compiled) {
  if (!existsSync(compiled)) return 'is not built';
  // every compiled file against its source; a new source file only matters once a changed one imports it
  for (const file of readdirSync(dist, { recursive: true })) {
    if (!file.endsWith('.js')) continue;
    const source = path.join(root, `${file.slice(0, -3)}.ts`);
    let sourceTime;
    try {
      sourceTime = statSync(source).mtimeMs;
    } catch {
      continue; // no sources beside the build (the Docker image), or a source since removed
    }
    if (sourceTime > statSync(path.join(dist, file)).mtimeMs) return `is older than ${path.relative(root, source)}`;
  }
  return undefined;
}

/** Imports `entry`'s compiled JavaScript, or its TypeScript through tsx when the build is missing or stale. */
export async function runEntry(entry) {
  const source = path.resolve(root, entry);
  const compiled = path.join(dist, `${path.relative(root, source).replace(/\.ts$/, '')}.js`);
  if (process.env.HELPLINE_FROM_SOURCE !== '1') {
    const why = whyNotCompiled(compiled);
    if (why === undefined) return import(pathToFileURL(compiled).href);
    process.stderr.write(`${path.relative(root, source)}: its compiled JavaScript in dist/ ${why}; running the TypeScript through tsx (slower). Run \`npm run build\`.\n`);
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(source).href);
}
