/**
 * The readable run summary: one row per category with Japanese and English labels.
 */
import Table from 'cli-table3';
import type { Report } from '../../sim/report/report.ts';
import { count, percent, rateWithCi } from '../../sim/report/format.ts';
import { figureRows } from '../../sim/report/figures.ts';

export function formatRunTable(report: Report, horizonDays: number): string {
  const table = new Table({
    head: ['分野 / Category', 'Attempts', 'Answered', 'Answer rate (95% CI)', 'Blocked', 'Abandoned', 'Callers answered', 'Wait mean s'],
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    style: { head: [], border: [] },
  });
  for (const row of figureRows(report)) {
    const f = row.figures;
    table.push([
      `${row.ja}\n${row.en}`,
      count(f.attempts),
      count(f.answered),
      rateWithCi(f.answerRate),
      count(f.outcomes.blocked),
      count(f.outcomes.abandoned_in_queue),
      percent(f.callersAnsweredShare.mean),
      f.waitMean.mean === null ? '—' : f.waitMean.mean.toFixed(1),
    ]);
  }
  const o = report.overall.outcomes;
  const lines = [
    `${report.scenario}: ${horizonDays} days, seed ${report.seed}, ${report.replications} replication${report.replications === 1 ? '' : 's'} (means; 95% CI in brackets)`,
    table.toString(),
    `Ended in the menu: hung up ${count(o.hung_up_in_menu)}, invalid input ${count(o.invalid_input)}. Closed (outside staffed hours): ${count(o.closed)}.`,
    'Answer rate = answered attempts / attempts (応答率). Category rows count attempts by the option chosen.',
  ];
  return `${lines.join('\n')}\n`;
}

