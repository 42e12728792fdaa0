/**
 * HTML reports: the chart options hold the figures of real (small) results, the page inlines
 * ECharts and links nothing outside itself, and text from scenario files cannot close the
 * page's <script> elements. With Chromium at /usr/bin/chromium (required when
 * REQUIRE_BROWSER=1), every kind of page is opened headless and must draw every chart
 * without a console error.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../../sim/io/load-scenario.ts';
import { writeHtmlPage } from '../../../cli/html-output.ts';
import { echartsJs } from '../../../sim/report/html/echarts-source.ts';
import { compareScenarios, type Comparison } from '../../../sim/experiments/compare.ts';
import { gridPoints, runSweep, type SweepResult } from '../../../sim/experiments/sweep.ts';
import type { ChartOption, Series } from '../../../sim/report/html/chart.ts';
import { comparedRatesChart, comparePage, differenceChart } from '../../../sim/report/html/compare-charts.ts';
import { pageCharts, renderPage, scriptJson, type Page } from '../../../sim/report/html/page.ts';
import { answerRateChart, hourlyHeatmap, linesBusyChart, outcomesChart, runPage } from '../../../sim/report/html/run-charts.ts';
import { numericAxis, rankedChart, RANKED_SHOWN, shortAxisNames, shownPoints, sweepCurveChart, sweepPage } from '../../../sim/report/html/sweep-charts.ts';
import type { Report } from '../../../sim/report/report.ts';
import { runReplications } from '../../../sim/run/run-replications.ts';
import { createRunner } from '../../../sim/run/runner.ts';
import type { Scenario } from '../../../core/scenario/schema.ts';
import { buildScenario } from '../../support/scenario-builder.ts';
import { allocateLines, type AllocationResult } from '../../../sim/experiments/allocate.ts';
import { calibrate, ObservedSchema, type CalibrationResult } from '../../../sim/experiments/calibrate.ts';
import { allocatePage, poolLinesChart } from '../../../sim/report/html/allocate-charts.ts';
import { calibratePage, parametersChart, residualsChart } from '../../../sim/report/html/calibrate-charts.ts';

const LINES_PATH = 'pools[id=loneliness].lines[0].count';

let scenario: Scenario;
let report: Report;
let comparison: Comparison;
let lineSweep: SweepResult;
let menuSweep: SweepResult;
let allocation: AllocationResult;
let calibration: CalibrationResult;

/** Two busy-signal pools, a day and a half of calls: small enough to allocate and calibrate in seconds. */
const twoPools = buildScenario({
  name: 'two pools',
  days: 2,
  callersPerDay: 300,
  categories: { a: 0.6, b: 0.4 },
  labels: { a: { ja: '相談A', en: 'Concern A' }, b: { ja: '相談B', en: 'Concern B' }, org: { ja: '団体', en: 'Org' } },
  callers: { noInputProbability: 0 },
  lines: { pa: 2, pb: 2 },
  routes: { a: 'pa', b: 'pb' },
  calibration: { free: [{ path: 'arrivals.callersPerDay', min: 100, max: 600 }] },
});

beforeAll(async () => {
  scenario = await loadScenarioFile('scenarios/9999-like.json');
  const variant = await loadScenarioFile('scenarios/9999-like.under18-first.json');
  report = await runReplications(scenario, { seed: 3, replications: 3, threads: 1 });
  const runner = createRunner(1);
  try {
    comparison = await compareScenarios(scenario, [variant], { seed: 3, replications: 3, runner });
    const axes = [{ path: LINES_PATH, values: [1, 2, 4] }];
    lineSweep = await runSweep(scenario, axes, gridPoints(axes), { seed: 3, replications: 2, runner });
    const orders = [['1', '2', '3', '4', '5', '6'], ['4', '1', '2', '3', '5', '6'], ['6', '5', '4', '3', '2', '1']];
    menuSweep = await runSweep(scenario, [], gridPoints([], orders), { seed: 3, replications: 2, runner });
    allocation = await allocateLines(twoPools, { totalLines: 4, goal: 'answered', minRates: { b: 0.999 }, seed: 3, replications: 3, maxReplications: 6, runner });
    const observed = ObservedSchema.parse({ attempts: 700, answered: 420 });
    calibration = await calibrate(twoPools, observed, { seed: 3, replications: 2, runner, maxEvaluations: 8 });
  } finally {
    await runner.close();
  }
}, 120_000);

