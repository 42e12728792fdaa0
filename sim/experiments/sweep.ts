/**
 * Sweeps: a grid of settings (several paths, each over a list of values) and/or menu orders,
 * every point run on the same seeds (common random numbers) so that neighbouring points
 * differ only by the setting — which is what makes a curve over line counts smooth and
 * monotone where the model is.
 */
import type { Label, Scenario } from '../../core/scenario/schema.ts';
import { applyChanges, type Change } from '../../core/scenario/variant.ts';
import type { FigureSet } from '../model/metrics.ts';
import { summariseAll, type Summarised } from '../report/stat.ts';
import { runPaired, type PairedOptions } from '../run/run-many.ts';

export interface SweepAxis {
  path: string;
  values: readonly unknown[];
}

export interface SweepPoint {
  settings: Array<{ path: string; value: unknown }>;
  /** Top-level menu digits in their new order, if the sweep varies the order. */
  menuOrder?: string[];
}

type Totals = Pick<FigureSet, 'attempts' | 'answered' | 'answerRate' | 'callersAnsweredShare'>;

export interface SweepResult {
  seed: number;
  replications: number;
  axes: string[];
  categories: Array<{ id: string; label: Label }>;
  points: Array<SweepPoint & { label: string; overall: Summarised<Totals>; categories: Record<string, Summarised<Totals>> }>;
}

/**
 * How many points a sweep has, counted without building any: the product of the axes' sizes
 * times the menu orders (n! for every order of n options). Infinity past what a double holds.
 */
export function countPoints(axisSizes: readonly number[], menuOrders?: number): number {
  return axisSizes.reduce((product, size) => product * size, menuOrders ?? 1);
}

/** n!, Infinity past 170!. */
export function factorial(n: number): number {
  let out = 1;
  for (let k = 2; k <= n; k++) out *= k;
  return out;
}

/** Every combination of the axes' values, times every menu order (first axis varies slowest). */
export function gridPoints(axes: readonly SweepAxis[], menuOrders?: readonly string[][]): SweepPoint[] {
  let points: SweepPoint[] = [{ settings: [] }];
  for (const axis of axes) {
    points = points.flatMap((p) => axis.values.map((value) => ({ settings: [...p.settings, { path: axis.path, value }] })));
  }
  if (menuOrders) points = points.flatMap((p) => menuOrders.map((order) => ({ ...p, menuOrder: [...order] })));
  return points;
}

/** All orders of the given items (Heap's algorithm), the identity first. */
export function permutations<T>(items: readonly T[]): T[][] {
  const a = [...items];
  const out: T[][] = [[...a]];
  const c = new Array<number>(a.length).fill(0);
  for (let i = 1; i < a.length; ) {
    if (c[i]! < i) {
      const j = i % 2 === 0 ? 0 : c[i]!;
      [a[j], a[i]] = [a[i]!, a[j]!];
      out.push([...a]);
      c[i]!++;
      i = 1;
    } else {
      c[i] = 0;
      i++;
    }
  }
  return out;
}

export function pointLabel(point: SweepPoint): string {
  const parts = point.settings.map((s) => `${s.path}=${JSON.stringify(s.value)}`);
  if (point.menuOrder) parts.push(`menu=${point.menuOrder.join('')}`);
  return parts.join(' ') || 'base';
}

export function pointScenario(base: Scenario, point: SweepPoint): Scenario {
  const changes: Change[] = point.settings.map((s) => ({ set: s.path, value: s.value }));
  if (point.menuOrder) changes.push({ reorderMenu: { menu: [], order: point.menuOrder } });
  return changes.length === 0 ? base : applyChanges(base, changes, `${base.name} [${pointLabel(point)}]`);
}

/** The figures a sweep keeps of a figure set. */
const totalsOf = (f: FigureSet): Totals => ({
  attempts: f.attempts,
  answered: f.answered,
  answerRate: f.answerRate,
  callersAnsweredShare: f.callersAnsweredShare,
});

export async function runSweep(
  base: Scenario,
  axes: readonly SweepAxis[],
  points: readonly SweepPoint[],
  options: Omit<PairedOptions, 'totalsOnly'>,
): Promise<SweepResult> {
  const scenarios = points.map((p) => pointScenario(base, p));
  const reps = await runPaired(scenarios, { ...options, totalsOnly: true });
  return {
    seed: options.seed,
    replications: options.replications,
    axes: axes.map((a) => a.path),
    categories: base.categories.map((c) => ({ id: c.id, label: c.label })),
    points: points.map((point, i) => {
      const runs = reps[i]!;
      const categories: Record<string, Summarised<Totals>> = {};
      for (const c of scenarios[i]!.categories) categories[c.id] = summariseAll(runs.map((f) => totalsOf(f.categories[c.id]!)));
      return { ...point, label: pointLabel(point), overall: summariseAll(runs.map((f) => totalsOf(f.overall))), categories };
    }),
  };
}
