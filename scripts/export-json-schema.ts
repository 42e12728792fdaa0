/**
 * `npm run schema`: writes `scenarios/scenario.schema.json` and `scenarios/variant.schema.json`
 * from the zod schemas, so editors can validate and complete scenario and variant files
 * (`"$schema": "./scenario.schema.json"`).
 *
 * The JSON Schema is a convenience for authors, not the validator of record: cross-field rules
 * (unknown references, duplicate digits, shares summing to 1, shift order, …) live in zod
 * refinements and `validate.ts`, which JSON Schema cannot express. `test/scripts/export-json-schema.test.ts`
 * fails when the committed file is out of date.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { MenuSchema, ScenarioSchema } from '../core/scenario/schema.ts';
import { VariantSchema } from '../core/scenario/variant.ts';

/**
 * The global registry (where `.describe()` puts descriptions) plus readable `$defs` names for the
 * schemas that must become definitions: the menu refers to itself through sub-menus. Without a
 * name zod calls it `__schema0`.
 */
class NamedDefinitions extends z.core.$ZodRegistry<z.core.GlobalMeta> {
  constructor(private readonly names: ReadonlyMap<z.core.$ZodType, string>) {
    super();
  }
  override get<S extends z.core.$ZodType>(schema: S): z.core.$replace<z.core.GlobalMeta, S> | undefined {
    const meta = z.globalRegistry.get(schema);
    const id = this.names.get(schema);
    return id === undefined ? meta : { ...meta, id };
  }
}

export const SCHEMA_FILE = fileURLToPath(new URL('../scenarios/scenario.schema.json', import.meta.url));
export const VARIANT_SCHEMA_FILE = fileURLToPath(new URL('../scenarios/variant.schema.json', import.meta.url));

/** The JSON Schema of a scenario file as authors write it (defaults optional). */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ScenarioSchema, {
    target: 'draft-2020-12',
    metadata: new NamedDefinitions(new Map([[MenuSchema, 'Menu']])),
    // what a file may contain: fields with a default are optional
    io: 'input',
    // the menu nests (option → sub-menu → options): emit the cycle as a $ref into $defs
    cycles: 'ref',
    // everything else inline, so the file reads top-down
    reused: 'inline',
    // refinements (min ≤ max, shift order) are checked by zod only; anything else is a bug here
    unrepresentable: 'throw',
  });
  return {
    ...schema,
    title: 'Helpline scenario',
    description:
      'A simulated (or live) unified helpline: volume, IVR menu, partner organisations, line pools, routing and caller behaviour. ' +
      'Generated from core/scenario/schema.ts by `npm run schema`; cross-field rules are checked by the loader only.',
  };
}

/** The JSON Schema of a variant file: a base scenario and the changes to it. */
export function variantJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(VariantSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw' }),
    title: 'Helpline scenario variant',
    description: 'A base scenario plus changes (set, add, reorderMenu, moveLines). Generated from core/scenario/variant.ts by `npm run schema`.',
  };
}

/** A file's exact text: two-space JSON with a final newline. */
export function schemaText(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

const isMain = process.argv[1] !== undefined && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;
if (isMain) {
  for (const [file, schema] of [
    [SCHEMA_FILE, scenarioJsonSchema()],
    [VARIANT_SCHEMA_FILE, variantJsonSchema()],
  ] as const) {
    await writeFile(file, schemaText(schema));
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  }
}
