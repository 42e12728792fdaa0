/**
 * The run page: answer rate per category with 95 % CIs, a heat map of answer rate by local
 * hour × category, lines busy and staffed over the horizon per organisation, outcomes per
 * category, and the figures as tables.
 */
import type { Label } from '../../../core/scenario/schema.ts';
import type { Report } from '../report.ts';
import type { Stat } from '../stat.ts';
import { baseOption, barSeries, categoryAxis, ciItem, ciRows, endLabelSeries, errorBarSeries, fn, valueAxis, type Chart, type Series } from './chart.ts';
import { bilingual, OVERALL_LABEL, twoLines } from './labels.ts';
import { count, decimal, percent, rateWithCi } from '../format.ts';
import { OUTCOME_LABELS, ROUTED_OUTCOMES } from './outcomes.ts';
import type { Page, Section, Table } from './page.ts';
import { categoryColour, HEAT_SCALE, NO_DATA_COLOUR, organisationColour, OUTCOME_COLOURS, OVERALL_COLOUR } from './palette.ts';

/** What the report itself does not hold but the page can show when the caller knows it. */
export interface RunContext {
  horizon?: { start: string; timeZone: string; days: number; warmupHours?: number };
}

const HOUR_MS = 3_600_000;

interface Group {
  id: string;
  label: Label;
  colour: string;
}

function categoryGroups(report: Report): Group[] {
  return Object.entries(report.categories).map(([id, c], i) => ({ id, label: c.label, colour: categoryColour(i) }));
}

export function answerRateChart(report: Report): Chart {
  const groups = [...categoryGroups(report), { id: 'overall', label: OVERALL_LABEL, colour: OVERALL_COLOUR }];
  const stats = groups.map((g) => (g.id === 'overall' ? report.overall.answerRate : report.categories[g.id]!.answerRate));
  const data = stats.map((s, i) => ({ ...ciItem(s), itemStyle: { color: groups[i]!.colour } }));
  return {
    id: 'answer-rate',
    title: 'Answer rate per category (応答率) with 95 % CI',
    height: 90 + 56 * groups.length,
    note: 'Bars: mean over replications; whiskers: 95 % confidence interval. Categories count attempts by the option chosen in the menu; the overall row also counts attempts that ended in the menu.',
    option: baseOption({
      legend: { show: false },
      grid: { left: 16, right: 48, top: 10, bottom: 40, containLabel: true },
      tooltip: { trigger: 'item', formatter: fn('ciTooltip', { format: 'percent' }) },
      yAxis: categoryAxis(groups.map((g) => twoLines(g.label)), { inverse: true }),
      xAxis: valueAxis('percent', { min: 0, max: 1, name: 'Answer rate 応答率' }),
      series: [
        barSeries('Answer rate 応答率', data),
        errorBarSeries('95 % CI', ciRows(stats), { index: 0, count: 1, horizontal: true }),
        endLabelSeries(stats, (s) => percent(s.mean)),
      ],
    }),
  };
}

/** Rate = mean answered / mean attempts in that local hour; grey where no attempts. */
export function hourlyHeatmap(report: Report): Chart {
  const groups = categoryGroups(report);
  const cells: unknown[] = [];
  const empty: unknown[] = [];
  groups.forEach((g, c) => {
    const h = report.hourly[g.id];
    for (let hour = 0; hour < 24; hour++) {
      const attempts = h?.attempts[hour];
      const answered = h?.answered[hour];
      const title = `${bilingual(g.label)} — ${hour}:00–${hour + 1}:00`;
      const more = [`Attempts 呼出件数: ${count(attempts)}`, `Answered 応答: ${count(answered)}`];
      if (!attempts?.mean || answered?.mean === null || answered?.mean === undefined) {
        empty.push({ value: [hour, c, null], title, more: ['No attempts in this hour 呼出なし'] });
      } else {
        cells.push({ value: [hour, c, answered.mean / attempts.mean], title, more });
      }
    }
  });
  return {
    id: 'hourly',
    title: 'Answer rate by local hour of arrival × category (時間帯別応答率)',
    height: 130 + 54 * groups.length,
    note: 'Each cell: mean answered ÷ mean attempts arriving in that local hour, over all days of the horizon. Grey: no attempts in that hour.',
    option: baseOption({
      legend: { show: false },
      grid: { left: 16, right: 24, top: 10, bottom: 70, containLabel: true },
      tooltip: { trigger: 'item', formatter: fn('ciTooltip', { format: 'percent', dim: 2 }) },
      xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, h) => String(h)), name: 'Local hour 時 (0–23)', nameLocation: 'middle', nameGap: 26, splitArea: { show: false } },
      yAxis: categoryAxis(groups.map((g) => twoLines(g.label)), { inverse: true }),
      visualMap: {
        seriesIndex: 0,
        min: 0,
        max: 1,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemWidth: 14,
        itemHeight: 240,
        text: ['100 %', '0 %  answer rate 応答率'],
        inRange: { color: [...HEAT_SCALE] },
        formatter: fn('percent0'),
      },
      series: [
        {
          type: 'heatmap',
          name: 'Answer rate 応答率',
          data: cells,
          label: { show: true, fontSize: 11, formatter: fn('cellPercent') },
          itemStyle: { borderColor: '#fff', borderWidth: 1 },
          emphasis: { itemStyle: { borderColor: '#000', borderWidth: 1 } },
        },
        { type: 'heatmap', name: 'No attempts', data: empty, itemStyle: { color: NO_DATA_COLOUR, borderColor: '#fff', borderWidth: 1 } },
      ],
    }),
  };
}

