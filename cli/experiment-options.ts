/**
 * Options every experiment command shares (seed, replications, threads, outputs), and the
 * runner they start, so each command declares them the same way.
 */
import type { Command } from 'commander';
import { integerOption } from './options.ts';
import { createRunner, defaultThreads, type Runner } from '../sim/run/runner.ts';

export interface ExperimentFlags {
  seed: number;
  replications: number;
  threads: number;
  json?: boolean;
  csv?: string;
  /** run even past the size check (size-check.ts) */
  yes?: boolean;
}

export function withExperimentOptions(command: Command, defaultReplications: number): Command {
  return command
    .option('--seed <n>', 'random seed: every scenario uses the same streams', integerOption('--seed', 0), 1)
    .option('--replications <n>', 'paired replications per scenario', integerOption('--replications', 2), defaultReplications)
    .option('--threads <n>', 'worker threads at most (results do not depend on it)', integerOption('--threads', 1), defaultThreads())
    .option('--json', 'print the full result as JSON on stdout')
    .option('--csv <file>', 'also write the table as CSV')
    .option('--yes', 'run even if the run is larger than the service would accept');
}

/** Runs `work` with a worker pool, closing it however `work` ends. */
export async function withRunner<T>(flags: ExperimentFlags, work: (runner: Runner) => Promise<T>): Promise<T> {
  const runner = createRunner(flags.threads);
  try {
    return await work(runner);
  } finally {
    await runner.close();
  }
}
