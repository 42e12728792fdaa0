/**
 * `helpline-sim allocate <scenario> --total-lines N`: the allocation of N lines across pools
 * that answers the most attempts under minimum answer rates (method: sim/experiments/allocate.ts).
 * Constraints that cannot be met are not an input error: the best allocation found is printed
 * with a "cannot be met" line per missed constraint and the best rate achievable, and the exit
 * code is 3, so scripts can tell.
 */
import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import type { AllocationResult, Goal } from '../../sim/experiments/allocate.ts';
import { InputError } from '../../sim/io/input-error.ts';
import { withExperimentOptions, withRunner, type ExperimentFlags } from '../experiment-options.ts';
import { integerOption } from '../options.ts';

/** Exit code when the minimum answer rates cannot all be met with the lines given. */
export const INFEASIBLE_EXIT_CODE = 3;

/** Every goal (the compiler checks the keys against Goal), without loading the search for --help. */
const GOALS: Record<Goal, true> = { answered: true, weighted: true };

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
    if (!m || !Number.isFinite(x)) throw new InputError(`${flag} must look like category=0.9, got "${value}"`);
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
      .addOption(new Option('--goal <goal>', 'maximise answered attempts, or answered attempts weighted per category').choices(Object.keys(GOALS)).default('answered'))
      .option('--weight <category=w>', 'weight of a category for --goal weighted, 1 where not given (repeatable)', keyNumberOption('--weight'), {})
      .option('--max-replications <n>', 'replications per finalist at most, to separate the winner from the runner-up', integerOption('--max-replications', 2), 80)
      .option('--html <file>', 'also write a self-contained HTML report with charts'),
    10,
  ).action(async (file: string, flags: AllocateFlags) => {
    // the simulator loads when the command runs, not for `helpline-sim --help`
    const [{ AllocationInputError, allocateLines }, { loadScenarioFile }, { confirmRunSize }, { allocatePage }, { writeHtmlPage }, { allocationCsv }, { allocationText }] = await Promise.all([
      import('../../sim/experiments/allocate.ts'),
      import('../../sim/io/load-scenario.ts'),
      import('../size-check.ts'),
      import('../../sim/report/html/allocate-charts.ts'),
      import('../html-output.ts'),
      import('../../sim/report/csv.ts'),
      import('../format/allocation.ts'),
    ]);
    const scenario = await loadScenarioFile(file);
    if (Object.keys(flags.weight).length > 0 && flags.goal !== 'weighted') throw new InputError('--weight needs --goal weighted');
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
      if (error instanceof AllocationInputError) throw new InputError(error.message);
      throw error;
    }
    if (flags.csv) await writeFile(flags.csv, allocationCsv(result));
    if (flags.html) await writeHtmlPage(flags.html, allocatePage(result, { scenario: scenario.name }));
    process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : allocationText(result, scenario.name));
    if (!result.feasible) process.exitCode = INFEASIBLE_EXIT_CODE;
  });
}
