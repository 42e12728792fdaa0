/**
 * A Runner whose tasks run on BullMQ workers: each batch is cut into contiguous chunks, queued
 * together so idle workers take them in parallel, and the chunks' figures are put back in task
 * order — the same figures as one process would compute, since a replication depends only on
 * (scenario, seed, replication). A cancelled run stops waiting at once; its chunks not yet
 * started are removed by the cancel and skipped by the workers.
 */
import type { Queue, QueueEvents } from 'bullmq';
import type { Runner } from '../../../sim/run/runner.ts';
import { RunCancelledError } from '../runner-wrappers.ts';
import { chunkJobId, type ChunkJobData, type ChunkResult } from './queues.ts';

export interface ChunkPolicy {
  /** chunks per batch at most: enough to keep every worker busy and even out the ends */
  chunks: number;
  /** tries per chunk (a worker that dies mid-chunk does not count: stalled jobs are retried apart) */
  attempts: number;
}

const CANCEL_POLL_MS = 300;

export class ChunkedRunner implements Runner {
  /** Batches run so far: the next one's number, part of its chunks' job ids. */
  #batches = 0;

  constructor(
    private readonly runId: string,
    private readonly queue: Queue<ChunkJobData>,
    private readonly events: QueueEvents,
    private readonly isCancelled: () => Promise<boolean>,
    private readonly policy: ChunkPolicy,
  ) {}

  /** How finely experiments split replications (runPaired makes about 4 tasks per thread). */
  get threads(): number {
    return Math.max(2, Math.ceil(this.policy.chunks / 4));
  }

  async run(tasks: Parameters<Runner['run']>[0], onTaskDone?: Parameters<Runner['run']>[1]): Promise<ChunkResult> {
    const batch = this.#batches++;
    const size = Math.max(1, Math.ceil(tasks.length / this.policy.chunks));
    const groups: Array<typeof tasks> = [];
    for (let i = 0; i < tasks.length; i += size) groups.push(tasks.slice(i, i + size));
    const jobs = await this.queue.addBulk(
      groups.map((group, i) => ({
        name: 'chunk',
        data: { runId: this.runId, tasks: [...group] },
        opts: {
          jobId: chunkJobId(this.runId, batch, i),
          attempts: this.policy.attempts,
          backoff: { type: 'fixed', delay: 200 },
          // kept a while so a coordinator that restarts the run reuses finished chunks
          removeOnComplete: { age: 3600 },
          removeOnFail: { age: 24 * 3600 },
        },
      })),
    );
    const stop = new AbortController();
    try {
      const results = await Promise.race([
        Promise.all(
          jobs.map(async (job, i) => {
            const figures = (await job.waitUntilFinished(this.events)) as ChunkResult;
            for (const task of groups[i]!) onTaskDone?.(task);
            return figures;
          }),
        ),
        this.#cancelled(stop.signal),
      ]);
      return results.flat();
    } finally {
      stop.abort();
    }
  }

  async close(): Promise<void> {}

  async #cancelled(stop: AbortSignal): Promise<never> {
    while (!stop.aborted) {
      await new Promise((resolve) => setTimeout(resolve, CANCEL_POLL_MS));
      if (!stop.aborted && (await this.isCancelled())) throw new RunCancelledError();
    }
    return new Promise<never>(() => {});
  }
}
