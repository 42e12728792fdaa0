/**
 * A Runner around a Runner, for one run: it counts the replications done (progress), keeps the
 * task order of the results and does not close the runner it wraps. And the error a cancelled
 * run ends with.
 */
import type { Runner } from '../../sim/run/runner.ts';

export class RunCancelledError extends Error {
  constructor() {
    super('run cancelled');
    this.name = 'RunCancelledError';
  }
}

export function countingRunner(base: Runner, onReplications: (done: number) => void): Runner {
  let done = 0;
  return {
    threads: base.threads,
    run: (tasks, onTaskDone) =>
      base.run(tasks, (task) => {
        onReplications((done += task.to - task.from));
        onTaskDone?.(task);
      }),
    close: async () => {}, // the base runner belongs to the engine, which closes it
  };
}
