/**
 * Variants: a base scenario plus a short list of changes a planner can read at a glance —
 * set a value at a path, add to a list, reorder a menu's options, move lines between pools. Applying them
 * yields a new scenario that is validated like any other.
 */
import { z } from 'zod';
import type { Scenario } from './schema.ts';
import { ScenarioValidationError, parseScenario } from './validate.ts';
import type { FieldPath, ScenarioIssue } from './issue.ts';
import { PathError as ChangeError, ScenarioPathSchema, getAtPath, setAtPath } from './path.ts';
import { SCENARIO_LIMITS as MAX } from './limits.ts';
import { BoundedJsonSchema, firstTooDeep } from './json-shape.ts';

export const ChangeSchema = z.union([
  z.object({ set: ScenarioPathSchema, value: BoundedJsonSchema }).strict(),
  z.object({ add: ScenarioPathSchema.describe('a list: the value is appended to it'), value: BoundedJsonSchema }).strict(),
  z
    .object({
      reorderMenu: z
        .object({
          menu: z.array(z.string().max(1)).max(MAX.menuDepth).default([]).describe('digits leading to a sub-menu; the top menu if empty'),
          order: z.array(z.string().max(1)).min(1).max(MAX.menuOptions).describe('current digits in their new order; each position keeps its digit'),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      moveLines: z
        .object({
          from: z.string().max(MAX.idLength),
          to: z.string().max(MAX.idLength),
          count: z.number().int().positive().max(MAX.linesTotal),
          organisation: z.string().max(MAX.idLength).optional().describe("whose lines; the source pool's last entries first if absent"),
        })
        .strict(),
    })
    .strict(),
]);

export const VariantSchema = z
  .object({
    $schema: z.string().max(MAX.noteLength).optional(),
    name: z.string().min(1).max(MAX.textLength),
    base: z.string().min(1).max(MAX.noteLength).describe('base scenario file, relative to this file'),
    notes: z.array(z.string().max(MAX.noteLength)).max(MAX.notes).default([]),
    changes: z.array(ChangeSchema).min(1).max(MAX.changes),
  })
  .strict();

export type Change = z.infer<typeof ChangeSchema>;
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
      if ('set' in change) setAtPath(draft, change.set, change.value);
      else if ('add' in change) addAtPath(draft, change.add, change.value);
      else if ('reorderMenu' in change) reorderMenu(draft as unknown as Scenario, change.reorderMenu.menu, change.reorderMenu.order);
      else moveLines(draft as unknown as Scenario, change.moveLines);
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

/** Appends to a list: a new organisation, pool, category or menu option. */
function addAtPath(draft: unknown, path: string, value: unknown): void {
  const list = getAtPath(draft, path);
  if (!Array.isArray(list)) throw new ChangeError(`${path}: not a list`);
  list.push(structuredClone(value));
}

function reorderMenu(s: Scenario, menuDigits: readonly string[], order: readonly string[]): void {
  let menu = s.menu;
  for (const digit of menuDigits) {
    const option = menu.options.find((o) => o.digit === digit);
    if (!option || !('menu' in option.target)) throw new ChangeError(`menu digit ${digit} does not open a sub-menu`);
    menu = option.target.menu;
  }
  const current = menu.options.map((o) => o.digit);
  const sorted = (xs: readonly string[]): string => [...xs].sort().join(',');
  if (order.length !== current.length || sorted(order) !== sorted(current)) {
    throw new ChangeError(`order must list each of the menu's digits once: ${current.join(', ')}`);
  }
  const moved = order.map((digit) => menu.options.find((o) => o.digit === digit)!);
  // position k keeps digit k: the trial's phase 2 made "18 or younger" option 1
  menu.options = moved.map((option, k) => ({ ...option, digit: current[k]! }));
}

function moveLines(s: Scenario, move: Extract<Change, { moveLines: unknown }>['moveLines']): void {
  const from = s.pools.find((p) => p.id === move.from);
  const to = s.pools.find((p) => p.id === move.to);
  if (!from) throw new ChangeError(`unknown pool "${move.from}"`);
  if (!to) throw new ChangeError(`unknown pool "${move.to}"`);
  let left = move.count;
  const taken: Array<Scenario['pools'][number]['lines'][number]> = [];
  for (let i = from.lines.length - 1; i >= 0 && left > 0; i--) {
    const entry = from.lines[i]!;
    if (move.organisation !== undefined && entry.organisation !== move.organisation) continue;
    const n = Math.min(left, entry.count);
    entry.count -= n;
    left -= n;
    // moved lines keep their organisation, weight and staffing hours
    if (n > 0) taken.push({ ...entry, count: n });
  }
  if (left > 0) {
    const whose = move.organisation ? ` of "${move.organisation}"` : '';
    throw new ChangeError(`pool "${move.from}" has only ${move.count - left} lines${whose} to move`);
  }
  const same = (a: typeof taken[number], b: typeof taken[number]): boolean =>
    a.organisation === b.organisation && a.weight === b.weight && JSON.stringify(a.schedule) === JSON.stringify(b.schedule);
  for (const lines of taken) {
    const entry = to.lines.find((l) => same(l, lines));
    if (entry) entry.count += lines.count;
    else to.lines.push(lines);
  }
}
