/**
 * CSV export of a report: one row per category plus the overall row, each figure as mean,
 * CI low and CI high. Written by `csvText` (byte-order mark, formula-safe text cells).
 */
import { csvText } from './csv-text.ts';
import type { Report } from './report.ts';
import { FIGURE_COLUMNS, figureRows } from './figures.ts';

export function reportCsv(report: Report): string {
  const header = ['category', 'label_ja', 'label_en'];
  for (const c of FIGURE_COLUMNS) header.push(c.key, `${c.key}_ci95_low`, `${c.key}_ci95_high`);
  const rows = figureRows(report).map((row) => {
    const cells: Array<string | number> = [row.id, row.ja, row.en];
    for (const c of FIGURE_COLUMNS) {
      const s = c.get(row.figures);
      cells.push(s.mean ?? '', s.ci95?.[0] ?? '', s.ci95?.[1] ?? '');
    }
    return cells;
  });
  return csvText([header, ...rows]);
}
