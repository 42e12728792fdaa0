/**
 * The sweep page. One numeric setting: answer rate against the value, one line per category
 * with its 95 % CI as a band. Menu orders or grids: the best and worst points by answered
 * attempts, ranked, and a table of every category's answer rate at those points.
 */
import type { Label } from '../../../core/scenario/schema.ts';
import type { SweepResult } from '../../experiments/sweep.ts';
import type { Stat } from '../stat.ts';
import { baseOption, barSeries, categoryAxis, ciItem, ciRows, errorBarSeries, fn, valueAxis, type Chart, type Series } from './chart.ts';
import { bilingual, OVERALL_LABEL, twoLines } from './labels.ts';
import { count, percent, rateWithCi } from '../format.ts';
import type { Page, Section, Table } from './page.ts';
import { categoryColour, OVERALL_COLOUR } from './palette.ts';

type Point = SweepResult['points'][number];

export interface SweepContext {
  /** The base scenario's name (the result does not hold it). */
  scenario?: string;
}

/** Points shown in the ranked chart: all up to this many, else the best and worst half each. */
export const RANKED_SHOWN = 20;

/** The numeric axis when the sweep varies exactly one setting over numbers (no menu orders). */
export function numericAxis(r: SweepResult): string | null {
  if (r.axes.length !== 1 || r.points.length < 2) return null;
  const numeric = r.points.every((p) => !p.menuOrder && p.settings.length === 1 && typeof p.settings[0]!.value === 'number');
  return numeric ? r.axes[0]! : null;
}

interface Line {
  id: string;
  label: Label;
  colour: string;
  stat: (p: Point) => Stat | undefined;
}

function lines(r: SweepResult): Line[] {
  return [
    ...r.categories.map((c, i) => ({ id: c.id, label: c.label, colour: categoryColour(i), stat: (p: Point) => p.categories[c.id]?.answerRate })),
    { id: 'overall', label: OVERALL_LABEL, colour: OVERALL_COLOUR, stat: (p: Point) => p.overall.answerRate },
  ];
}

export function sweepCurveChart(r: SweepResult, axis: string): Chart {
  const xs = r.points.map((p) => p.settings[0]!.value as number);
  const series: Series[] = [];
  const bands: Series[] = [];
  for (const line of lines(r)) {
    const name = bilingual(line.label);
    const stats = r.points.map(line.stat);
    series.push({
      type: 'line',
      id: `line:${line.id}`,
      name,
      color: line.colour,
      symbolSize: 6,
      lineStyle: { width: line.id === 'overall' ? 3 : 2, ...(line.id === 'overall' ? { type: 'dashed' } : {}) },
      data: stats.map((s, i) => ({ ...ciItem(s), value: [xs[i], s?.mean ?? null], title: `${axis} = ${xs[i]}` })),
    });
    // the CI band: an invisible lower line with the band's width stacked on it
    const withCi = stats.map((s, i) => ({ x: xs[i]!, ci: s?.ci95 ?? null })).filter((p) => p.ci !== null);
    const band = { type: 'line', name, stack: `ci:${line.id}`, symbol: 'none', silent: true, lineStyle: { opacity: 0 }, tooltip: { show: false } };
    bands.push({ ...band, id: `band-low:${line.id}`, data: withCi.map((p) => [p.x, p.ci![0]]) });
    bands.push({ ...band, id: `band-width:${line.id}`, data: withCi.map((p) => [p.x, p.ci![1] - p.ci![0]]), areaStyle: { color: line.colour, opacity: 0.15 } });
  }
  return {
    id: 'sweep-curve',
    title: `Answer rate against ${axis} (応答率), per category with 95 % CI bands`,
    height: 620,
    note: 'Lines: mean answer rate over replications at each value; shaded: 95 % CI. Every point runs on the same random numbers, so neighbouring points differ only by the setting. Click a name in the legend to hide a category.',
    option: baseOption({
      legend: { top: 0, type: 'plain', data: series.map((s) => s.name) },
      grid: { left: 16, right: 40, top: 110, bottom: 48, containLabel: true },
      tooltip: { trigger: 'axis', formatter: fn('ciTooltip', { format: 'percent', dim: 1 }) },
      xAxis: { type: 'value', name: axis, nameLocation: 'middle', nameGap: 30, min: Math.min(...xs), max: Math.max(...xs), splitLine: { lineStyle: { color: '#EEEEEE' } } },
      yAxis: valueAxis('percent', { min: 0, max: 1, name: 'Answer rate 応答率', nameLocation: 'end', nameGap: 12, nameTextStyle: { align: 'left', fontSize: 13 } }),
      series: [...series, ...bands],
    }),
  };
}

