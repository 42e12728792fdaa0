/**
 * Variants: a base scenario plus a short list of changes a planner can read at a glance —
 * set a value at a path, add to a list, reorder a menu's options, move lines between pools. Applying them
 * yields a new scenario that is validated like any other.
 */
import { z } from 'zod';
import type { Scenario } from './schema.ts';
import { ScenarioValidationError, parseScenario } from './validate.ts';
import type { FieldPath, ScenarioIssue } from './issue.ts';
import { PathError as ChangeError } from './path.ts';
import { ChangeSchema, applyChangeToDraft, type Change } from './change.ts';

export { ChangeSchema, type Change } from './change.ts';
import { SCENARIO_LIMITS as MAX } from './limits.ts';
import { firstTooDeep } from './json-shape.ts';

export const VariantSchema = z
  .object({
    $schema: z.string().max(MAX.noteLength).optional(),
    name: z.string().min(1).max(MAX.textLength),
    base: z.string().min(1).max(MAX.noteLength).describe('base scenario file, relative to this file'),
    notes: z.array(z.string().max(MAX.noteLength)).max(MAX.notes).default([]),
    changes: z.array(ChangeSchema).min(1).max(MAX.changes),
  })
  .strict();

export type Variant = z.infer<typeof VariantSchema>;

export interface ApplyOptions {
  /**
   * Whether a change may name a file (`arrivals.csv`). Only the CLI's variant files may, and
   * their loader reads it; anywhere else the reference would never be read.
   */
  fileReferences?: 'refuse' | 'keep';
}

/** Applies changes in order to a copy of `base`; throws ScenarioValidationError with paths under `changes[i]`. */
export function applyChanges(base: Scenario, changes: readonly Change[], name?: string, options: ApplyOptions = {}): Scenario {
  const draft = structuredClone(base) as Record<string, unknown>;
  changes.forEach((change, i) => {
    const where: FieldPath = ['changes', i];
    const deep = 'value' in change ? firstTooDeep(change.value) : undefined;
    if (deep !== undefined) throw new ScenarioValidationError([{ path: [...where, 'value', ...deep], message: `nested more than ${MAX.jsonDepth} deep` }]);
    try {
      applyChangeToDraft(draft, change);
    } catch (error) {
      if (error instanceof ChangeError) throw new ScenarioValidationError([{ path: where, message: error.message }]);
      throw error;
    }
    if (options.fileReferences !== 'keep' && namesFile(draft)) {
      throw new ScenarioValidationError([
        { path: where, message: 'a change cannot name a file (arrivals.csv): the file would not be read; give the values inline' },
      ]);
    }
  });
  if (name !== undefined) draft.name = name;
  try {
    return parseScenario(draft);
  } catch (error) {
    if (error instanceof ScenarioValidationError) {
      const issues: ScenarioIssue[] = error.issues.map((i) => ({ path: i.path, message: `after the changes: ${i.message}` }));
      throw new ScenarioValidationError(issues);
    }
    throw error;
  }
}

/** Whether the draft's arrivals refer to a CSV file (own properties only: the draft is unchecked). */
function namesFile(draft: Record<string, unknown>): boolean {
  const arrivals = Object.hasOwn(draft, 'arrivals') ? draft.arrivals : undefined;
  return typeof arrivals === 'object' && arrivals !== null && Object.hasOwn(arrivals, 'csv');
}