/** "2022-07-07T00:00" as milliseconds, reading the local time as if it were UTC (the page draws in UTC). */
export function localMillis(start: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(start);
  if (!m) throw new Error(`not a local date-time: ${start}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
}

/** One panel per organisation (small multiples on a shared, zoomable time axis). */
export function linesBusyChart(report: Report, context: RunContext = {}): Chart {
  const start = context.horizon ? localMillis(context.horizon.start) : null;
  const x = (hour: number): number => (start === null ? hour : start + hour * HOUR_MS);
  const hours = hoursOf(report);
  const orgs = Object.entries(report.linesBusy);
  const top = 36;
  const panel = 128;
  const gap = 34;
  const series: Series[] = [];
  const names: Record<string, string> = {};
  const grids: unknown[] = [];
  const xAxes: unknown[] = [];
  const yAxes: unknown[] = [];
  const titles: unknown[] = [];
  orgs.forEach(([id, lines], i) => {
    const org = report.organisations[id];
    const name = org ? bilingual(org.label) : id;
    const colour = organisationColour(i);
    const last = i === orgs.length - 1;
    const gridTop = top + i * (panel + gap) + 22;
    grids.push({ left: 64, right: 32, top: gridTop, height: panel - 22 });
    titles.push({ text: name, left: 64, top: gridTop - 22, textStyle: { fontSize: 13, fontWeight: 600, color: '#333' } });
    xAxes.push({
      gridIndex: i,
      type: start === null ? 'value' : 'time',
      min: x(0),
      max: x(hours),
      axisLabel: { show: last, hideOverlap: true, ...(start === null ? {} : { formatter: { day: '{MM}-{dd}', hour: '{HH}:{mm}' } }) },
      axisTick: { show: last },
      splitLine: { show: true, lineStyle: { color: '#EEEEEE' } },
      ...(last ? { name: start === null ? 'Hours from start 開始からの時間' : `Local time 現地時刻 (${context.horizon!.timeZone})`, nameLocation: 'middle', nameGap: 28 } : {}),
    });
    yAxes.push({ gridIndex: i, type: 'value', minInterval: 1, splitNumber: 2, splitLine: { lineStyle: { color: '#EEEEEE' } }, axisLabel: { fontSize: 11 } });
    const points = (stats: Stat[]): unknown[] => stats.map((s, h) => ({ value: [x(h), s.mean], ci: s.ci95 }));
    names[`busy:${id}`] = `${name} — busy 通話中`;
    names[`staffed:${id}`] = `${name} — staffed 稼働`;
    const common = { type: 'line', step: 'start', showSymbol: false, xAxisIndex: i, yAxisIndex: i };
    series.push({ ...common, id: `busy:${id}`, name: BUSY, data: points(lines.busy), color: colour, lineStyle: { width: 1.5 }, areaStyle: { opacity: 0.25 } });
    series.push({ ...common, id: `staffed:${id}`, name: STAFFED, data: points(lines.staffed), color: '#555555', lineStyle: { width: 1.2, type: 'dashed' } });
  });
  const all = orgs.map((_, i) => i);
  const height = top + orgs.length * (panel + gap) + 70;
  return {
    id: 'lines-busy',
    title: `Lines busy and staffed per organisation over the horizon${start === null ? '' : ' (local time)'} — 団体別 通話中・稼働回線数`,
    height,
    note: 'Shaded: mean lines busy in each hour; dashed: mean lines staffed. Scroll or drag the slider at the bottom to zoom in time; every panel follows.',
    option: baseOption({
      useUTC: true,
      title: titles,
      legend: { top: 0, data: [BUSY, STAFFED] },
      grid: grids,
      xAxis: xAxes,
      yAxis: yAxes,
      axisPointer: { link: [{ xAxisIndex: 'all' }] },
      tooltip: { trigger: 'axis', formatter: fn('ciTooltip', { format: 'decimal2', dim: 1, names }) },
      dataZoom: [
        { type: 'inside', xAxisIndex: all },
        { type: 'slider', xAxisIndex: all, height: 20, bottom: 6, ...(start === null ? {} : { labelFormatter: '' }) },
      ],
      series,
    }),
  };
}

const BUSY = 'Lines busy 通話中';
const STAFFED = 'Lines staffed 稼働回線';

function hoursOf(report: Report): number {
  return Math.max(0, ...Object.values(report.linesBusy).map((l) => l.busy.length));
}

export function outcomesChart(report: Report): Chart {
  const groups = categoryGroups(report);
  const series: Series[] = ROUTED_OUTCOMES.map((o) =>
    barSeries(
      OUTCOME_LABELS[o],
      groups.map((g) => {
        const f = report.categories[g.id]!;
        const share = f.attempts.mean ? (f.outcomes[o].mean ?? 0) / f.attempts.mean : null;
        return ciItem(f.outcomes[o], { more: [`${percent(share)} of attempts`] });
      }),
      { stack: 'outcomes', color: OUTCOME_COLOURS[o], emphasis: { focus: 'series' } },
    ),
  );
  return {
    id: 'outcomes',
    title: 'Outcomes of attempts per category (分野別の結果)',
    height: 110 + 56 * groups.length,
    note: 'Mean attempts per replication by how they ended, by the category chosen in the menu. Attempts that ended in the menu have no category and appear in the table’s overall row only.',
    option: baseOption({
      grid: { left: 16, right: 40, top: 40, bottom: 40, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: fn('ciTooltip', { format: 'count' }) },
      yAxis: categoryAxis(groups.map((g) => twoLines(g.label)), { inverse: true }),
      xAxis: valueAxis('count', { name: 'Attempts per replication 呼出件数', axisLabel: {} }),
      series,
    }),
  };
}

export function figuresTable(report: Report): Table {
  const rows = [...categoryGroups(report).map((g) => ({ label: g.label, f: report.categories[g.id]! })), { label: OVERALL_LABEL, f: report.overall }];
  return {
    caption: 'Figures per category (means over replications; 95 % CI in brackets)',
    head: ['分野 / Category', 'Attempts\n呼出件数', 'Answered\n応答', 'Answer rate (95 % CI)\n応答率', 'Busy\n話し中', 'Gave up in queue\n待ち中に切断', 'Closed\n時間外', 'Callers ever answered', 'Mean wait s', 'Wait p90 s', 'Service level'],
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    strong: [rows.length - 1],
    rows: rows.map(({ label, f }) => [
      twoLines(label),
      count(f.attempts),
      count(f.answered),
      rateWithCi(f.answerRate),
      count(f.outcomes.blocked),
      count(f.outcomes.abandoned_in_queue),
      count(f.outcomes.closed),
      percent(f.callersAnsweredShare.mean),
      decimal(f.waitMean),
      decimal(f.waitP90),
      percent(f.serviceLevel.mean),
    ]),
  };
}

export function organisationsTable(report: Report): Table {
  return {
    caption: 'Organisations 団体 (means over replications)',
    head: ['団体 / Organisation', 'Answered 応答', 'Occupancy (busy ÷ staffed line time), 95 % CI'],
    align: ['l', 'r', 'r'],
    rows: Object.values(report.organisations).map((o) => [twoLines(o.label), count(o.answered), rateWithCi(o.occupancy)]),
  };
}

export function runPage(report: Report, context: RunContext = {}): Page {
  const h = context.horizon;
  const facts: Array<[string, string]> = [
    ['Scenario シナリオ', report.scenario],
    ['Seed 乱数シード', String(report.seed)],
    ['Replications 反復回数', String(report.replications)],
  ];
  if (h) facts.push(['Horizon 期間', `${h.days} days from ${h.start.replace('T', ' ')} (${h.timeZone})${h.warmupHours ? `, first ${h.warmupHours} h not counted (warm-up)` : ''}`]);
  facts.push(['Answer rate, all attempts 全体の応答率', rateWithCi(report.overall.answerRate)]);
  const sections: Section[] = [
    { heading: 'Answer rate 応答率', charts: [answerRateChart(report)], tables: [figuresTable(report)] },
    { heading: 'By hour of day 時間帯別', charts: [hourlyHeatmap(report)], tables: [] },
    { heading: 'Lines 回線', charts: [linesBusyChart(report, context)], tables: [organisationsTable(report)] },
    { heading: 'Outcomes 結果', charts: [outcomesChart(report)], tables: [] },
  ];
  return { title: 'Simulation report', titleJa: 'シミュレーション結果', facts, definitions: definitions(report.definitions), sections };
}

/** The answer-rate definition first (bilingual), then the report's own, then the CI method. */
export function definitions(fromReport: Record<string, string>): Array<[string, string]> {
  const out: Array<[string, string]> = [['Answer rate 応答率', 'answered attempts ÷ attempts (応答率 = 接続完了 ÷ 呼出件数), the definition the #9999 trial used. Every redial is a new attempt.']];
  for (const [key, text] of Object.entries(fromReport)) if (key !== 'answerRate') out.push([key, text]);
  out.push(['95 % CI 信頼区間', 'Student-t 95 % confidence interval of the mean over independent replications; none with fewer than two replications.']);
  return out;
}
