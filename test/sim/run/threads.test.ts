/**
 * Replications and sweep points run on a worker-thread pool; where a replication runs must not
 * change its numbers. The same sweep on 1 thread (in this thread) and on 2 worker threads gives
 * the very same figures.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../../sim/io/load-scenario.ts';
import { applyChanges } from '../../../core/scenario/variant.ts';
import { gridPoints, runSweep } from '../../../sim/experiments/sweep.ts';
import { parseSetOption } from '../../../sim/io/sweep-args.ts';
import { runReplications } from '../../../sim/run/run-replications.ts';
import { reportJson } from '../../../sim/report/report.ts';
import { createRunner } from '../../../sim/run/runner.ts';

const base = applyChanges(await loadScenarioFile('scenarios/9999-like.json'), [{ set: 'horizon.days', value: 2 }]);
const one = createRunner(1);
const two = createRunner(2);
afterAll(async () => {
  await one.close();
  await two.close();
});

describe('thread count', () => {
  it('a sweep on 1 thread and on 2 worker threads gives identical results', async () => {
    const axis = parseSetOption('pools[id=loneliness].lines[0].count=1..3');
    const options = { seed: 9, replications: 5 };
    const [a, b] = await Promise.all([
      runSweep(base, [axis], gridPoints([axis]), { ...options, runner: one }),
      runSweep(base, [axis], gridPoints([axis]), { ...options, runner: two }),
    ]);
    expect(two.threads).toBe(2);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('a run report is byte-identical on 1 thread and on the pool', async () => {
    const [a, b] = await Promise.all([
      runReplications(base, { seed: 3, replications: 6, threads: 1 }),
      runReplications(base, { seed: 3, replications: 6, threads: 2, parallelAfterMs: 0 }),
    ]);
    expect(reportJson(b)).toBe(reportJson(a));
  });
});
