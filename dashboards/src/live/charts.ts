/**
 * ECharts options for the live board. Colours and number formats are the report pages' own
 * (sim/report/html), so a category has the same colour in a report and on the board.
 */
import type { EChartsCoreOption } from 'echarts/core';
import { percent } from '../../../sim/report/format.ts';
import { categoryColour, FONT_FAMILY } from '../../../sim/report/html/palette.ts';
import type { Label, Lang } from '../shared/i18n.ts';
import type { LiveSnapshot } from './feed.ts';
import type { RatePoint } from './history.ts';
import { t } from './text.ts';

export interface Named {
  id: string;
  label: Label;
}

const BUSY = '#0B4F8A';
const FREE = '#9CC7E8';
const OFF_DUTY = '#E3E6EA';
const TARGET = '#C62828';

const base = (option: EChartsCoreOption): EChartsCoreOption => ({
  animation: false,
  textStyle: { fontFamily: FONT_FAMILY, fontSize: 12 },
  ...option,
});

const labelAxis = (names: string[]) => ({
  type: 'category',
  data: names,
  inverse: true,
  axisTick: { show: false },
  axisLabel: { width: 170, overflow: 'truncate', fontSize: 12, color: '#333' },
});

/** Clock times in the service's time zone, which need not be the browser's. */
export function clockTime(ms: number, lang: Lang, timeZone: string | undefined, seconds = false): string {
  return new Date(ms).toLocaleTimeString(lang === 'ja' ? 'ja-JP' : 'en-GB', { timeZone, hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}) });
}

/** A colour at partial opacity, for the fill only (ECharts' opacity would fade the bar's label too). */
function fade(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

export function rateOverDayOption(points: RatePoint[], categories: Named[], lang: Lang, target: number, timeZone: string | undefined): EChartsCoreOption {
  return base({
    grid: { left: 44, right: 44, top: 50, bottom: 24 },
    legend: { top: 0, type: 'plain', itemWidth: 14, itemHeight: 8, itemGap: 8, textStyle: { fontSize: 11, width: 118, overflow: 'truncate' } },
    tooltip: { trigger: 'axis', confine: true, valueFormatter: (v: unknown) => percent(typeof v === 'number' ? v : null) },
    xAxis: {
      type: 'time',
      axisLabel: { hideOverlap: true, fontSize: 11, formatter: (v: number) => clockTime(v, lang, timeZone, points.length > 0 && points.at(-1)!.t - points[0]!.t < 600_000) },
      splitLine: { show: false },
    },
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` }, splitLine: { lineStyle: { color: '#EEE' } } },
    series: categories.map((c, i) => ({
      type: 'line',
      name: c.label[lang],
      // dots while the curve is short, so a lone point (the first minutes) is visible
      showSymbol: points.length <= 60,
      symbolSize: 4,
      connectNulls: false,
      lineStyle: { width: 2 },
      color: categoryColour(i),
      data: points.map((p) => [p.t, p.rates[c.id] ?? null]),
      ...(i === 0
        ? { markLine: { silent: true, symbol: 'none', lineStyle: { color: TARGET, type: 'dashed' }, label: { formatter: t(lang, 'target'), position: 'end', color: TARGET, fontSize: 11 }, data: [{ yAxis: target }] } }
        : {}),
    })),
  });
}

export function linesOption(snap: LiveSnapshot, organisations: Named[], lang: Lang): EChartsCoreOption {
  const names = new Map(organisations.map((o) => [o.id, o.label[lang]]));
  const orgs = snap.organisations;
  const stack = (name: string, colour: string, value: (o: LiveSnapshot['organisations'][number]) => number) => ({
    type: 'bar',
    name,
    stack: 'lines',
    color: colour,
    barWidth: '60%',
    data: orgs.map(value),
  });
  return base({
    grid: { left: 180, right: 56, top: 26, bottom: 18 },
    legend: { top: 0, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#EEE' } } },
    yAxis: labelAxis(orgs.map((o) => names.get(o.organisation) ?? o.organisation)),
    series: [
      stack(t(lang, 'busy'), BUSY, (o) => o.busy),
      stack(t(lang, 'free'), FREE, (o) => Math.max(0, o.onDuty - o.busy)),
      {
        ...stack(t(lang, 'offDuty'), OFF_DUTY, (o) => Math.max(0, o.lines - Math.max(o.onDuty, o.busy))),
        label: { show: true, position: 'right', color: '#222', fontWeight: 'bold', formatter: (p: { dataIndex: number }) => `${orgs[p.dataIndex]!.busy} / ${orgs[p.dataIndex]!.onDuty}` },
      },
    ],
  });
}

export function attemptsOption(snap: LiveSnapshot, categories: Named[], lang: Lang): EChartsCoreOption {
  const figures = categories.map((c) => snap.categories.find((x) => x.category === c.id)?.windows.lastHour);
  return base({
    grid: { left: 180, right: 48, top: 26, bottom: 18 },
    legend: { top: 0, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#EEE' } } },
    yAxis: labelAxis(categories.map((c) => c.label[lang])),
    series: [
      {
        type: 'bar',
        name: t(lang, 'answered'),
        stack: 'attempts',
        barWidth: '60%',
        color: '#555',
        data: figures.map((f, i) => ({ value: f?.answered ?? 0, itemStyle: { color: categoryColour(i) } })),
      },
      {
        type: 'bar',
        name: t(lang, 'notAnswered'),
        stack: 'attempts',
        color: '#CCC',
        data: figures.map((f, i) => ({ value: (f?.attempts ?? 0) - (f?.answered ?? 0), itemStyle: { color: fade(categoryColour(i), 0.3) } })),
        label: { show: true, position: 'right', color: '#222', fontWeight: 'bold', formatter: (p: { dataIndex: number }) => String(figures[p.dataIndex]?.attempts ?? 0) },
      },
    ],
  });
}
