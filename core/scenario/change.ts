/**
 * One change to a scenario, as variants and assumptions write it: set a value at a path, add to a
 * list, reorder a menu's options, move lines between pools. Applied in place to an unchecked
 * draft; the caller validates the result.
 */
import { PathError as ChangeError, getAtPath, setAtPath } from './path.ts';
import type { Scenario } from './schema.ts';
import type { Change } from './change-schema.ts';

export { ChangeSchema, type Change } from './change-schema.ts';

/** Applies one change to a draft in place; throws PathError when it does not apply. */
export function applyChangeToDraft(draft: Record<string, unknown>, change: Change): void {
  if ('set' in change) setAtPath(draft, change.set, change.value);
  else if ('add' in change) addAtPath(draft, change.add, change.value);
  else if ('reorderMenu' in change) reorderMenu(draft as unknown as Scenario, change.reorderMenu.menu, change.reorderMenu.order);
  else moveLines(draft as unknown as Scenario, change.moveLines);
}

/** Appends to a list: a new organisation, pool, category or menu option. */
function addAtPath(draft: unknown, path: string, value: unknown): void {
  const list = getAtPath(draft, path);
  if (!Array.isArray(list)) throw new ChangeError(`${path}: not a list`);
  list.push(structuredClone(value));
}

/** The draft is unchecked (an earlier change may have set anything): a menu without its options list does not take the change. */
function optionsOf(menu: Scenario['menu'] | undefined): Scenario['menu']['options'] {
  if (typeof menu !== 'object' || menu === null || !Array.isArray(menu.options)) throw new ChangeError('the menu to reorder has no list of options');
  return menu.options;
}

function reorderMenu(s: Scenario, menuDigits: readonly string[], order: readonly string[]): void {
  let menu = s.menu;
  for (const digit of menuDigits) {
    const option = optionsOf(menu).find((o) => o?.digit === digit);
    if (!option || typeof option.target !== 'object' || option.target === null || !('menu' in option.target)) throw new ChangeError(`menu digit ${digit} does not open a sub-menu`);
    menu = option.target.menu;
  }
  const current = optionsOf(menu).map((o) => o?.digit);
  const sorted = (xs: readonly string[]): string => [...xs].sort().join(',');
  if (order.length !== current.length || sorted(order) !== sorted(current)) {
    throw new ChangeError(`order must list each of the menu's digits once: ${current.join(', ')}`);
  }
  const moved = order.map((digit) => menu.options.find((o) => o.digit === digit)!);
  // position k keeps digit k: the trial's phase 2 made "18 or younger" option 1
  menu.options = moved.map((option, k) => ({ ...option, digit: current[k]! }));
}

function moveLines(s: Scenario, move: Extract<Change, { moveLines: unknown }>['moveLines']): void {
  const pools = Array.isArray(s.pools) ? s.pools : [];
  const from = pools.find((p) => p?.id === move.from);
  const to = pools.find((p) => p?.id === move.to);
  if (!from) throw new ChangeError(`unknown pool "${move.from}"`);
  if (!to) throw new ChangeError(`unknown pool "${move.to}"`);
  if (!Array.isArray(from.lines) || !Array.isArray(to.lines)) throw new ChangeError(`pool "${move.from}" or "${move.to}" has no list of lines`);
  let left = move.count;
  const taken: Array<Scenario['pools'][number]['lines'][number]> = [];
  for (let i = from.lines.length - 1; i >= 0 && left > 0; i--) {
    const entry = from.lines[i]!;
    if (typeof entry !== 'object' || entry === null || typeof entry.count !== 'number') throw new ChangeError(`pool "${move.from}" has a line entry without a count`);
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
    a?.organisation === b.organisation && a.weight === b.weight && JSON.stringify(a.schedule) === JSON.stringify(b.schedule);
  for (const lines of taken) {
    const entry = to.lines.find((l) => same(l, lines));
    if (entry) entry.count += lines.count;
    else to.lines.push(lines);
  }
}