const bars = (o: ChartOption): Series[] => o.series.filter((s) => s.type === 'bar');
const customs = (o: ChartOption): Series[] => o.series.filter((s) => s.type === 'custom');
const values = (s: Series): unknown[] => s.data.map((d) => (d as { value: unknown }).value);
const cis = (s: Series): unknown[] => s.data.map((d) => (d as { ci: unknown }).ci);
const ciRowsOf = (stats: Array<{ ci95: [number, number] | null } | undefined>): unknown[] =>
  stats.flatMap((s, i) => (s?.ci95 ? [[i, s.ci95[0], s.ci95[1]]] : []));

describe('run page', () => {
  it('answer-rate bars are the report means, error bars its 95 % CIs, one per category then overall', () => {
    const { option } = answerRateChart(report);
    const ids = Object.keys(report.categories);
    const stats = [...ids.map((id) => report.categories[id]!.answerRate), report.overall.answerRate];
    const [bar] = bars(option);
    expect(values(bar!)).toEqual(stats.map((s) => s.mean));
    expect(cis(bar!)).toEqual(stats.map((s) => s.ci95));
    expect(customs(option)[0]!.data).toEqual(ciRowsOf(stats));
    expect(stats.every((s) => s.ci95 !== null)).toBe(true);
    const axis = option.yAxis as { data: string[] };
    expect(axis.data[0]).toBe('孤独・孤立での悩み\nWorries about loneliness or isolation');
    expect(axis.data.at(-1)).toBe('全体\nAll attempts');
  });

  it('heat map cells are answered ÷ attempts per local hour; hours without attempts go grey', () => {
    const { option } = hourlyHeatmap(report);
    const [cells, empty] = option.series;
    const ids = Object.keys(report.categories);
    expect(cells!.data.length + empty!.data.length).toBe(24 * ids.length);
    const h = report.hourly.suicidal!;
    const c = ids.indexOf('suicidal');
    const cell = cells!.data.find((d) => {
      const v = (d as { value: number[] }).value;
      return v[0] === 21 && v[1] === c;
    }) as { value: number[] };
    expect(cell.value[2]).toBeCloseTo(h.answered[21]!.mean! / h.attempts[21]!.mean!, 12);

    const quiet = structuredClone(report);
    quiet.hourly.suicidal!.attempts[4] = { mean: 0, ci95: null };
    const grey = hourlyHeatmap(quiet).option.series[1]!.data as Array<{ value: unknown[] }>;
    expect(grey.map((d) => d.value)).toContainEqual([4, c, null]);
  });

  it('lines busy and staffed: one busy and one staffed series per organisation, hourly from the horizon start', () => {
    const { option } = linesBusyChart(report, { horizon: scenario.horizon });
    const orgs = Object.keys(report.linesBusy);
    expect(option.series.map((s) => s.id)).toEqual(orgs.flatMap((id) => [`busy:${id}`, `staffed:${id}`]));
    const busy = option.series.find((s) => s.id === 'busy:npo-suicide')!;
    const stats = report.linesBusy['npo-suicide']!.busy;
    expect(busy.data).toHaveLength(8 * 24);
    const start = Date.UTC(2022, 6, 7, 0, 0);
    expect(values(busy)).toEqual(stats.map((s, h) => [start + h * 3_600_000, s.mean]));
    expect((option.xAxis as Array<{ type: string }>)[0]!.type).toBe('time');
    // without a horizon the axis counts hours
    const plain = linesBusyChart(report).option;
    expect((option.xAxis as unknown[]).length).toBe(orgs.length);
    expect((plain.xAxis as Array<{ type: string }>)[0]!.type).toBe('value');
    expect(values(plain.series[0]!)[5]).toEqual([5, report.linesBusy[orgs[0]!]!.busy[5]!.mean]);
  });

  it('outcomes stack answered, blocked, abandoned and closed per category', () => {
    const { option } = outcomesChart(report);
    const ids = Object.keys(report.categories);
    expect(option.series.map((s) => s.stack)).toEqual(['outcomes', 'outcomes', 'outcomes', 'outcomes']);
    const outcomes = ['answered', 'blocked', 'abandoned_in_queue', 'closed'] as const;
    outcomes.forEach((o, i) => expect(values(option.series[i]!)).toEqual(ids.map((id) => report.categories[id]!.outcomes[o].mean)));
  });

  it('the page states scenario, seed, replications, the answer-rate definition, and tabulates every category', () => {
    const page = runPage(report, { horizon: scenario.horizon });
    expect(page.facts).toContainEqual(['Scenario シナリオ', scenario.name]);
    expect(page.facts).toContainEqual(['Seed 乱数シード', '3']);
    expect(page.facts).toContainEqual(['Replications 反復回数', '3']);
    expect(page.definitions[0]![1]).toContain('answered attempts ÷ attempts');
    const table = page.sections[0]!.tables[0]!;
    expect(table.rows).toHaveLength(Object.keys(report.categories).length + 1);
    expect(pageCharts(page).map((c) => c.id)).toEqual(['answer-rate', 'hourly', 'lines-busy', 'outcomes']);
  });
});

