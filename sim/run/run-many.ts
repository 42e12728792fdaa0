/**
 * Replications of several scenarios on common random numbers: replication r of every
 * scenario uses the same seed and streams, so their differences come from the scenarios alone.
 */
import type { Scenario } from '../../core/scenario/schema.ts';
import type { ReplicationFigures } from '../model/metrics.ts';
import { splitReplications, type Runner } from './runner.ts';

export interface PairedOptions {
  seed: number;
  replications: number;
  runner: Runner;
  totalsOnly?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export async function runPaired(
  scenarios: readonly Scenario[],
  options: PairedOptions,
): Promise<ReplicationFigures[][]> {
  const { seed, replications: n, runner } = options;
  const parts = runner.threads > 1 ? Math.max(1, Math.ceil((runner.threads * 4) / scenarios.length)) : n;
  const tasks = scenarios.flatMap((scenario, s) => splitReplications({ scenario, seed, totalsOnly: options.totalsOnly ?? false }, 0, n, parts).map((t) => ({ ...t, s })));
  const total = scenarios.length * n;
  let done = 0;
  const results = await runner.run(tasks, (task) => options.onProgress?.((done += task.to - task.from), total));
  const out: ReplicationFigures[][] = scenarios.map(() => []);
  tasks.forEach((task, i) => out[task.s]!.push(...results[i]!));
  return out;
}