/**
 * Short names for swept paths, for labels: the selected id (pools[id=loneliness]….count →
 * "loneliness.count") or the last segment; the full path where short names would collide.
 */
export function shortAxisNames(axes: readonly string[]): Record<string, string> {
  const short = (path: string): string => {
    const last = path.split('.').at(-1)!;
    const ids = [...path.matchAll(/\[id=([^\]]+)\]/g)].map((m) => m[1]!);
    return ids.length > 0 ? `${ids.join('/')}.${last}` : last;
  };
  const names = axes.map(short);
  const unique = new Set(names).size === names.length;
  return Object.fromEntries(axes.map((a, i) => [a, unique ? names[i]! : a]));
}

/** A point's label with short setting names: "loneliness.count=3 general.count=2 menu=213". */
export function shortLabel(point: Point, names: Readonly<Record<string, string>>): string {
  const parts = point.settings.map((x) => `${names[x.path] ?? x.path}=${JSON.stringify(x.value)}`);
  if (point.menuOrder) parts.push(`menu=${point.menuOrder.join('')}`);
  return parts.join(' ') || point.label;
}

/** Points by mean answered attempts, most first. */
export function rankedPoints(r: SweepResult): Point[] {
  return [...r.points].sort((a, b) => (b.overall.answered.mean ?? -Infinity) - (a.overall.answered.mean ?? -Infinity));
}

/** All points when there are few; else the best and the worst RANKED_SHOWN / 2 each, with their ranks. */
export function shownPoints(r: SweepResult): Array<{ rank: number; point: Point; best: boolean }> {
  const ranked = rankedPoints(r).map((point, i) => ({ rank: i + 1, point, best: i < Math.ceil(r.points.length / 2) }));
  if (ranked.length <= RANKED_SHOWN) return ranked;
  const half = RANKED_SHOWN / 2;
  return [...ranked.slice(0, half), ...ranked.slice(-half)];
}

function moreLines(r: SweepResult, p: Point): string[] {
  return [
    `Answer rate, all attempts: ${rateWithCi(p.overall.answerRate)}`,
    ...r.categories.map((c) => `${bilingual(c.label)}: ${rateWithCi(p.categories[c.id]?.answerRate)}`),
  ];
}

