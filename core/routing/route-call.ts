/**
 * The routing decision for a caller who has chosen a category: a line in the first pool of
 * the route that has one free (primary, then overflow), else the category's no-line rule.
 */
import type { LinePolicy, NoLine } from '../scenario/schema.ts';
import { chooseLine, type LineView, type PoolCursor } from './line-choice.ts';

export interface PoolView extends PoolCursor {
  readonly policy: LinePolicy;
  readonly lines: readonly LineView[];
  /** Lines currently staffed, busy or not. */
  readonly onDuty: number;
}

export type RouteDecision =
  | { kind: 'line'; pool: number; line: number }
  | { kind: 'queue' }
  | { kind: 'busy'; reason: 'no_line' | 'queue_full' }
  | { kind: 'closed' };

/**
 * @param pools the route's pools in order
 * @param waiting callers of this category already queued (for the maximum queue length)
 */
export function routeCall(
  pools: readonly PoolView[],
  onNoLine: NoLine,
  waiting: number,
  random: () => number,
): RouteDecision {
  let staffed = 0;
  let lines = 0;
  for (let p = 0; p < pools.length; p++) {
    const pool = pools[p]!;
    const line = chooseLine(pool.lines, pool.policy, pool, random);
    if (line >= 0) return { kind: 'line', pool: p, line };
    staffed += pool.onDuty;
    lines += pool.lines.length;
  }
  // "closed" is outside staffed hours; a route with no lines at all is simply always busy
  if (lines > 0 && staffed === 0) return { kind: 'closed' };
  if (onNoLine.action === 'busy') return { kind: 'busy', reason: 'no_line' };
  if (onNoLine.maxLength !== undefined && waiting >= onNoLine.maxLength) return { kind: 'busy', reason: 'queue_full' };
  return { kind: 'queue' };
}
