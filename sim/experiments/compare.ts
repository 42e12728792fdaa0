/**
 * Paired comparison of variants against a base: per category, the difference in answer rate
 * (and callers answered) replication by replication on common random numbers, with its
 * Student-t 95 % CI. A difference is significant when its CI excludes zero.
 */
import type { Label, Scenario } from '../../core/scenario/schema.ts';
import type { FigureSet, ReplicationFigures } from '../model/metrics.ts';
import { buildReport, type Report } from '../report/report.ts';
import { differenceRange, rangeOf, summarise, type Range, type Stat } from '../report/stat.ts';
import { runPaired, type PairedOptions } from '../run/run-many.ts';

const COMPARED = ['answerRate', 'answered', 'attempts', 'callersAnsweredShare'] as const;
type Compared = (typeof COMPARED)[number];

export interface Difference {
  base: Stat;
  variant: Stat;
  difference: Stat;
  /** the 95 % CI of the difference excludes 0 */
  significant: boolean;
}

export interface ComparedGroup {
  id: string;
  label: Label;
  figures: Record<Compared, Difference>;
}

export interface Comparison {
  seed: number;
  replications: number;
  base: Report;
  variants: Array<{ name: string; report: Report; groups: ComparedGroup[] }>;
}

export async function compareScenarios(
  base: Scenario,
  variants: readonly Scenario[],
  options: PairedOptions,
): Promise<Comparison> {
  const [baseReps, ...variantReps] = await runPaired([base, ...variants], options);
  return {
    seed: options.seed,
    replications: options.replications,
    base: buildReport(base, options.seed, baseReps!),
    variants: variants.map((variant, v) => ({
      name: variant.name,
      report: buildReport(variant, options.seed, variantReps[v]!),
      groups: compareGroups(base, baseReps!, variant, variantReps[v]!),
    })),
  };
}

/** Categories both scenarios have (by id, in the base's order), then the overall figures. */
function compareGroups(base: Scenario, baseRuns: ReplicationFigures[], variant: Scenario, variantRuns: ReplicationFigures[]): ComparedGroup[] {
  const inVariant = new Set(variant.categories.map((c) => c.id));
  const groups: Array<{ id: string; label: Label; pick: (r: ReplicationFigures) => FigureSet }> = base.categories
    .filter((c) => inVariant.has(c.id))
    .map((c) => ({ id: c.id, label: c.label, pick: (r) => r.categories[c.id]! }));
  groups.push({ id: 'overall', label: { ja: '全体', en: 'All attempts' }, pick: (r) => r.overall });
  return groups.map((g) => ({
    id: g.id,
    label: g.label,
    figures: Object.fromEntries(COMPARED.map((key) => [key, difference(baseRuns.map((r) => g.pick(r)[key]), variantRuns.map((r) => g.pick(r)[key]), rangeOf(key))])) as Record<
      Compared,
      Difference
    >,
  }));
}

/** Paired difference variant − base, replication by replication, with both sides summarised (in `range`, if given). */
export function difference(base: readonly number[], variant: readonly number[], range?: Range): Difference {
  const d = summarise(variant.map((x, r) => x - base[r]!), differenceRange(range));
  return {
    base: summarise(base, range),
    variant: summarise(variant, range),
    difference: d,
    significant: d.ci95 !== null && (d.ci95[0] > 0 || d.ci95[1] < 0),
  };
}