export function rankedChart(r: SweepResult): Chart {
  const shown = shownPoints(r);
  const stats = shown.map((s) => s.point.overall.answered);
  const short = shortAxisNames(r.axes);
  const names = shown.map((s) => `#${s.rank}  ${shortLabel(s.point, short)}`);
  const data = shown.map((s) =>
    ciItem(s.point.overall.answered, { title: `#${s.rank}  ${s.point.label}`, more: moreLines(r, s.point), itemStyle: { color: s.best ? '#0072B2' : '#D55E00' } }),
  );
  const few = shown.length === r.points.length;
  return {
    id: 'sweep-ranked',
    title: few
      ? `All ${r.points.length} points ranked by answered attempts (応答数順)`
      : `Best ${RANKED_SHOWN / 2} and worst ${RANKED_SHOWN / 2} of ${r.points.length} points by answered attempts (応答数の上位・下位)`,
    height: 80 + 30 * shown.length,
    note: `Bars: mean answered attempts per replication, all categories; whiskers: 95 % CI. ${few ? 'Blue: upper half; orange: lower half.' : 'Blue: best; orange: worst.'} The axis does not start at 0, so small differences show; hover a bar for every category’s answer rate.`,
    option: baseOption({
      legend: { show: false },
      grid: { left: 16, right: 48, top: 10, bottom: 44, containLabel: true },
      tooltip: { trigger: 'item', formatter: fn('ciTooltip', { format: 'count' }) },
      yAxis: { ...categoryAxis(names, { inverse: true }), axisLabel: { interval: 0, fontSize: 12, fontFamily: 'monospace' } },
      xAxis: valueAxis('count', { scale: true, name: 'Answered attempts per replication 応答数', axisLabel: {} }),
      series: [barSeries('Answered 応答', data, { barCategoryGap: '30%' }), errorBarSeries('95 % CI', ciRows(stats), { index: 0, count: 1, horizontal: true })],
    }),
  };
}

export function sweepTable(r: SweepResult, ranked: boolean): Table {
  const shown = ranked ? shownPoints(r) : r.points.map((point, i) => ({ rank: i + 1, point, best: true }));
  const short = shortAxisNames(r.axes);
  return {
    caption: ranked && shown.length < r.points.length ? `The points in the chart (ranks ${shown.map((s) => s.rank).join(', ')} of ${r.points.length}); every point is in --json and --csv` : 'Every point',
    head: [...(ranked ? ['Rank 順位'] : []), 'Point 条件', 'Answered 応答数', '全体 / All (95 % CI)', ...r.categories.map((c) => twoLines(c.label))],
    align: [...(ranked ? (['r'] as const) : []), 'l', 'r', 'r', ...r.categories.map(() => 'r' as const)],
    rows: shown.map((s) => [
      ...(ranked ? [String(s.rank)] : []),
      shortLabel(s.point, short),
      count(s.point.overall.answered),
      rateWithCi(s.point.overall.answerRate),
      ...r.categories.map((c) => percent(s.point.categories[c.id]?.answerRate.mean ?? null)),
    ]),
  };
}

export function sweepPage(r: SweepResult, context: SweepContext = {}): Page {
  const axis = numericAxis(r);
  const orders = new Set(r.points.map((p) => p.menuOrder?.join('-')).filter((o) => o !== undefined)).size;
  const facts: Array<[string, string]> = [];
  if (context.scenario) facts.push(['Scenario シナリオ', context.scenario]);
  const short = shortAxisNames(r.axes);
  for (const axis of r.axes) facts.push([`Setting 設定 ${short[axis]}`, axis]);
  if (orders > 0) facts.push(['Menu orders メニュー順', `${orders}`]);
  facts.push(['Points 条件数', String(r.points.length)], ['Seed 乱数シード', String(r.seed)], ['Replications 反復回数', `${r.replications} per point (common random numbers)`]);
  const sections: Section[] = axis
    ? [{ heading: 'Answer rate over the sweep 応答率の変化', charts: [sweepCurveChart(r, axis)], tables: [sweepTable(r, false)] }]
    : [{ heading: 'Ranked points 条件の順位', charts: [rankedChart(r)], tables: [sweepTable(r, true)] }];
  const definitions: Array<[string, string]> = [
    ['Answer rate 応答率', 'answered attempts ÷ attempts (応答率 = 接続完了 ÷ 呼出件数), the definition the #9999 trial used. Every redial is a new attempt.'],
    ['Categories 分野', 'attempts by the category chosen in the menu; the overall figure counts every attempt, including those that ended in the menu'],
    ['Point 条件', 'one combination of the swept settings (path=value) and/or a menu order (menu=digits in their new order)'],
    ['95 % CI 信頼区間', 'Student-t 95 % confidence interval of the mean over independent replications'],
  ];
  return { title: 'Sweep', titleJa: 'パラメータ掃引', facts, definitions, sections };
}
