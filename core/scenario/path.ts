/**
 * Paths into a scenario, as planners write them: `pools[id=loneliness].lines[0].count`,
 * `routing.suicidal.onNoLine.maxLength`. `[id=x]` picks the element of a list whose `id` is x;
 * `[n]` the n-th element. Used by variants, sweeps and calibration.
 *
 * Paths come from requests, so they only ever reach a scenario's own data: a step named
 * `__proto__`, `constructor` or `prototype` is refused, and every read and write is of an own
 * property (never one inherited from Object.prototype).
 */
import { z } from 'zod';

type Json = unknown;

/** Steps that would reach an object's prototype instead of its data. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Longest path accepted: far beyond any real one (the deepest menu path is under 300 characters). */
export const MAX_PATH_LENGTH = 1000;

const PATH_SHAPE = /^[A-Za-z_$][\w$-]*(\[(\d+|id=[\w-]+)\]|\.[A-Za-z_$][\w$-]*)*$/;
const STEP = /([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[id=([\w-]+)\]/y;

export const ScenarioPathSchema = z
  .string()
  .max(MAX_PATH_LENGTH, { message: `a path has at most ${MAX_PATH_LENGTH} characters`, abort: true })
  .regex(PATH_SHAPE, { message: 'use a path like pools[id=loneliness].lines[0].count', abort: true })
  .superRefine((path, ctx) => {
    const reserved = reservedStep(path);
    if (reserved !== undefined) ctx.addIssue({ code: 'custom', message: reservedMessage(reserved) });
  });

/** A path that does not lead to a value, or may not be followed. */
export class PathError extends Error {}

type Step = { key: string } | { index: number } | { id: string };

function reservedMessage(key: string): string {
  return `"${key}" cannot be a step of a path (it is not scenario data)`;
}

/** The first key step that is reserved, if any. */
function reservedStep(path: string): string | undefined {
  for (const m of path.matchAll(/(?:^|\.)([A-Za-z_$][\w$-]*)/g)) if (RESERVED_KEYS.has(m[1]!)) return m[1];
  return undefined;
}

/** The steps of a path; throws PathError for text that is not a path or a reserved step. */
export function parsePath(path: string): Step[] {
  if (path.length > MAX_PATH_LENGTH || !PATH_SHAPE.test(path)) throw new PathError(`${path.slice(0, 100)}: not a scenario path`);
  const steps: Step[] = [];
  STEP.lastIndex = 0;
  while (STEP.lastIndex < path.length) {
    if (path[STEP.lastIndex] === '.') STEP.lastIndex++;
    const m = STEP.exec(path)!;
    if (m[1] !== undefined) {
      if (RESERVED_KEYS.has(m[1])) throw new PathError(`${path}: ${reservedMessage(m[1])}`);
      steps.push({ key: m[1] });
    } else if (m[2] !== undefined) steps.push({ index: Number(m[2]) });
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
    if (!isRecord(node)) throw new PathError(`${path}: not an object`);
    // an own data property whatever the key: assignment could run an inherited setter
    Object.defineProperty(node, last.key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    if (!Array.isArray(node)) throw new PathError(`${path}: not a list`);
    const index = 'index' in last ? last.index : node.findIndex((x) => idOf(x) === last.id);
    if (index < 0 || index >= node.length) throw new PathError(`${path}: no such element`);
    node[index] = value;
  }
}

function isRecord(node: Json): node is Record<string, Json> {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

/** The `id` of a list element, read as an own property only. */
function idOf(x: Json): unknown {
  return isRecord(x) && Object.hasOwn(x, 'id') ? x.id : undefined;
}

function child(node: Json, step: Step, path: string): Json {
  let next: Json;
  if ('key' in step) {
    next = isRecord(node) && Object.hasOwn(node, step.key) ? node[step.key] : undefined;
    if (next === undefined) throw new PathError(`${path}: "${step.key}" not found`);
  } else if ('index' in step) {
    next = Array.isArray(node) && step.index < node.length ? node[step.index] : undefined;
    if (next === undefined) throw new PathError(`${path}: no element [${step.index}]`);
  } else {
    next = Array.isArray(node) ? node.find((x) => idOf(x) === step.id) : undefined;
    if (next === undefined) throw new PathError(`${path}: no element with id "${step.id}"`);
  }
  return next;
}
