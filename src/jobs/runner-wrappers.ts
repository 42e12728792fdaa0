/**
 * Runners around a Runner, for one run: one counts the replications done (progress), one stops
 * starting new tasks once the run is cancelled. Both keep the task order of the results, and
 * neither closes the runner it wraps.
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

/**
 * Hands the base runner a few tasks per thread at a time rather than the whole batch, so that
 * after a cancel only the tasks already started finish; the rest never start.
 */
export function cancellableRunner(base: Runner, signal: AbortSignal): Runner {
  const inFlight = Math.max(2, base.threads * 2);
  return {
    threads: base.threads,
    async run(tasks, onTaskDone) {
      const results: Awaited<ReturnType<Runner['run']>> = new Array(tasks.length);
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < tasks.length && !signal.aborted) {
          const i = next++;
          const [figures] = await base.run([tasks[i]!], onTaskDone);
          results[i] = figures!;
        }
      };
      await Promise.all(Array.from({ length: Math.min(inFlight, tasks.length) }, lane));
      if (signal.aborted) throw new RunCancelledError();
      return results;
    },
    close: async () => {}, // the base runner belongs to the engine, which closes it
  };
}
