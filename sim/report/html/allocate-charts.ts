/**
 * The allocate page: lines per pool now and as recommended, the answer rate per category
 * under each (with the minimum rates asked for), the paired change, whether the minimums can
 * be met, and how sure the choice of allocation is.
 */
import type { AllocationResult } from '../../experiments/allocate.ts';
import { baseOption, barSeries, categoryAxis, valueAxis, type Chart, type Series } from './chart.ts';
import { differencesChart, differenceTable, scenarioRatesChart } from './compare-charts.ts';
import { percent, pointsWithCi, rateWithCi } from '../format.ts';
import type { Page, Table } from './page.ts';
import { scenarioColour } from './palette.ts';

export interface AllocateContext {
  scenario?: string;
  /** Definitions from the run's report, if at hand. */
  definitions?: Array<[string, string]>;
}

const CURRENT = 'Current 現状';
const RECOMMENDED = 'Recommended 推奨';

const allocation = (a: Record<string, number>): string =>
  Object.entries(a)
    .map(([pool, n]) => `${pool} ${n}`)
    .join(', ');

export function poolLinesChart(r: AllocationResult): Chart {
  const label = { show: true, position: 'right', fontSize: 12, color: '#222' };
  return {
    id: 'allocate-lines',
    title: `Lines per pool: current and recommended (回線配分), ${r.totalLines} lines in all`,
    height: 90 + r.pools.length * 64,
    option: baseOption({
      legend: { top: 0, data: [CURRENT, RECOMMENDED] },
      grid: { left: 16, right: 48, top: 40, bottom: 40, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      yAxis: categoryAxis(r.pools.map((p) => p.id), { inverse: true }),
      xAxis: valueAxis('count', { minInterval: 1, name: 'Lines 回線', axisLabel: {} }),
      series: [
        barSeries(CURRENT, r.pools.map((p) => p.current), { color: scenarioColour(0), label }),
        barSeries(RECOMMENDED, r.pools.map((p) => p.recommended), { color: scenarioColour(1), label }),
      ],
    }),
  };
}

/** Minimum rates as marks on the rate chart, at each constrained category's row. */
function minimumMarks(r: AllocationResult, rows: ReadonlyArray<{ id: string }>): Series[] {
  const data = r.constraints.flatMap((c) => {
    const i = rows.findIndex((g) => g.id === c.category);
    return i < 0 ? [] : [{ value: [c.min, i], title: `Minimum ${percent(c.min)}`, label: { formatter: `min ${percent(c.min)}` } }];
  });
  if (data.length === 0) return [];
  return [
    {
      type: 'scatter',
      name: 'Minimum answer rate 最低応答率',
      data,
      symbol: 'rect',
      symbolSize: [4, 44],
      color: '#B00020',
      z: 12,
      tooltip: { show: false },
      label: { show: true, position: 'top', color: '#B00020', fontWeight: 'bold', fontSize: 12 },
    },
  ];
}

export function constraintsTable(r: AllocationResult): Table {
  return {
    caption: r.feasible ? 'Minimum answer rates 最低応答率: all met' : `Minimum answer rates 最低応答率: CANNOT all be met with ${r.totalLines} lines`,
    head: ['Category 分野', 'Minimum', 'Recommended allocation (95 % CI)', 'Met', 'Best achievable for this category alone'],
    align: ['l', 'r', 'r', 'l', 'l'],
    strong: r.constraints.flatMap((c, i) => (c.met ? [] : [i])),
    rows: r.constraints.map((c) => [
      c.category,
      percent(c.min),
      rateWithCi(c.rate),
      c.met ? 'yes ✔' : 'NO',
      c.bestAchievable ? `${rateWithCi(c.bestAchievable.rate)} with ${allocation(c.bestAchievable.lines)}` : '',
    ]),
  };
}

function decisionText(r: AllocationResult): string {
  const d = r.decision;
  if (d.runnerUp === null || d.difference === null) return 'Only one allocation was possible or in the running.';
  const diff = d.difference.difference;
  const shown = r.feasible
    ? `${diff.mean! >= 0 ? '+' : ''}${diff.mean!.toFixed(1)}${diff.ci95 ? ` [${diff.ci95[0].toFixed(1)}, ${diff.ci95[1].toFixed(1)}]` : ''} ${r.goal === 'answered' ? 'answered attempts' : 'weighted answered attempts'} per replication`
    : `shortfall against the minimum rates smaller by ${pointsWithCi(diff)}`;
  return d.significant
    ? `Significantly better than the runner-up (${allocation(d.runnerUp)}): ${shown}.`
    : `TIE: after ${r.replications} replications it cannot be told apart from ${d.tiedWith.map((a) => `(${allocation(a)})`).join(', ')}: ${shown}. Any of them will do.`;
}

export function allocatePage(r: AllocationResult, context: AllocateContext = {}): Page {
  const rows = r.comparison.map((g) => ({ id: g.id, label: g.label }));
  const rates = r.comparison.map((g) => g.figures.answerRate);
  const facts: Array<[string, string]> = [];
  if (context.scenario) facts.push(['Scenario シナリオ', context.scenario]);
  facts.push(
    ['Lines 回線数', `${r.totalLines} across ${r.pools.map((p) => p.id).join(', ')}`],
    ['Goal 目的', r.goal === 'answered' ? 'most answered attempts' : `most weighted answered attempts (${allocation(r.weights)})`],
    ['Recommended 推奨配分', allocation(r.recommended)],
    ['Decision 判定', decisionText(r)],
    ['Seed 乱数シード', String(r.seed)],
    ['Replications 反復回数', `${r.replications} paired (common random numbers)`],
    ['Search 探索', `greedy on the Erlang estimate gave ${allocation(r.search.greedy)}; ${r.search.simulatedAllocations} allocations simulated in ${r.search.rounds} round(s)`],
  );
  const definitions: Array<[string, string]> = [
    ['Answer rate 応答率', 'answered attempts ÷ attempts (応答率 = 接続完了 ÷ 呼出件数), the definition the #9999 trial used. Every redial is a new attempt.'],
    ['Change 変化', 'recommended − current per replication, on the same random numbers (paired); significant when its 95 % CI excludes 0. In percentage points.'],
    ['95 % CI 信頼区間', 'Student-t 95 % confidence interval of the mean over independent replications'],
    ...(context.definitions ?? []),
  ];
  return {
    title: 'Line allocation',
    titleJa: '回線配分の推奨',
    facts,
    definitions,
    sections: [
      { heading: 'Lines 回線', charts: [poolLinesChart(r)], tables: [] },
      {
        heading: 'Answer rate 応答率',
        charts: [
          scenarioRatesChart(
            {
              id: 'allocate-rates',
              title: 'Answer rate per category: current and recommended allocation, with minimums asked for',
              note: 'Bars: mean answer rate; whiskers: 95 % CI. Red marks: minimum answer rates given with --min-rate.',
            },
            rows,
            [
              { name: CURRENT, stats: rates.map((f) => f.base) },
              { name: RECOMMENDED, stats: rates.map((f) => f.variant) },
            ],
            minimumMarks(r, rows),
          ),
          differencesChart(
            {
              id: 'allocate-difference',
              title: 'Change in answer rate, recommended − current, percentage points (変化, ポイント)',
              axisName: 'Recommended − current, percentage points ポイント',
              note: 'Paired on common random numbers. Solid bars with a dark outline are significant (95 % CI excludes 0); pale bars are not.',
            },
            rows,
            [{ name: RECOMMENDED, colour: scenarioColour(1), diffs: rates }],
          ),
        ],
        tables: [
          differenceTable('Answer rate: current against recommended', r.comparison, { base: CURRENT, variant: RECOMMENDED }),
          ...(r.constraints.length > 0 ? [constraintsTable(r)] : []),
        ],
      },
    ],
  };
}
