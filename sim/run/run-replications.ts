/**
 * Runs N independent replications of a scenario (streams derived from the seed and the
 * replication number) and builds the report. Yields to the event loop between replications
 * so a progress display can draw.
 */
import type { Scenario } from '../../src/core/scenario/schema.ts';
import { simulateReplication } from '../model/helpline-model.ts';
import type { ReplicationFigures } from '../model/metrics.ts';
import { buildReport, type Report } from '../report/report.ts';

export interface ReplicationOptions {
  seed: number;
  replications: number;
  onProgress?: (done: number, total: number) => void;
}

export async function runReplications(scenario: Scenario, options: ReplicationOptions): Promise<Report> {
  const reps: ReplicationFigures[] = [];
  for (let r = 0; r < options.replications; r++) {
    reps.push(simulateReplication(scenario, { seed: options.seed, replication: r }));
    options.onProgress?.(r + 1, options.replications);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return buildReport(scenario, options.seed, reps);
}
