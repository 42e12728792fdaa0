/**
 * The compare page: answer rate per category for the base and each variant side by side
 * (with 95 % CIs), and each variant's paired difference from the base in percentage points,
 * significant differences drawn solid and marked.
 */
import type { Comparison, Difference } from '../../experiments/compare.ts';
import type { Report } from '../report.ts';
import type { Stat } from '../stat.ts';
import { baseOption, barSeries, categoryAxis, ciItem, ciRows, endLabelSeries, errorBarSeries, fn, valueAxis, wrappingLegend, type Chart, type Series } from './chart.ts';
import { OVERALL_LABEL, twoLines } from './labels.ts';
import { pointsWithCi, rateWithCi } from '../format.ts';
import type { Page, Section, Table } from './page.ts';
import { scenarioColour } from './palette.ts';
import { definitions } from './run-charts.ts';

export interface Row {
  id: string;
  label: { ja: string; en: string };
}

/** The base's categories, then the overall row. */
function rows(c: Comparison): Row[] {
  return [...Object.entries(c.base.categories).map(([id, cat]) => ({ id, label: cat.label })), { id: 'overall', label: OVERALL_LABEL }];
}

function answerRate(report: Report, id: string): Stat | undefined {
  return id === 'overall' ? report.overall.answerRate : report.categories[id]?.answerRate;
}

/** Short series names: the variant's scenario name can be long; the legend shows "Variant 1: …" truncated by ECharts. */
export function scenarioNames(c: Comparison): string[] {
  return [`Base: ${c.base.scenario}`, ...c.variants.map((v, i) => `Variant ${i + 1}: ${v.name}`)];
}

/** Scenarios side by side per row (category), each bar with its own 95 % CI. */
export function scenarioRatesChart(
  meta: { id: string; title: string; note: string },
  rows: readonly Row[],
  scenarios: ReadonlyArray<{ name: string; stats: ReadonlyArray<Stat | undefined> }>,
  extra: Series[] = [],
): Chart {
  const series: Series[] = [];
  scenarios.forEach(({ name, stats }, s) => {
    series.push(barSeries(name, stats.map((st) => ciItem(st)), { color: scenarioColour(s) }));
    series.push(errorBarSeries(`${name} 95 % CI`, ciRows(stats), { index: s, count: scenarios.length, horizontal: true }));
  });
  const { legend, top } = wrappingLegend([...scenarios.map((s) => s.name), ...extra.map((s) => s.name)]);
  return {
    ...meta,
    height: 70 + top + rows.length * Math.max(56, 26 * scenarios.length + 18),
    option: baseOption({
      legend,
      grid: { left: 16, right: 40, top, bottom: 40, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: fn('ciTooltip', { format: 'percent' }) },
      yAxis: categoryAxis(rows.map((g) => twoLines(g.label)), { inverse: true }),
      xAxis: valueAxis('percent', { min: 0, max: 1, name: 'Answer rate 応答率' }),
      series: [...series, ...extra],
    }),
  };
}

/** Paired differences per row, one bar per variant; significant ones solid and outlined. */
export function differencesChart(
  meta: { id: string; title: string; note: string; axisName?: string },
  rows: readonly Row[],
  variants: ReadonlyArray<{ name: string; colour: string; diffs: ReadonlyArray<Difference | undefined> }>,
): Chart {
  const { axisName: _, ...chartMeta } = meta;
  const series: Series[] = [];
  variants.forEach(({ name, colour, diffs }, s) => {
    const data = diffs.map((d) =>
      ciItem(d?.difference, {
        significant: d?.significant ?? false,
        itemStyle: d?.significant ? { color: colour, borderColor: '#111', borderWidth: 1.5 } : { color: colour, opacity: 0.3 },
      }),
    );
    series.push(barSeries(name, data, { color: colour }));
    series.push(errorBarSeries(`${name} 95 % CI`, ciRows(diffs.map((d) => d?.difference)), { index: s, count: variants.length, horizontal: true }));
    // with one variant the bars sit mid-band and can carry their value
    if (variants.length === 1) series.push(endLabelSeries(diffs.map((d) => d?.difference), (st) => pointsWithCi({ mean: st.mean, ci95: null })));
  });
  const { legend, top } = wrappingLegend(variants.map((v) => v.name));
  return {
    ...chartMeta,
    height: 70 + top + rows.length * Math.max(48, 26 * variants.length + 18),
    option: baseOption({
      legend,
      grid: { left: 16, right: 80, top, bottom: 40, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: fn('ciTooltip', { format: 'points' }) },
      yAxis: categoryAxis(rows.map((g) => twoLines(g.label)), { inverse: true }),
      xAxis: valueAxis('points', { name: meta.axisName ?? 'Variant − base, percentage points ポイント' }),
      series,
    }),
  };
}

