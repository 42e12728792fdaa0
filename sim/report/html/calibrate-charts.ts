/**
 * The calibrate page: where each fitted parameter sits within its bounds (with its
 * approximate 95 % interval and whether the data pin it down), and how far the fitted model
 * is from each observed figure.
 */
import type { CalibrationResult, Identification } from '../../experiments/calibrate.ts';
import { baseOption, categoryAxis, errorBarSeries, fn, valueAxis, type Chart } from './chart.ts';
import type { Page, Table } from './page.ts';

export interface CalibrateContext {
  scenario?: string;
}

const IDENTIFICATION_COLOURS: Readonly<Record<Identification, string>> = {
  'pinned down': '#2E8B57',
  'weakly identified': '#FF9F1C',
  'not identified': '#8C8C8C',
};

export function number(x: number): string {
  return Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : Number.isInteger(x) ? String(x) : x.toPrecision(4);
}

/** A long scenario path on two lines, broken after a selector or at a middle dot. */
export function wrapPath(path: string): string {
  if (path.length <= 32) return path;
  const selector = path.indexOf('].');
  if (selector > 0) return `${path.slice(0, selector + 1)}\n${path.slice(selector + 1)}`;
  const dot = path.indexOf('.', Math.floor(path.length / 2));
  return dot > 0 ? `${path.slice(0, dot)}\n${path.slice(dot)}` : path;
}

/** Share of the way from min to max. */
const within = (x: number, min: number, max: number): number => (max > min ? (x - min) / (max - min) : 0.5);

export function parametersChart(r: CalibrationResult): Chart {
  const ps = r.parameters;
  const fitted = ps.map((p, i) => ({
    value: [within(p.fitted, p.min, p.max), i],
    title: p.path,
    itemStyle: { color: IDENTIFICATION_COLOURS[p.identification] },
    label: { formatter: number(p.fitted) },
    more: [
      `Fitted: ${number(p.fitted)}${p.ci95 ? ` (95 % CI ${number(p.ci95[0])} – ${number(p.ci95[1])})` : ''}`,
      `Start: ${number(p.start)}; bounds ${number(p.min)} – ${number(p.max)}`,
      `${p.identification}${p.reason ? `: ${p.reason}` : ''}`,
    ],
  }));
  const ci: Array<[number, number, number]> = ps.flatMap((p, i) => (p.ci95 ? [[i, within(p.ci95[0], p.min, p.max), within(p.ci95[1], p.min, p.max)] as [number, number, number]] : []));
  return {
    id: 'calibrate-parameters',
    title: 'Fitted parameters within their bounds (推定値と範囲)',
    height: 100 + 64 * ps.length,
    note: 'Each row runs from the parameter’s lower bound (left) to its upper bound (right). Filled dot: fitted value, coloured by identification (green pinned down, orange weakly identified, grey not identified); whiskers: approximate 95 % interval; hollow dot: start value.',
    option: baseOption({
      legend: { top: 0, data: ['Fitted 推定値', 'Start 初期値'] },
      grid: { left: 16, right: 40, top: 40, bottom: 48, containLabel: true },
      tooltip: { trigger: 'item', formatter: fn('ciTooltip', { hideValue: true }) },
      yAxis: categoryAxis(ps.map((p) => wrapPath(p.path)), { inverse: true }),
      xAxis: valueAxis('percent', { min: 0, max: 1, name: 'Position within bounds (min → max)' }),
      series: [
        {
          type: 'scatter',
          name: 'Fitted 推定値',
          data: fitted,
          symbolSize: 14,
          z: 12,
          color: IDENTIFICATION_COLOURS['pinned down'],
          label: { show: true, position: 'top', fontWeight: 'bold', fontSize: 12, color: '#222' },
        },
        errorBarSeries('95 % interval', ci, { index: 0, count: 1, horizontal: true }),
        {
          type: 'scatter',
          name: 'Start 初期値',
          data: ps.map((p, i) => ({ value: [within(p.start, p.min, p.max), i], title: p.path, more: [`Start: ${number(p.start)}`] })),
          symbol: 'emptyCircle',
          symbolSize: 10,
          color: '#555555',
          z: 11,
        },
      ],
    }),
  };
}

