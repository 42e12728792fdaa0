/**
 * Inside a run's worker thread: execute the plan on a simulation pool of its own, posting
 * replications done as they finish, and return the result's JSON text.
 */
import { createRunner } from '../../sim/run/runner.ts';
import { executeRun } from './execute-run.ts';
import type { RunThreadData } from './run-thread.ts';
import { countingRunner } from './runner-wrappers.ts';

export async function main(data: RunThreadData, post: (done: number) => void): Promise<string> {
  const runner = createRunner(data.threads, { heapMb: data.heapMb });
  try {
    return JSON.stringify(await executeRun(data.plan, countingRunner(runner, post)));
  } finally {
    await runner.close();
  }
}
