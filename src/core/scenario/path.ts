/**
 * Paths into a scenario, as planners write them: `pools[id=loneliness].lines[0].count`,
 * `routing.suicidal.onNoLine.maxLength`. `[id=x]` picks the element of a list whose `id` is x;
 * `[n]` the n-th element. Used by variants, sweeps and calibration.
 */
import { z } from 'zod';

type Json = unknown;

export const ScenarioPathSchema = z
  .string()
  .regex(/^[A-Za-z_$][\w$-]*(\[(\d+|id=[\w-]+)\]|\.[A-Za-z_$][\w$-]*)*$/, 'use a path like pools[id=loneliness].lines[0].count');

/** A path that does not lead to a value. */
export class PathError extends Error {}

type Step = { key: string } | { index: number } | { id: string };

function parsePath(path: string): Step[] {
  const steps: Step[] = [];
  for (const m of path.matchAll(/([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[id=([\w-]+)\]/g)) {
    if (m[1] !== undefined) steps.push({ key: m[1] });
    else if (m[2] !== undefined) steps.push({ index: Number(m[2]) });
    else steps.push({ id: m[3]! });
  }
  return steps;
}

/** Reads the value at a path, or throws naming the first step that does not exist. */
export function getAtPath(root: Json, path: string): Json {
  let node = root;
  for (const step of parsePath(path)) node = child(node, step, path);
  return node;
}

export function setAtPath(root: Json, path: string, value: Json): void {
  const steps = parsePath(path);
  const last = steps.pop()!;
  let node = root;
  for (const step of steps) node = child(node, step, path);
  if ('key' in last) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) throw new PathError(`${path}: not an object`);
    (node as Record<string, Json>)[last.key] = value;
  } else {
    if (!Array.isArray(node)) throw new PathError(`${path}: not a list`);
    const index = 'index' in last ? last.index : node.findIndex((x) => (x as { id?: string })?.id === last.id);
    if (index < 0 || index >= node.length) throw new PathError(`${path}: no such element`);
    node[index] = value;
  }
}

function child(node: Json, step: Step, path: string): Json {
  let next: Json;
  if ('key' in step) {
    next = typeof node === 'object' && node !== null && !Array.isArray(node) ? (node as Record<string, Json>)[step.key] : undefined;
    if (next === undefined) throw new PathError(`${path}: "${step.key}" not found`);
  } else if ('index' in step) {
    next = Array.isArray(node) ? node[step.index] : undefined;
    if (next === undefined) throw new PathError(`${path}: no element [${step.index}]`);
  } else {
    next = Array.isArray(node) ? node.find((x) => (x as { id?: string })?.id === step.id) : undefined;
    if (next === undefined) throw new PathError(`${path}: no element with id "${step.id}"`);
  }
  return next;
}

