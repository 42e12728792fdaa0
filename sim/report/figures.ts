/**
 * The per-group figures readers see, in one order, shared by the table and the CSV export.
 */
import { OUTCOMES } from '../../core/scenario/schema.ts';
import type { FigureSet } from '../model/metrics.ts';
import type { Report } from './report.ts';
import type { Stat, Summarised } from './stat.ts';

export type FigureRow = { id: string; ja: string; en: string; figures: Summarised<FigureSet> };

export const FIGURE_COLUMNS: ReadonlyArray<{ key: string; get: (f: Summarised<FigureSet>) => Stat }> = [
  { key: 'attempts', get: (f) => f.attempts },
  { key: 'answered', get: (f) => f.answered },
  { key: 'answerRate', get: (f) => f.answerRate },
  ...OUTCOMES.map((o) => ({ key: o, get: (f: Summarised<FigureSet>) => f.outcomes[o] })),
  { key: 'callers', get: (f) => f.callers },
  { key: 'callersAnsweredShare', get: (f) => f.callersAnsweredShare },
  { key: 'waitMean', get: (f) => f.waitMean },
  { key: 'waitP50', get: (f) => f.waitP50 },
  { key: 'waitP90', get: (f) => f.waitP90 },
  { key: 'waitP95', get: (f) => f.waitP95 },
  { key: 'serviceLevel', get: (f) => f.serviceLevel },
];

/** Categories in scenario order, then the overall row. */
export function figureRows(report: Report): FigureRow[] {
  const rows: FigureRow[] = Object.entries(report.categories).map(([id, c]) => ({ id, ja: c.label.ja, en: c.label.en, figures: c }));
  rows.push({ id: 'overall', ja: '全体', en: 'All attempts', figures: report.overall });
  return rows;
}
