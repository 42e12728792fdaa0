/**
 * What a page holds: ECharts option objects as plain JSON data. Where ECharts wants a
 * function (tooltip formatters, axis label formats, the error-bar drawing), the option holds
 * a marker `{ $fn: name, args }` that the page's script (runtime.ts) swaps for the function of
 * that name, so options stay serialisable and testable here.
 */
import type { Stat } from '../stat.ts';
import { FONT_FAMILY } from './palette.ts';

/** A function the page's runtime provides, by name. */
export interface FnRef {
  $fn: 'percent' | 'percent0' | 'points' | 'pointsTick' | 'count' | 'decimal2' | 'signed' | 'errorBar' | 'ciTooltip' | 'cellPercent';
  args?: Record<string, unknown>;
}

export type ValueFormat = 'percent' | 'points' | 'count' | 'decimal2' | 'signed';

export interface Series {
  type: string;
  name: string;
  data: unknown[];
  [key: string]: unknown;
}

export interface ChartOption {
  series: Series[];
  [key: string]: unknown;
}

export interface Chart {
  /** Unique within the page; the container's id is `chart-${id}`. */
  id: string;
  title: string;
  /** Container height in pixels (width is the page's). */
  height: number;
  option: ChartOption;
  /** A sentence under the chart saying how to read it. */
  note?: string;
}

/** A bar value with its CI for the tooltip: ECharts keeps extra fields of a data item. */
export interface CiItem {
  value: number | null;
  ci: [number, number] | null;
  [key: string]: unknown;
}

export function ciItem(stat: Stat | undefined, extra: Record<string, unknown> = {}): CiItem {
  return { value: stat?.mean ?? null, ci: stat?.ci95 ?? null, ...extra };
}

export const fn = (name: FnRef['$fn'], args?: Record<string, unknown>): FnRef => (args ? { $fn: name, args } : { $fn: name });

/** Gaps in bar groups, set on every bar series so the error bars can find the bars. */
export const BAR_CATEGORY_GAP = 0.3;
export const BAR_GAP = 0.15;

/**
 * Error bars (the 95 % CI) drawn over bar `index` of `count` bars per category. Data rows are
 * [category index, low, high]; with `horizontal`, categories are on the y axis.
 */
export function errorBarSeries(name: string, rows: Array<[number, number, number]>, o: { index: number; count: number; horizontal: boolean }): Series {
  return {
    type: 'custom',
    name,
    renderItem: fn('errorBar', { ...o, categoryGap: BAR_CATEGORY_GAP, barGap: BAR_GAP }),
    encode: o.horizontal ? { x: [1, 2], y: 0 } : { x: 0, y: [1, 2] },
    data: rows,
    z: 10,
    silent: true,
    tooltip: { show: false },
  };
}

/** The CI rows of a list of Stats (skipping those without a CI), for errorBarSeries. */
export function ciRows(stats: ReadonlyArray<Stat | undefined>): Array<[number, number, number]> {
  const rows: Array<[number, number, number]> = [];
  stats.forEach((s, i) => {
    if (s?.ci95) rows.push([i, s.ci95[0], s.ci95[1]]);
  });
  return rows;
}

export function barSeries(name: string, data: unknown[], extra: Record<string, unknown> = {}): Series {
  return { type: 'bar', name, data, barCategoryGap: `${BAR_CATEGORY_GAP * 100}%`, barGap: `${BAR_GAP * 100}%`, ...extra };
}

/** Settings every chart shares: fonts, animation off (screenshots and print), legend on top. */
export function baseOption(option: ChartOption): ChartOption {
  return {
    animation: false,
    textStyle: { fontFamily: FONT_FAMILY, fontSize: 13 },
    legend: { top: 0, type: 'scroll', textStyle: { fontSize: 13 } },
    ...option,
    // keep tooltips inside the chart, so none is cut off at the page's edge
    ...(option.tooltip ? { tooltip: { confine: true, ...(option.tooltip as object) } } : {}),
  };
}

/** A category axis of bilingual two-line labels. */
export function categoryAxis(labels: string[], o: { inverse?: boolean; name?: string } = {}): Record<string, unknown> {
  return {
    type: 'category',
    data: labels,
    inverse: o.inverse ?? false,
    axisTick: { alignWithLabel: true },
    axisLabel: { interval: 0, fontSize: 12, lineHeight: 16 },
    ...(o.name ? { name: o.name } : {}),
  };
}

export function valueAxis(format: ValueFormat, o: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'value',
    axisLabel: { formatter: fn(format === 'points' ? 'pointsTick' : format === 'percent' ? 'percent0' : format) },
    splitLine: { lineStyle: { color: '#E6E6E6' } },
    nameLocation: 'middle',
    nameGap: 32,
    nameTextStyle: { fontSize: 13 },
    ...o,
  };
}

/**
 * Value labels just beyond each bar's whisker (horizontal bars, one bar per category): an
 * invisible scatter point at the CI's outer end (or the value) carrying the text; to the
 * left of bars that go below 0.
 */
export function endLabelSeries(stats: ReadonlyArray<Stat | undefined>, text: (s: Stat) => string): Series {
  const data: unknown[] = [];
  stats.forEach((s, i) => {
    if (!s || s.mean === null) return;
    const negative = s.mean < 0;
    const end = negative ? Math.min(s.mean, s.ci95?.[0] ?? s.mean) : Math.max(s.mean, s.ci95?.[1] ?? s.mean, 0);
    data.push({ value: [end, i], label: { formatter: text(s), position: negative ? 'left' : 'right' } });
  });
  return {
    type: 'scatter',
    name: 'value labels',
    data,
    symbolSize: 0,
    silent: true,
    tooltip: { show: false },
    label: { show: true, distance: 6, fontWeight: 'bold', color: '#222', fontSize: 12 },
    z: 11,
  };
}

/**
 * A legend that wraps onto as many lines as its names need (long scenario names would
 * otherwise scroll out of sight), and the grid top that clears it. Widths are estimated:
 * about 7.5 px per character at 13 px, wide characters twice that.
 */
export function wrappingLegend(names: readonly string[], width = 1150): { legend: Record<string, unknown>; top: number } {
  const textWidth = (s: string): number => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 13 : 7.5), 0);
  let lines = 1;
  let x = 0;
  for (const name of names) {
    const w = textWidth(name) + 45;
    if (x > 0 && x + w > width) {
      lines++;
      x = 0;
    }
    x += w;
  }
  return { legend: { top: 0, type: 'plain', data: [...names] }, top: 16 + 24 * lines };
}