describe('compare page', () => {
  it('grouped bars hold base and variant answer rates with CIs', () => {
    const { option } = comparedRatesChart(comparison);
    const ids = [...Object.keys(comparison.base.categories)];
    const [base, variant] = bars(option);
    const v = comparison.variants[0]!.report;
    expect(values(base!)).toEqual([...ids.map((id) => comparison.base.categories[id]!.answerRate.mean), comparison.base.overall.answerRate.mean]);
    expect(values(variant!)).toEqual([...ids.map((id) => v.categories[id]!.answerRate.mean), v.overall.answerRate.mean]);
    expect(cis(variant!)).toEqual([...ids.map((id) => v.categories[id]!.answerRate.ci95), v.overall.answerRate.ci95]);
    // error bars sit over bar 0 and bar 1 of 2
    expect(customs(option).map((s) => (s.renderItem as { args: { index: number; count: number } }).args)).toMatchObject([
      { index: 0, count: 2 },
      { index: 1, count: 2 },
    ]);
  });

  it('differences are the paired differences with their CIs; significant ones are solid and outlined', () => {
    const { option } = differenceChart(comparison);
    const groups = comparison.variants[0]!.groups;
    const [bar] = bars(option);
    const diffs = groups.map((g) => g.figures.answerRate);
    expect(values(bar!)).toEqual(diffs.map((d) => d.difference.mean));
    expect(cis(bar!)).toEqual(diffs.map((d) => d.difference.ci95));
    expect(customs(option)[0]!.data).toEqual(ciRowsOf(diffs.map((d) => d.difference)));
    const items = bar!.data as Array<{ significant: boolean; itemStyle: { borderWidth?: number; opacity?: number } }>;
    items.forEach((item, i) => {
      expect(item.significant).toBe(diffs[i]!.significant);
      if (item.significant) expect(item.itemStyle.borderWidth).toBeGreaterThan(0);
      else expect(item.itemStyle.opacity).toBeLessThan(1);
    });
    expect(diffs.some((d) => d.significant)).toBe(true);
  });

  it('the page names base, variant, seed and replications', () => {
    const page = comparePage(comparison);
    expect(page.facts).toContainEqual(['Base 基準シナリオ', scenario.name]);
    expect(page.facts).toContainEqual(['Variant 1 変更案', comparison.variants[0]!.name]);
    expect(page.sections[1]!.tables[0]!.rows).toHaveLength(comparison.variants[0]!.groups.length);
  });
});