export function residualsChart(r: CalibrationResult): Chart {
  const xs = r.residuals;
  return {
    id: 'calibrate-residuals',
    title: 'Residuals: simulated against observed (残差)',
    height: 100 + 44 * xs.length,
    note: 'Counts: relative difference (simulated ÷ observed − 1) in %; rates: difference in percentage points. The fit minimises their sum of squares.',
    option: baseOption({
      legend: { show: false },
      grid: { left: 16, right: 48, top: 16, bottom: 48, containLabel: true },
      tooltip: { trigger: 'item', formatter: fn('ciTooltip', { format: 'signed' }) },
      yAxis: categoryAxis(xs.map((x) => wrapPath(x.figure)), { inverse: true }),
      xAxis: valueAxis('signed', { name: 'Residual (% for counts, points for rates)' }),
      series: [
        {
          type: 'bar',
          name: 'Residual 残差',
          barCategoryGap: '35%',
          data: xs.map((x) => ({
            value: x.residual,
            title: x.figure,
            itemStyle: { color: x.kind === 'count' ? '#0072B2' : '#E69F00' },
            more: [
              `Observed: ${number(x.observed)}`,
              `Simulated: ${x.simulated.mean === null ? '—' : number(x.simulated.mean)}${x.simulated.ci95 ? ` (95 % CI ${number(x.simulated.ci95[0])} – ${number(x.simulated.ci95[1])})` : ''}`,
              x.kind === 'count' ? 'count: relative residual' : 'rate: residual in points',
            ],
          })),
        },
      ],
    }),
  };
}

export function parametersTable(r: CalibrationResult): Table {
  return {
    caption: 'Parameters パラメータ',
    head: ['Parameter', 'Start', 'Fitted', '95 % CI', 'Bounds', 'Identified', 'Why not / collinear with'],
    align: ['l', 'r', 'r', 'r', 'r', 'l', 'l'],
    rows: r.parameters.map((p) => [
      p.path,
      number(p.start),
      number(p.fitted),
      p.ci95 ? `${number(p.ci95[0])}–${number(p.ci95[1])}` : '—',
      `${number(p.min)}–${number(p.max)}`,
      p.identification,
      [p.reason ?? '', p.collinearWith.length > 0 ? `collinear with ${p.collinearWith.join(', ')}` : ''].filter(Boolean).join('; '),
    ]),
  };
}

export function residualsTable(r: CalibrationResult): Table {
  return {
    caption: 'Observed figures 観測値',
    head: ['Figure', 'Observed', 'Simulated (95 % CI)', 'Residual'],
    align: ['l', 'r', 'r', 'r'],
    rows: r.residuals.map((x) => {
      const s = x.simulated;
      return [
        x.figure,
        number(x.observed),
        s.mean === null ? '—' : `${number(s.mean)}${s.ci95 ? ` [${number(s.ci95[0])}–${number(s.ci95[1])}]` : ''}`,
        x.kind === 'count' ? `${(100 * x.residual).toFixed(1)} %` : `${(100 * x.residual).toFixed(1)} pts`,
      ];
    }),
  };
}

export function calibratePage(r: CalibrationResult, context: CalibrateContext = {}): Page {
  const facts: Array<[string, string]> = [];
  if (context.scenario) facts.push(['Scenario シナリオ', context.scenario]);
  facts.push(
    ['Seed 乱数シード', String(r.seed)],
    ['Replications 反復回数', `${r.replications} per evaluated point (common random numbers)`],
    ['Evaluations 評価回数', String(r.evaluations)],
    ['Objective 目的関数', r.objective.toPrecision(3)],
  );
  return {
    title: 'Calibration',
    titleJa: 'キャリブレーション',
    facts,
    definitions: [
      ['Answer rate 応答率', 'answered attempts ÷ attempts (応答率 = 接続完了 ÷ 呼出件数), the definition the #9999 trial used. Every redial is a new attempt.'],
      ['Residual 残差', 'counts: simulated ÷ observed − 1; rates: simulated − observed. The objective is the sum of their squares.'],
      ['Identification 識別性', 'from the local Jacobian of the residuals: pinned down, weakly identified (wide interval or collinear with another parameter), or not identified (the figures do not move with it).'],
      ['95 % interval', 'approximate, from the local Jacobian at the fit, clipped to the bounds'],
    ],
    sections: [
      { heading: 'Parameters パラメータ', charts: [parametersChart(r)], tables: [parametersTable(r)] },
      { heading: 'Fit 適合', charts: [residualsChart(r)], tables: [residualsTable(r)] },
    ],
  };
}
