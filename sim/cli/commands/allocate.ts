/**
 * `helpline-sim allocate <scenario> --total-lines N`: the allocation of N lines across pools
 * that answers the most attempts under minimum answer rates (method: sim/experiments/allocate.ts).
 * Constraints that cannot be met are not an input error: the best allocation found is printed
 * with a "cannot be met" line per missed constraint and the best rate achievable, and the exit
 * code is 3, so scripts can tell.
 */
import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import Table from 'cli-table3';
import { AllocationInputError, GOALS, allocateLines, format, type AllocationResult, type Goal } from '../../experiments/allocate.ts';
import { CliInputError } from '../errors.ts';
import { withExperimentOptions, withRunner, type ExperimentFlags } from '../experiment-options.ts';
import { loadScenarioFile } from '../load-scenario.ts';
import { confirmRunSize } from '../size-check.ts';
import { integerOption } from '../options.ts';
import { percent, pointsWithCi, rateWithCi } from '../../report/format.ts';
import { allocatePage } from '../../report/html/allocate-charts.ts';
import { writeHtmlPage } from '../html-output.ts';
import { allocationCsv } from '../../report/csv.ts';

/** Exit code when the minimum answer rates cannot all be met with the lines given. */
export const INFEASIBLE_EXIT_CODE = 3;

interface AllocateFlags extends ExperimentFlags {
  totalLines: number;
  minRate: Record<string, number>;
  weight: Record<string, number>;
  pools?: string;
  goal: Goal;
  maxReplications: number;
  html?: string;
}

/** `--flag key=number`, repeatable, into a record. */
function keyNumberOption(flag: string): (value: string, previous: Record<string, number>) => Record<string, number> {
  return (value, previous) => {
    const m = /^([\w-]+)=(.+)$/.exec(value.trim());
    const x = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(x)) throw new CliInputError(`${flag} must look like category=0.9, got "${value}"`);
    return { ...previous, [m[1]!]: x };
  };
}

export function allocateCommand(): Command {
  return withExperimentOptions(
    new Command('allocate')
      .description(
        'spread N lines across pools to answer the most attempts under minimum answer rates (Erlang estimate, then simulation on common random numbers); exit code 3 if the minimum rates cannot be met',
      )
      .argument('<scenario>', 'scenario or variant file')
      .requiredOption('--total-lines <n>', 'lines to spread across the pools', integerOption('--total-lines', 0))
      .option('--min-rate <category=rate>', 'minimum answer rate of a category, e.g. suicidal=0.9 (repeatable)', keyNumberOption('--min-rate'), {})
      .option('--pools <ids>', 'comma-separated pools to reallocate (default: all; the others keep their lines)')
      .addOption(new Option('--goal <goal>', 'maximise answered attempts, or answered attempts weighted per category').choices(GOALS).default('answered'))
      .option('--weight <category=w>', 'weight of a category for --goal weighted, 1 where not given (repeatable)', keyNumberOption('--weight'), {})
      .option('--max-replications <n>', 'replications per finalist at most, to separate the winner from the runner-up', integerOption('--max-replications', 2), 80)
      .option('--html <file>', 'also write a self-contained HTML report with charts'),
    10,
  ).action(async (file: string, flags: AllocateFlags) => {
    const scenario = await loadScenarioFile(file);
    if (Object.keys(flags.weight).length > 0 && flags.goal !== 'weighted') throw new CliInputError('--weight needs --goal weighted');
    const pools = flags.pools?.split(',').length ?? scenario.pools.length;
    const cost = { totalLines: flags.totalLines, pools, constrained: Object.keys(flags.minRate).length, maxReplications: flags.maxReplications };
    await confirmRunSize(file, { kind: 'allocate', scenarios: [scenario], replications: flags.replications, ...cost }, flags.yes);
    const log = process.stderr.isTTY ? (message: string) => process.stderr.write(`allocate: ${message}\n`) : undefined;
    let result: AllocationResult;
    try {
      result = await withRunner(flags, (runner) =>
        allocateLines(scenario, {
          totalLines: flags.totalLines,
          pools: flags.pools?.split(',').map((p) => p.trim()),
          minRates: flags.minRate,
          goal: flags.goal,
          weights: flags.weight,
          seed: flags.seed,
          replications: flags.replications,
          maxReplications: Math.max(flags.maxReplications, flags.replications),
          runner,
          ...(log && { log }),
        }),
      );
    } catch (error) {
      if (error instanceof AllocationInputError) throw new CliInputError(error.message);
      throw error;
    }
    if (flags.csv) await writeFile(flags.csv, allocationCsv(result));
    if (flags.html) await writeHtmlPage(flags.html, allocatePage(result, { scenario: scenario.name }));
    process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : allocationText(result, scenario.name));
    if (!result.feasible) process.exitCode = INFEASIBLE_EXIT_CODE;
  });
}

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