describe('sweep page', () => {
  it('a one-axis numeric sweep draws answer rate against the value, a line and a CI band per category', () => {
    expect(numericAxis(lineSweep)).toBe(LINES_PATH);
    const { option } = sweepCurveChart(lineSweep, LINES_PATH);
    const line = option.series.find((s) => s.id === 'line:loneliness')!;
    const stats = lineSweep.points.map((p) => p.categories.loneliness!.answerRate);
    expect(values(line)).toEqual(stats.map((s, i) => [[1, 2, 4][i], s.mean]));
    expect(cis(line)).toEqual(stats.map((s) => s.ci95));
    const low = option.series.find((s) => s.id === 'band-low:loneliness')!;
    const width = option.series.find((s) => s.id === 'band-width:loneliness')!;
    expect(low.data).toEqual(stats.map((s, i) => [[1, 2, 4][i], s.ci95![0]]));
    width.data.forEach((d, i) => expect((d as number[])[1]).toBeCloseTo(stats[i]!.ci95![1] - stats[i]!.ci95![0], 12));
    // every category, then overall, has its line; more lines answer more loneliness calls
    expect(option.series.filter((s) => s.id?.toString().startsWith('line:'))).toHaveLength(lineSweep.categories.length + 1);
    expect(stats[2]!.mean!).toBeGreaterThan(stats[0]!.mean!);
    expect(sweepPage(lineSweep).sections[0]!.charts[0]!.id).toBe('sweep-curve');
  });

  it('menu-order sweeps rank points by answered attempts, with CIs', () => {
    expect(numericAxis(menuSweep)).toBeNull();
    const { option } = rankedChart(menuSweep);
    const [bar] = bars(option);
    const answered = values(bar!) as number[];
    expect(answered).toHaveLength(3);
    expect([...answered].sort((a, b) => b - a)).toEqual(answered);
    expect(answered).toEqual(
      menuSweep.points.map((p) => p.overall.answered.mean).sort((a, b) => b! - a!),
    );
    const page = sweepPage(menuSweep, { scenario: 'x' });
    expect(page.sections[0]!.charts[0]!.id).toBe('sweep-ranked');
    expect(page.sections[0]!.tables[0]!.rows).toHaveLength(3);
  });

  it('labels grid points with short setting names, unless they would collide', () => {
    expect(shortAxisNames([LINES_PATH, 'pools[id=general].lines[0].count', 'arrivals.callersPerDay'])).toEqual({
      [LINES_PATH]: 'loneliness.count',
      'pools[id=general].lines[0].count': 'general.count',
      'arrivals.callersPerDay': 'callersPerDay',
    });
    const clash = ['pools[id=a].lines[0].count', 'pools[id=a].lines[1].count'];
    expect(shortAxisNames(clash)).toEqual({ [clash[0]!]: clash[0], [clash[1]!]: clash[1] });
  });

  it('with many points, only the best and the worst are shown, with their ranks', () => {
    const many: SweepResult = {
      ...menuSweep,
      points: Array.from({ length: 30 }, (_, i) => ({
        ...menuSweep.points[0]!,
        label: `p${i}`,
        overall: { ...menuSweep.points[0]!.overall, answered: { mean: i, ci95: [i - 1, i + 1] } },
      })),
    };
    const shown = shownPoints(many);
    expect(shown).toHaveLength(RANKED_SHOWN);
    expect(shown.map((s) => s.rank)).toEqual([...Array.from({ length: 10 }, (_, i) => i + 1), ...Array.from({ length: 10 }, (_, i) => i + 21)]);
    expect(shown[0]!.point.label).toBe('p29');
    expect(shown.at(-1)!.point.label).toBe('p0');
  });
});

describe('allocate page', () => {
  it('shows current and recommended lines per pool, the rates with minimums, and the paired change', () => {
    const lines = poolLinesChart(allocation).option.series;
    expect(lines.map((s) => s.data)).toEqual([allocation.pools.map((p) => p.current), allocation.pools.map((p) => p.recommended)]);
    const page = allocatePage(allocation, { scenario: 'two pools' });
    const [rates, change] = page.sections[1]!.charts;
    const [current, recommended] = bars(rates!.option);
    expect(values(current!)).toEqual(allocation.comparison.map((g) => g.figures.answerRate.base.mean));
    expect(values(recommended!)).toEqual(allocation.comparison.map((g) => g.figures.answerRate.variant.mean));
    const minimum = rates!.option.series.find((s) => s.type === 'scatter')!;
    expect((minimum.data as Array<{ value: number[] }>).map((d) => d.value)).toEqual([[0.999, allocation.comparison.findIndex((g) => g.id === 'b')]]);
    expect(values(bars(change!.option)[0]!)).toEqual(allocation.comparison.map((g) => g.figures.answerRate.difference.mean));
    // a 99.9 % minimum cannot be met even with every line on pool b: the page says so
    expect(allocation.feasible).toBe(false);
    expect(page.sections[1]!.tables[1]!.caption).toContain('CANNOT');
  });
});