export function comparedRatesChart(c: Comparison): Chart {
  const groups = rows(c);
  const names = scenarioNames(c);
  const reports = [c.base, ...c.variants.map((v) => v.report)];
  return scenarioRatesChart(
    {
      id: 'compare-rates',
      title: 'Answer rate per category: base and variants (応答率の比較) with 95 % CI',
      note: 'Bars: mean answer rate over the paired replications; whiskers: 95 % CI of each scenario on its own. Whether a change is real is read from the difference chart below.',
    },
    groups,
    reports.map((report, s) => ({ name: names[s]!, stats: groups.map((g) => answerRate(report, g.id)) })),
  );
}

export function differenceChart(c: Comparison): Chart {
  const groups = rows(c);
  const names = scenarioNames(c).slice(1);
  return differencesChart(
    {
      id: 'compare-difference',
      title: 'Difference from the base in answer rate, percentage points (差, ポイント) with 95 % CI',
      note: 'Variant minus base, paired replication by replication on common random numbers. Solid bars with a dark outline are significant (their 95 % CI excludes 0); pale bars are not.',
    },
    groups,
    c.variants.map((v, s) => ({
      name: names[s]!,
      colour: scenarioColour(s + 1),
      diffs: groups.map((g) => v.groups.find((x) => x.id === g.id)?.figures.answerRate),
    })),
  );
}

export function differenceTable(
  caption: string,
  groups: Comparison['variants'][number]['groups'],
  heads: { base: string; variant: string } = { base: 'Base 基準', variant: 'Variant 変更案' },
): Table {
  return {
    caption,
    head: ['分野 / Category', heads.base, heads.variant, 'Difference (95 % CI) 差', 'Significant 有意', 'Answered, difference 応答数の差'],
    align: ['l', 'r', 'r', 'r', 'l', 'r'],
    strong: groups.flatMap((g, i) => (g.figures.answerRate.significant ? [i] : [])),
    rows: groups.map((g) => {
      const f = g.figures.answerRate;
      const n = g.figures.answered.difference;
      return [
        twoLines(g.label),
        rateWithCi(f.base),
        rateWithCi(f.variant),
        pointsWithCi(f.difference),
        f.significant ? 'yes ✔' : 'no',
        n.mean === null ? '—' : `${n.mean >= 0 ? '+' : ''}${n.mean.toFixed(1)}${n.ci95 ? ` [${n.ci95[0].toFixed(1)}, ${n.ci95[1].toFixed(1)}]` : ''}`,
      ];
    }),
  };
}

export function comparePage(c: Comparison): Page {
  const facts: Array<[string, string]> = [['Base 基準シナリオ', c.base.scenario]];
  c.variants.forEach((v, i) => facts.push([`Variant ${i + 1} 変更案`, v.name]));
  facts.push(['Seed 乱数シード', String(c.seed)], ['Replications 反復回数', `${c.replications} paired (common random numbers)`]);
  const sections: Section[] = [
    { heading: 'Answer rate 応答率', charts: [comparedRatesChart(c)], tables: [] },
    {
      heading: 'Differences 差',
      intro: 'Each variant against the base, on the same random numbers (基準との差).',
      charts: [differenceChart(c)],
      tables: c.variants.map((v, i) => differenceTable(`Variant ${i + 1}: ${v.name} — answer rate against the base`, v.groups)),
    },
  ];
  const defs = definitions(c.base.definitions);
  defs.push(['Difference 差', 'variant − base per replication, on the same random numbers (paired); significant when its 95 % CI excludes 0. In percentage points for rates.']);
  return { title: 'Comparison of scenarios', titleJa: 'シナリオ比較', facts, definitions: defs, sections };
}
