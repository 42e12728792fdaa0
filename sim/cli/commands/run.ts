/**
 * `helpline-sim run <scenario.json>`: replications of one scenario, as a table, JSON or CSV.
 */
import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { loadScenarioFile } from '../load-scenario.ts';
import { integerOption } from '../options.ts';
import { progressReporter } from '../progress.ts';
import { formatRunTable } from '../format/table.ts';
import { reportCsv } from '../format/csv.ts';
import { reportJson } from '../../report/report.ts';
import { runReplications } from '../../run/run-replications.ts';
import { runPage } from '../../report/html/run-charts.ts';
import { writeHtmlPage } from '../html-output.ts';
import { defaultThreads } from '../../run/runner.ts';
import { confirmRunSize } from '../size-check.ts';

interface RunFlags {
  seed: number;
  replications: number;
  threads: number;
  json?: boolean;
  csv?: string;
  html?: string;
  yes?: boolean;
}

export function runCommand(): Command {
  return new Command('run')
    .description('simulate a scenario and report answer rates per category with 95% confidence intervals')
    .argument('<scenario>', 'scenario JSON file')
    .option('--seed <n>', 'random seed: same seed, same report', integerOption('--seed', 0), 1)
    .option('--replications <n>', 'independent replications', integerOption('--replications', 1), 10)
    .option('--threads <n>', 'worker threads at most (results do not depend on it)', integerOption('--threads', 1), defaultThreads())
    .option('--json', 'print the full report as JSON on stdout')
    .option('--csv <file>', 'also write per-category figures as CSV')
    .option('--html <file>', 'also write a self-contained HTML report with charts')
    .option('--yes', 'run even if the run is larger than the service would accept')
    .action(async (file: string, flags: RunFlags) => {
      const scenario = await loadScenarioFile(file);
      await confirmRunSize(file, { kind: 'replications', scenarios: [scenario], replications: flags.replications }, flags.yes);
      const progress = progressReporter(scenario.name);
      const report = await runReplications(scenario, {
        seed: flags.seed,
        replications: flags.replications,
        threads: flags.threads,
        onProgress: progress.update,
      });
      progress.stop();
      if (flags.csv) await writeFile(flags.csv, reportCsv(report));
      if (flags.html) await writeHtmlPage(flags.html, runPage(report, { horizon: scenario.horizon }));
      process.stdout.write(flags.json ? reportJson(report) : formatRunTable(report, scenario.horizon.days));
    });
}