describe('calibrate page', () => {
  it('places each fitted parameter within its bounds with its interval, and charts the residuals', () => {
    const [p] = calibration.parameters;
    const { option } = parametersChart(calibration);
    const fitted = option.series[0]!.data[0] as { value: number[] };
    expect(fitted.value[0]).toBeCloseTo((p!.fitted - p!.min) / (p!.max - p!.min), 12);
    if (p!.ci95) expect(customs(option)[0]!.data[0]).toEqual([0, (p!.ci95[0] - 100) / 500, (p!.ci95[1] - 100) / 500]);
    expect(values(residualsChart(calibration).option.series[0]!)).toEqual(calibration.residuals.map((x) => x.residual));
    expect(calibratePage(calibration).sections[1]!.tables[0]!.rows).toHaveLength(calibration.residuals.length);
  });
});

describe('the page', () => {
  const FAKE_LIBRARY = 'window.echarts = { init: function () {} }; /* ECHARTS-INLINED */';

  it('inlines the ECharts library read at write time and links nothing outside the file', async () => {
    const html = renderPage(runPage(report, { horizon: scenario.horizon }), await echartsJs());
    expect(html).toContain('Apache ECharts');
    expect(html.length).toBeGreaterThan(1_000_000);
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).toContain('id="chart-answer-rate"');
  });

  it('escapes </script> in data from scenario files and in inlined code', () => {
    const evil = '</script><script>alert(1)</script><!--';
    const hostile = structuredClone(report);
    hostile.scenario = evil;
    hostile.categories.loneliness!.label = { ja: evil, en: 'x' };
    const page = runPage(hostile);
    const html = renderPage(page, `${FAKE_LIBRARY} var s = "</script>";`);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)');
    expect(html).toContain('var s = "<\\/script>"');
    // exactly the three script elements close
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    const json = /<script type="application\/json" id="chart-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    const charts = JSON.parse(json) as Array<{ id: string; option: ChartOption }>;
    expect((charts[0]!.option.yAxis as { data: string[] }).data[0]).toBe(`${evil}\nx`);
    expect(scriptJson('\u2028<')).toBe('"\\u2028\\u003c"');
  });
});

const CHROMIUM = '/usr/bin/chromium';
const requireBrowser = process.env.REQUIRE_BROWSER === '1';

describe.skipIf(!existsSync(CHROMIUM) && !requireBrowser)('in a headless browser', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'html-report-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('every kind of page draws every chart offline, with no console errors', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`REQUIRE_BROWSER=1 but there is no browser at ${CHROMIUM}`);
    const pages: Array<[string, Page]> = [
      ['run', runPage(report, { horizon: scenario.horizon })],
      ['compare', comparePage(comparison)],
      ['sweep-lines', sweepPage(lineSweep)],
      ['sweep-menu', sweepPage(menuSweep)],
      ['allocate', allocatePage(allocation)],
      ['calibrate', calibratePage(calibration)],
    ];
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      for (const [name, page] of pages) {
        const file = join(dir, `${name}.html`);
        await writeHtmlPage(file, page);
        const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const problems: string[] = [];
        tab.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
        });
        tab.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
        tab.on('request', (r) => {
          if (!r.url().startsWith('file:')) problems.push(`network request: ${r.url()}`);
        });
        await tab.goto(pathToFileURL(file).href);
        // expressions run in the page (this project's TypeScript has no DOM types)
        const drawn = await tab.evaluate<string | null>("document.documentElement.getAttribute('data-charts-drawn')");
        const canvases = await tab.evaluate<Array<[string, boolean]>>(
          "[...document.querySelectorAll('.chart')].map((el) => [el.id, el.querySelectorAll('canvas').length > 0])",
        );
        expect(problems, name).toEqual([]);
        expect(drawn, name).toBe(String(pageCharts(page).length));
        expect(canvases, name).toEqual(pageCharts(page).map((c) => [`chart-${c.id}`, true]));
        await tab.close();
      }
    } finally {
      await browser.close();
    }
  });
});
