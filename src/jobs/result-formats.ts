/**
 * A finished run as a download: JSON (what `helpline-sim … --json` prints), CSV (what `--csv`
 * writes) or a self-contained HTML page (what `--html` writes), from the same formatters.
 */
import { reportCsv } from '../../sim/report/report-csv.ts';
import { allocationCsv, calibrationCsv, comparisonCsv, sweepCsv } from '../../sim/report/csv.ts';
import { allocatePage } from '../../sim/report/html/allocate-charts.ts';
import { calibratePage } from '../../sim/report/html/calibrate-charts.ts';
import { comparePage } from '../../sim/report/html/compare-charts.ts';
import { echartsJs } from '../../sim/report/html/echarts-source.ts';
import { renderPage, type Page } from '../../sim/report/html/page.ts';
import { runPage } from '../../sim/report/html/run-charts.ts';
import { sweepPage } from '../../sim/report/html/sweep-charts.ts';
import { reportJson } from '../../sim/report/report.ts';
import type { RunResult } from './execute-run.ts';

export const RESULT_FORMATS = ['json', 'csv', 'html'] as const;
export type ResultFormat = (typeof RESULT_FORMATS)[number];

export const CONTENT_TYPES: Record<ResultFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

export function resultJson(r: RunResult): string {
  return r.kind === 'replications' ? reportJson(r.result) : `${JSON.stringify(r.result, null, 2)}\n`;
}

export function resultCsv(r: RunResult): string {
  switch (r.kind) {
    case 'replications':
      return reportCsv(r.result);
    case 'compare':
      return comparisonCsv(r.result);
    case 'sweep':
      return sweepCsv(r.result);
    case 'allocate':
      return allocationCsv(r.result);
    case 'calibrate':
      return calibrationCsv(r.result);
  }
}

function page(r: RunResult): Page {
  switch (r.kind) {
    case 'replications':
      return runPage(r.result, { horizon: r.horizon });
    case 'compare':
      return comparePage(r.result);
    case 'sweep':
      return sweepPage(r.result, { scenario: r.scenario });
    case 'allocate':
      return allocatePage(r.result, { scenario: r.scenario });
    case 'calibrate':
      return calibratePage(r.result, { scenario: r.scenario });
  }
}

export async function resultHtml(r: RunResult): Promise<string> {
  return renderPage(page(r), await echartsJs());
}

export async function formatResult(r: RunResult, format: ResultFormat): Promise<string> {
  if (format === 'csv') return resultCsv(r);
  if (format === 'html') return resultHtml(r);
  return resultJson(r);
}
