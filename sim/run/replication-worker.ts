/**
 * Worker-thread entry: runs a range of replications of one scenario. Replications depend only
 * on (scenario, seed, replication), so where they run cannot change their figures.
 */
import { compileScenario } from '../model/compiled-scenario.ts';
import { simulateReplication } from '../model/helpline-model.ts';
import type { ReplicationFigures } from '../model/metrics.ts';
import type { Scenario } from '../../core/scenario/schema.ts';

export interface ReplicationTask {
  scenario: Scenario;
  seed: number;
  /** replications [from, to) */
  from: number;
  to: number;
  /** Drop the per-hour series: sweeps of thousands of points need only the totals. */
  totalsOnly?: boolean;
}

export function runTask(task: ReplicationTask): ReplicationFigures[] {
  const out: ReplicationFigures[] = [];
  const compiled = compileScenario(task.scenario);
  for (let r = task.from; r < task.to; r++) {
    const figures = simulateReplication(compiled, { seed: task.seed, replication: r });
    if (task.totalsOnly) {
      figures.hourly = {};
      figures.linesBusy = {};
    }
    out.push(figures);
  }
  return out;
}

export default runTask;
