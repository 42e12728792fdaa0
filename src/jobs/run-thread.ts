/**
 * A run's planning and simulations, on a worker thread of their own (thread-task.ts): the
 * thread builds the sweep points or runs the allocation search or the calibration, and starts
 * its own simulation threads under it, each with the same heap cap. The result comes back as
 * the JSON text the store keeps, the same bytes as executing the plan here would give.
 */
import type { RunPlan } from './run-plan.ts';
import { runThreadTask } from './thread-task.ts';

export interface RunThreadOptions {
  /** simulation threads under the run's thread (1: simulate on the run's thread itself) */
  threads: number;
  /** heap cap of the run's thread and of each simulation thread, in MB */
  heapMb: number;
}

export interface RunThreadData extends RunThreadOptions {
  plan: RunPlan;
}

// the JavaScript name: tsc's output when compiled; from source, tsx maps it to the .ts
const MODULE = new URL('./run-thread-main.js', import.meta.url);

export function runOnThread(plan: RunPlan, options: RunThreadOptions, onReplications: (done: number) => void, signal: AbortSignal): Promise<string> {
  const data: RunThreadData = { plan, ...options };
  return runThreadTask<string>(MODULE, data, { heapMb: options.heapMb, signal, onMessage: (done) => onReplications(done as number) });
}
