/**
 * Runs batches of replication tasks, inline or on a worker-thread pool (piscina) sized to the
 * machine. Results come back in task order, so they are identical whatever the thread count.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ReplicationFigures } from '../model/metrics.ts';
import type { ReplicationTask } from './replication-worker.ts';

export type { ReplicationTask };

export interface Runner {
  readonly threads: number;
  run(tasks: readonly ReplicationTask[], onTaskDone?: (task: ReplicationTask) => void): Promise<ReplicationFigures[][]>;
  close(): Promise<void>;
}

export function defaultThreads(): number {
  return availableParallelism();
}

export interface RunnerOptions {
  /** heap cap of each worker thread (V8 old generation), in MB; a thread past it dies and its task fails */
  heapMb?: number | undefined;
}

/** threads = 1 runs in this thread, yielding between tasks so progress can draw. */
export function createRunner(threads = defaultThreads(), options: RunnerOptions = {}): Runner {
  if (threads <= 1) {
    return {
      threads: 1,
      async run(tasks, onTaskDone) {
        // the model loads when a task runs, so a command's definition (its --threads default) stays light
        const { runTask } = await import('./replication-worker.ts');
        const out: ReplicationFigures[][] = [];
        for (const task of tasks) {
          out.push(runTask(task));
          onTaskDone?.(task);
          await new Promise((resolve) => setImmediate(resolve));
        }
        return out;
      },
      close: async () => {},
    };
  }
  const pool = new Piscina<ReplicationTask, ReplicationFigures[]>({
    // the task's JavaScript: tsc's output when compiled, a tsx shim from source
    filename: new URL('./replication-worker.js', import.meta.url).href,
    name: 'runTask',
    minThreads: threads,
    maxThreads: threads,
    ...(options.heapMb !== undefined && { resourceLimits: { maxOldGenerationSizeMb: options.heapMb } }),
  });
  return {
    threads,
    run: (tasks, onTaskDone) =>
      Promise.all(
        tasks.map(async (task) => {
          const figures = await pool.run(task);
          onTaskDone?.(task);
          return figures;
        }),
      ),
    close: () => pool.destroy(),
  };
}

/** Splits replications [from, to) of a scenario into about `parts` contiguous tasks. */
export function splitReplications(
  task: Omit<ReplicationTask, 'from' | 'to'>,
  from: number,
  to: number,
  parts: number,
): ReplicationTask[] {
  const size = Math.max(1, Math.ceil((to - from) / Math.max(1, parts)));
  const tasks: ReplicationTask[] = [];
  for (let start = from; start < to; start += size) tasks.push({ ...task, from: start, to: Math.min(to, start + size) });
  return tasks;
}
