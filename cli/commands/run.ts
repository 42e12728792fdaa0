/**
 * `helpline-sim run <scenario.json>`: replications of one scenario, as a table, JSON or CSV.
 */
import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { integerOption } from '../options.ts';
import { defaultThreads } from '../../sim/run/runner.ts';

interface RunFlags {
  seed: number;
  replications: number;
  threads: number;
  json?: boolean;
  csv?: string;
  html?: string;
  yes?: boolean;
  timing?: boolean;
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
    .option('--timing', 'print the simulation time on stderr')
    .action(async (file: string, flags: RunFlags) => {
      // the simulator loads when the command runs, not for `helpline-sim --help`
      const [{ loadScenarioFile }, { confirmRunSize }, { progressReporter }, { runReplications }, { formatRunTable }, { reportCsv }, { reportJson }, { runPage }, { writeHtmlPage }] =
        await Promise.all([
          import('../../sim/io/load-scenario.ts'),
          import('../size-check.ts'),
          import('../progress.ts'),
          import('../../sim/run/run-replications.ts'),
          import('../format/table.ts'),
          import('../../sim/report/report-csv.ts'),
          import('../../sim/report/report.ts'),
          import('../../sim/report/html/run-charts.ts'),
          import('../html-output.ts'),
        ]);
      const scenario = await loadScenarioFile(file);
      await confirmRunSize(file, { kind: 'replications', scenarios: [scenario], replications: flags.replications }, flags.yes);
      const progress = progressReporter(scenario.name);
      const started = performance.now();
      const report = await runReplications(scenario, {
        seed: flags.seed,
        replications: flags.replications,
        threads: flags.threads,
        onProgress: progress.update,
      });
      const seconds = (performance.now() - started) / 1000;
      progress.stop();
      if (flags.csv) await writeFile(flags.csv, reportCsv(report));
      if (flags.html) await writeHtmlPage(flags.html, runPage(report, { horizon: scenario.horizon }));
      process.stdout.write(flags.json ? reportJson(report) : formatRunTable(report, scenario.horizon.days));
      if (flags.timing) process.stderr.write(`simulated ${flags.replications} replications in ${seconds.toFixed(3)} s\n`);
    });
}
