/**
 * `scenarios/scenario.schema.json` is generated from the zod schema (`npm run schema`). These
 * tests fail when the committed file is stale, and check that the JSON Schema accepts the
 * example scenarios and rejects a broken one.
 *
 * No JSON Schema validator is a dependency of this repo, so the JSON Schema is checked with
 * zod's own `z.fromJSONSchema` (zod calls it semi-experimental): it turns the JSON Schema back
 * into a validator, independently of `ScenarioSchema`.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  SCHEMA_FILE,
  VARIANT_SCHEMA_FILE,
  scenarioJsonSchema,
  schemaText,
  variantJsonSchema,
} from '../../scripts/export-json-schema.ts';

const SCENARIOS = path.dirname(SCHEMA_FILE);

/** Example files that point at a schema, by the schema they name. */
async function examples(schemaFile: string): Promise<string[]> {
  const entries = await readdir(SCENARIOS, { withFileTypes: true, recursive: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => path.join(e.parentPath, e.name));
  const out: string[] = [];
  for (const file of files) {
    const ref = ((await readJson(file)) as { $schema?: string }).$schema;
    if (ref !== undefined && path.resolve(path.dirname(file), ref) === schemaFile) out.push(file);
  }
  return out.sort();
}

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8'));
}

describe('scenarios/scenario.schema.json', () => {
  it('is up to date with the zod schema (run `npm run schema` if this fails)', async () => {
    expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(schemaText(scenarioJsonSchema()));
    expect(await readFile(VARIANT_SCHEMA_FILE, 'utf8')).toBe(schemaText(variantJsonSchema()));
  });

  it('describes a recursive menu through a named definition', () => {
    const schema = scenarioJsonSchema() as { properties: { menu: unknown }; $defs: Record<string, unknown> };
    expect(schema.properties.menu).toEqual({ $ref: '#/$defs/Menu' });
    expect(Object.keys(schema.$defs)).toEqual(['Menu']);
    expect(JSON.stringify(schema.$defs.Menu)).toContain('"$ref":"#/$defs/Menu"');
  });

  it('leaves fields with a default optional for authors', () => {
    const schema = scenarioJsonSchema() as { required: string[] };
    expect(schema.required).not.toContain('notes');
    expect(schema.required).not.toContain('callers');
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'horizon', 'arrivals', 'categories', 'menu']));
  });

  it('accepts every example scenario', async () => {
    const validator = z.fromJSONSchema(await readJson(SCHEMA_FILE) as z.core.JSONSchema.JSONSchema);
    const files = await examples(SCHEMA_FILE);
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) {
      const result = validator.safeParse(await readJson(file));
      expect(result.success ? [] : result.error.issues, path.relative(SCENARIOS, file)).toEqual([]);
    }
  });

  it('accepts every example variant', async () => {
    const validator = z.fromJSONSchema((await readJson(VARIANT_SCHEMA_FILE)) as z.core.JSONSchema.JSONSchema);
    const files = await examples(VARIANT_SCHEMA_FILE);
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const result = validator.safeParse(await readJson(file));
      expect(result.success ? [] : result.error.issues, path.relative(SCENARIOS, file)).toEqual([]);
    }
  });

  it('rejects a scenario with a bad digit deep in a sub-menu (the check is not vacuous)', async () => {
    const validator = z.fromJSONSchema(await readJson(SCHEMA_FILE) as z.core.JSONSchema.JSONSchema);
    const nested = (await readJson(path.join(SCENARIOS, 'textbook/nested-menu.json'))) as {
      menu: { options: { target: { menu: { options: { digit: string }[] } } }[] };
    };
    const bad = structuredClone(nested);
    bad.menu.options[0]!.target.menu.options[1]!.digit = '12';
    const result = validator.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['menu', 'options', 0, 'target', 'menu', 'options', 1, 'digit']);
  });
});
