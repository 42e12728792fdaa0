/**
 * The readable allocation summary: pools' lines, answer rates current vs recommended, the
 * minimum rates met or not, and how sure the recommendation is.
 */
import Table from 'cli-table3';
import { format, type AllocationResult } from '../../sim/experiments/allocate.ts';
import { percent, pointsWithCi, rateWithCi } from '../../sim/report/format.ts';

export function allocationText(r: AllocationResult, scenarioName: string): string {
  const goal = r.goal === 'answered' ? 'answered attempts' : `weighted answered attempts (${format(r.weights)})`;
  const out = [
    `${scenarioName}: ${r.totalLines} lines across ${r.pools.map((p) => p.id).join(', ')}`,
    `Goal: most ${goal}. Seed ${r.seed}, ${r.replications} paired replications.`,
  ];
  const pools = new Table({ head: ['Pool', 'Current lines', 'Recommended', 'Change'], colAligns: ['left', 'right', 'right', 'right'], style: { head: [], border: [] } });
  for (const p of r.pools) pools.push([p.id, p.current, p.recommended, p.change > 0 ? `+${p.change}` : String(p.change)]);
  out.push(pools.toString());

  const rates = new Table({
    head: ['分野 / Category', 'Current', 'Recommended', 'Change (95% CI)', ''],
    colAligns: ['left', 'right', 'right', 'right', 'left'],
    style: { head: [], border: [] },
  });
  for (const g of r.comparison) {
    const f = g.figures.answerRate;
    rates.push([`${g.label.ja}\n${g.label.en}`, rateWithCi(f.base), rateWithCi(f.variant), pointsWithCi(f.difference), f.significant ? 'significant' : '']);
  }
  out.push('Answer rate, current allocation vs recommended (paired, common random numbers):', rates.toString());
  const answered = r.comparison.find((g) => g.id === 'overall')!.figures.answered.difference;
  if (answered.mean !== null) out.push(`Answered attempts: ${answered.mean >= 0 ? '+' : ''}${Math.round(answered.mean)} over the horizon.`);

  for (const c of r.constraints) {
    const line = `Minimum answer rate ${c.category} ≥ ${percent(c.min)}: ${rateWithCi(c.rate)}`;
    if (c.met) out.push(`${line} — met`);
    else {
      const best = c.bestAchievable!;
      out.push(
        `${line} — CANNOT BE MET with ${r.totalLines} lines.`,
        `  Best achievable for ${c.category}: ${rateWithCi(best.rate)}, with the lines arranged for it alone (${format(best.lines)}).`,
      );
    }
  }
  const d = r.decision;
  if (d.runnerUp === null || d.difference === null) out.push('Only one allocation was possible or in the running.');
  else {
    const diff = d.difference.difference;
    // the goal is a count of attempts; the shortfall a sum of answer rates
    const shown = r.feasible
      ? `${r.goal === 'answered' ? 'answered attempts' : 'weighted answered attempts'} ${diff.mean! >= 0 ? '+' : ''}${diff.mean!.toFixed(1)}${diff.ci95 ? ` [${diff.ci95[0].toFixed(1)}, ${diff.ci95[1].toFixed(1)}]` : ''} per replication`
      : `shortfall against the minimum rates smaller by ${pointsWithCi(diff)}`;
    out.push(
      d.significant
        ? `The recommendation is significantly better than the runner-up (${format(d.runnerUp)}): ${shown}.`
        : `TIE: after ${r.replications} replications the recommendation cannot be told apart from ${d.tiedWith.map((a) => `(${format(a)})`).join(', ')} (runner-up: ${shown}); any of them will do.`,
    );
  }
  out.push(
    `Search: greedy on the Erlang estimate gave ${format(r.search.greedy)}; ${r.search.simulatedAllocations} allocations simulated in ${r.search.rounds} round${r.search.rounds === 1 ? '' : 's'} of one-line moves.`,
  );
  return `${out.join('\n')}\n`;
}

