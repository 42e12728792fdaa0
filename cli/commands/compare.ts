/**
 * `helpline-sim compare <base> <variant>…`: paired runs on common random numbers; per
 * category the difference in answer rate with its 95 % CI and whether it is significant.
 */
import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import Table from 'cli-table3';
import type { Comparison } from '../../sim/experiments/compare.ts';
import { withExperimentOptions, withRunner, type ExperimentFlags } from '../experiment-options.ts';
import { pointsWithCi, rateWithCi } from '../../sim/report/format.ts';

export function compareCommand(): Command {
  return withExperimentOptions(
    new Command('compare')
      .description('compare variants with a base scenario on common random numbers (paired differences with 95% CI)')
      .argument('<base>', 'base scenario or variant file')
      .argument('<variants...>', 'scenario or variant files to compare with the base')
      .option('--html <file>', 'also write a self-contained HTML report with charts'),
    20,
  ).action(async (baseFile: string, variantFiles: string[], flags: ExperimentFlags & { html?: string }) => {
    // the simulator loads when the command runs, not for `helpline-sim --help`
    const [{ compareScenarios }, { loadScenarioFile }, { confirmRunSize }, { progressReporter }, { comparePage }, { writeHtmlPage }, { comparisonCsv }] = await Promise.all([
      import('../../sim/experiments/compare.ts'),
      import('../../sim/io/load-scenario.ts'),
      import('../size-check.ts'),
      import('../progress.ts'),
      import('../../sim/report/html/compare-charts.ts'),
      import('../html-output.ts'),
      import('../../sim/report/csv.ts'),
    ]);
    const base = await loadScenarioFile(baseFile);
    const variants = await Promise.all(variantFiles.map((f) => loadScenarioFile(f)));
    await confirmRunSize(baseFile, { kind: 'compare', scenarios: [base, ...variants], replications: flags.replications }, flags.yes);
    const progress = progressReporter('compare');
    const comparison = await withRunner(flags, (runner) =>
      compareScenarios(base, variants, { seed: flags.seed, replications: flags.replications, runner, onProgress: progress.update }),
    );
    progress.stop();
    if (flags.csv) await writeFile(flags.csv, comparisonCsv(comparison));
    if (flags.html) await writeHtmlPage(flags.html, comparePage(comparison));
    process.stdout.write(flags.json ? `${JSON.stringify(comparison, null, 2)}\n` : comparisonTable(comparison));
  });
}

export function comparisonTable(c: Comparison): string {
  const out: string[] = [];
  for (const v of c.variants) {
    const table = new Table({
      head: ['分野 / Category', 'Base', 'Variant', 'Difference (95% CI)', ''],
      colAligns: ['left', 'right', 'right', 'right', 'left'],
      style: { head: [], border: [] },
    });
    for (const g of v.groups) {
      const f = g.figures.answerRate;
      table.push([`${g.label.ja}\n${g.label.en}`, rateWithCi(f.base), rateWithCi(f.variant), pointsWithCi(f.difference), f.significant ? 'significant' : '']);
    }
    out.push(`Answer rate (seed ${c.seed}, ${c.replications} paired replications)`, `  base:    ${c.base.scenario}`, `  variant: ${v.name}`, table.toString(), '');
  }
  out.push('Paired on common random numbers: a difference is significant when its 95% CI excludes 0.');
  return `${out.join('\n')}\n`;
}

