/**
 * Runs N independent replications of a scenario (streams derived from the seed and the
 * replication number) and builds the report. The first replication runs here and times the
 * work: only a run long enough to repay starting worker threads spreads over them.
 */
import type { Scenario } from '../../core/scenario/schema.ts';
import { buildReport, type Report } from '../report/report.ts';
import { runTask } from './replication-worker.ts';
import { createRunner, defaultThreads, splitReplications } from './runner.ts';

export interface ReplicationOptions {
  seed: number;
  replications: number;
  /** Worker threads at most; 1 keeps everything in this thread. Default: the machine's cores. */
  threads?: number;
  /** Spread over threads only when the remaining work is estimated above this (worker start-up costs). */
  parallelAfterMs?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Below this much estimated remaining work, worker start-up would cost more than it saves. */
const PARALLEL_WORTH_MS = 500;

export async function runReplications(scenario: Scenario, options: ReplicationOptions): Promise<Report> {
  const { seed, replications: n } = options;
  const started = performance.now();
  const first = runTask({ scenario, seed, from: 0, to: 1 });
  options.onProgress?.(1, n);
  const estimate = (performance.now() - started) * (n - 1);
  const threads = Math.min(options.threads ?? defaultThreads(), n - 1);
  const runner = createRunner(estimate > (options.parallelAfterMs ?? PARALLEL_WORTH_MS) ? threads : 1);
  try {
    const tasks = splitReplications({ scenario, seed }, 1, n, runner.threads > 1 ? runner.threads * 4 : n);
    let done = 1;
    const rest = await runner.run(tasks, (task) => options.onProgress?.((done += task.to - task.from), n));
    return buildReport(scenario, seed, [...first, ...rest.flat()]);
  } finally {
    await runner.close();
  }
}
