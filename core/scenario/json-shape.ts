/**
 * Shape checks on untyped JSON that must run before anything recursive touches it (zod's
 * recursive menu schema, structuredClone, JSON.stringify): each walks with its own stack, so a
 * value nested 100,000 deep gets an answer naming its path instead of a stack overflow.
 */
import { z } from 'zod';
import { SCENARIO_LIMITS as MAX } from './limits.ts';
import type { FieldPath, ScenarioIssue } from './issue.ts';

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** An own field of an object; undefined for anything else (never an inherited property). */
function own(x: unknown, key: string): unknown {
  return isRecord(x) && Object.hasOwn(x, key) ? x[key] : undefined;
}

interface Node {
  value: object;
  depth: number;
  parent: Node | undefined;
  key: string | number;
}

function pathOf(node: Node | undefined): FieldPath {
  const path: Array<string | number> = [];
  for (let n = node; n?.parent !== undefined; n = n.parent) path.push(n.key);
  return path.reverse();
}

/**
 * The path of the first object or array nested deeper than `maxDepth` (the value itself being
 * depth 1), or undefined if none is.
 */
export function firstTooDeep(value: unknown, maxDepth: number = MAX.jsonDepth): FieldPath | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const stack: Node[] = [{ value, depth: 1, parent: undefined, key: '' }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.depth > maxDepth) return pathOf(node);
    const entries: Array<[string | number, unknown]> = Array.isArray(node.value)
      ? node.value.map((v, i) => [i, v])
      : Object.entries(node.value);
    for (const [key, child] of entries) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: node.depth + 1, parent: node, key });
    }
  }
  return undefined;
}

/** Any JSON value nested at most MAX.jsonDepth deep (a change's value, a sweep value). */
export const BoundedJsonSchema = z.unknown().superRefine((value, ctx) => {
  const path = firstTooDeep(value);
  if (path !== undefined) ctx.addIssue({ code: 'custom', path: [...path], message: `nested more than ${MAX.jsonDepth} deep` });
});

/**
 * Menu depth and the options of all menus together, on a scenario not yet parsed. The zod
 * schema of a menu is recursive, so these run first.
 */
export function menuShapeIssues(scenario: unknown): ScenarioIssue[] {
  const top = own(scenario, 'menu');
  if (!isRecord(top)) return [];
  const stack: Array<{ menu: Record<string, unknown>; path: FieldPath; depth: number }> = [{ menu: top, path: ['menu'], depth: 1 }];
  let options = 0;
  while (stack.length > 0) {
    const { menu, path, depth } = stack.pop()!;
    if (depth > MAX.menuDepth) {
      return [{ path, message: `menus nest at most ${MAX.menuDepth} deep (the top menu is depth 1)` }];
    }
    const list = own(menu, 'options');
    if (!Array.isArray(list)) continue;
    options += list.length;
    if (options > MAX.menuOptionsTotal) {
      return [{ path: [...path, 'options'], message: `at most ${MAX.menuOptionsTotal} options in all menus together` }];
    }
    list.forEach((option, i) => {
      const sub = own(own(option, 'target'), 'menu');
      if (isRecord(sub)) stack.push({ menu: sub, path: [...path, 'options', i, 'target', 'menu'], depth: depth + 1 });
    });
  }
  return [];
}
