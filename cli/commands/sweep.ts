/**
 * `helpline-sim sweep <scenario> --set <path>=<values|range> … [--menu-orders all|<list>]`:
 * per-category answer rates over a grid of settings and/or menu orders, on common random
 * numbers, spread over worker threads.
 */
import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import Table from 'cli-table3';
import type { SweepAxis, SweepResult } from '../../sim/experiments/sweep.ts';
import { withExperimentOptions, withRunner, type ExperimentFlags } from '../experiment-options.ts';
import { InputError } from '../../sim/io/input-error.ts';
import { percent, rateWithCi } from '../../sim/report/format.ts';

interface SweepFlags extends ExperimentFlags {
  /** `--set` as typed; parsed when the command runs (the scenario-path parser loads zod) */
  set: string[];
  menuOrders?: string;
  html?: string;
}

/** Rows shown in the terminal; the CSV and JSON hold every point. */
const SHOWN = 15;

export function sweepCommand(): Command {
  return withExperimentOptions(
    new Command('sweep')
      .description('answer rates per category over a grid of settings and/or menu orders')
      .argument('<scenario>', 'scenario or variant file')
      .option('--set <path=values>', 'a setting to vary: path=1..10, path=1..10:2 or path=a,b,c (repeat for a grid)', (v, all: string[]) => [...all, v], [])
      .option('--menu-orders <orders>', '"all" permutations of the top-level options, or a list such as 2134,1234')
      .option('--html <file>', 'also write a self-contained HTML report with charts'),
    10,
  ).action(async (file: string, flags: SweepFlags) => {
    // the simulator loads when the command runs, not for `helpline-sim --help`
    const [{ countPoints, factorial, gridPoints, permutations, runSweep }, { loadScenarioFile }, { largestVariant }, { confirmRunSize }, { progressReporter }, { sweepPage }, { writeHtmlPage }, { sweepCsv }, { parseMenuOrders, parseSetOption }] =
      await Promise.all([
        import('../../sim/experiments/sweep.ts'),
        import('../../sim/io/load-scenario.ts'),
        import('../../sim/run/run-cost.ts'),
        import('../size-check.ts'),
        import('../progress.ts'),
        import('../../sim/report/html/sweep-charts.ts'),
        import('../html-output.ts'),
        import('../../sim/report/csv.ts'),
        import('../../sim/io/sweep-args.ts'),
      ]);
    const axes: SweepAxis[] = flags.set.map(parseSetOption);
    const menuOrders = flags.menuOrders === undefined ? undefined : parseMenuOrders(flags.menuOrders);
    const base = await loadScenarioFile(file);
    if (axes.length === 0 && !menuOrders) throw new InputError('sweep needs at least one --set or --menu-orders');
    // counted before any point is built: a grid past the limit is never laid out unasked
    const orderCount = menuOrders === undefined ? undefined : menuOrders === 'all' ? factorial(base.menu.options.length) : menuOrders.length;
    const count = countPoints(axes.map((a) => a.values.length), orderCount);
    await confirmRunSize(file, { kind: 'sweep', scenarios: [largestVariant(base, axes)], replications: flags.replications, points: count }, flags.yes);
    const digits = base.menu.options.map((o) => o.digit);
    const orders = menuOrders === 'all' ? permutations(digits) : menuOrders;
    const points = gridPoints(axes, orders);
    const progress = progressReporter(`sweep of ${points.length} points`);
    const result = await withRunner(flags, (runner) =>
      runSweep(base, axes, points, { seed: flags.seed, replications: flags.replications, runner, onProgress: progress.update }),
    );
    progress.stop();
    if (flags.csv) await writeFile(flags.csv, sweepCsv(result));
    if (flags.html) await writeHtmlPage(flags.html, sweepPage(result, { scenario: base.name }));
    process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : sweepTable(result));
  });
}

export function sweepTable(r: SweepResult): string {
  const byAnswered = [...r.points].sort((a, b) => (b.overall.answered.mean ?? 0) - (a.overall.answered.mean ?? 0));
  const many = r.points.length > SHOWN;
  const shown = many ? byAnswered.slice(0, SHOWN) : r.points;
  const table = new Table({
    head: ['Point', '全体 / All (95% CI)', ...r.categories.map((c) => `${c.label.ja}\n${c.id}`)],
    style: { head: [], border: [] },
  });
  for (const p of shown) table.push([p.label, rateWithCi(p.overall.answerRate), ...r.categories.map((c) => percent(p.categories[c.id]?.answerRate.mean ?? null))]);
  const title = many
    ? `Answer rate: the ${SHOWN} of ${r.points.length} points with the most answered attempts (seed ${r.seed}, ${r.replications} replications each)`
    : `Answer rate per point (seed ${r.seed}, ${r.replications} replications each)`;
  return `${title}\n${table.toString()}\n`;
}

