/**
 * CSV exports of experiment results (compare, sweep, allocate, calibrate), shared by the CLI's
 * `--csv` and the planner API's downloads, written by `csvText` (byte-order mark, formula-safe
 * text cells).
 */
import { csvText } from './csv-text.ts';
import type { AllocationResult } from '../experiments/allocate.ts';
import type { CalibrationResult } from '../experiments/calibrate.ts';
import type { Comparison } from '../experiments/compare.ts';
import type { SweepResult } from '../experiments/sweep.ts';

export function comparisonCsv(c: Comparison): string {
  const rows: Array<Array<string | number | boolean>> = [
    ['variant', 'category', 'label_ja', 'label_en', 'figure', 'base', 'variant_value', 'difference', 'difference_ci95_low', 'difference_ci95_high', 'significant'],
  ];
  for (const v of c.variants) {
    for (const g of v.groups) {
      for (const [figure, d] of Object.entries(g.figures)) {
        rows.push([v.name, g.id, g.label.ja, g.label.en, figure, d.base.mean ?? '', d.variant.mean ?? '', d.difference.mean ?? '', d.difference.ci95?.[0] ?? '', d.difference.ci95?.[1] ?? '', d.significant]);
      }
    }
  }
  return csvText(rows);
}

export function sweepCsv(r: SweepResult): string {
  const head = ['point', ...r.axes, 'menu_order', 'overall_answerRate', 'overall_answerRate_ci95_low', 'overall_answerRate_ci95_high', 'overall_answered'];
  for (const c of r.categories) head.push(`${c.id}_answerRate`, `${c.id}_answerRate_ci95_low`, `${c.id}_answerRate_ci95_high`);
  const rows = r.points.map((p) => {
    // a number stays a number cell (-2 is not text); other values as JSON text
    const values = p.settings.map((s) => (typeof s.value === 'number' ? s.value : JSON.stringify(s.value)));
    const cells: Array<string | number> = [p.label, ...values, p.menuOrder?.join('') ?? ''];
    cells.push(p.overall.answerRate.mean ?? '', p.overall.answerRate.ci95?.[0] ?? '', p.overall.answerRate.ci95?.[1] ?? '', p.overall.answered.mean ?? '');
    for (const c of r.categories) {
      const s = p.categories[c.id]?.answerRate;
      cells.push(s?.mean ?? '', s?.ci95?.[0] ?? '', s?.ci95?.[1] ?? '');
    }
    return cells;
  });
  return csvText([head, ...rows]);
}

export function allocationCsv(r: AllocationResult): string {
  const rows: Array<Array<string | number | boolean>> = [['kind', 'id', 'current', 'recommended', 'change', 'change_ci95_low', 'change_ci95_high', 'significant']];
  for (const p of r.pools) rows.push(['lines', p.id, p.current, p.recommended, p.change, '', '', '']);
  for (const g of r.comparison) {
    const f = g.figures.answerRate;
    rows.push(['answerRate', g.id, f.base.mean ?? '', f.variant.mean ?? '', f.difference.mean ?? '', f.difference.ci95?.[0] ?? '', f.difference.ci95?.[1] ?? '', f.significant]);
  }
  return csvText(rows);
}

export function calibrationCsv(r: CalibrationResult): string {
  const rows: Array<Array<string | number>> = [['kind', 'name', 'value', 'ci95_low', 'ci95_high', 'observed', 'residual', 'identification']];
  for (const p of r.parameters) rows.push(['parameter', p.path, p.fitted, p.ci95?.[0] ?? '', p.ci95?.[1] ?? '', '', '', p.identification]);
  for (const x of r.residuals) rows.push(['figure', x.figure, x.simulated.mean ?? '', x.simulated.ci95?.[0] ?? '', x.simulated.ci95?.[1] ?? '', x.observed, x.residual, '']);
  return csvText(rows);
}
