/**
 * A BullMQ worker process's two workers: chunks (simulate a range of tasks on this process's
 * thread pool) and runs (coordinate one run: its simulations go out as chunks that any worker,
 * this one included, takes). Allocate and calibrate are iterative — each step depends on the
 * last — so they run as one run job whose every batch of simulations is chunked like a sweep's.
 *
 * A worker killed mid-job stops renewing its lock; after JOB_LOCK_MS another worker's stalled
 * check puts the job back, and it runs again elsewhere (chunks are pure, so a rerun gives the
 * same figures; a rerun coordinator reuses the chunks already finished).
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createRunner } from '../../../sim/run/runner.ts';
import { RedisRunStore } from '../../storage/redis-run-store.ts';
import { executeRun } from '../execute-run.ts';
import { runToCompletion } from '../run-lifecycle.ts';
import { countingRunner } from '../runner-wrappers.ts';
import { ChunkedRunner } from './chunked-runner.ts';
import { bullPrefix, CHUNK_QUEUE, connection, openEvents, openQueue, RUN_QUEUE, type ChunkJobData, type ChunkResult, type RunJobData } from './queues.ts';
import type { WorkerConfig } from './worker-config.ts';

export interface RunningWorker {
  close(): Promise<void>;
}

export async function startWorker(config: WorkerConfig, log: Logger): Promise<RunningWorker> {
  const settings = { url: config.REDIS_URL, prefix: config.REDIS_PREFIX };
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3 });
  redis.on('error', (err) => log.error({ err }, 'redis connection error'));
  const runs = new RedisRunStore(redis, config.REDIS_PREFIX);
  const pool = createRunner(config.WORKER_THREADS, { heapMb: config.WORKER_HEAP_MB });
  const chunkQueue = openQueue<ChunkJobData>(CHUNK_QUEUE, settings);
  const chunkEvents = openEvents(CHUNK_QUEUE, settings);
  const isCancelled = async (runId: string) => (await runs.get(runId))?.status === 'cancelled';
  const common = {
    connection: connection(config.REDIS_URL),
    prefix: bullPrefix(config.REDIS_PREFIX),
    lockDuration: config.JOB_LOCK_MS,
    stalledInterval: config.JOB_STALLED_MS,
    maxStalledCount: 2,
  };

  const chunks = new Worker<ChunkJobData, ChunkResult>(
    CHUNK_QUEUE,
    async (job: Job<ChunkJobData>) => {
      const { runId, tasks } = job.data;
      if (await isCancelled(runId)) throw new UnrecoverableError('run cancelled');
      log.info({ runId, jobId: job.id, tasks: tasks.length }, 'chunk started');
      const figures = await pool.run(tasks);
      log.info({ runId, jobId: job.id }, 'chunk done');
      return figures;
    },
    { ...common, concurrency: config.WORKER_CHUNK_CONCURRENCY },
  );

  const coordinators = new Worker<RunJobData>(
    RUN_QUEUE,
    async (job: Job<RunJobData>) => {
      const { runId, plan } = job.data;
      const runner = new ChunkedRunner(runId, chunkQueue, chunkEvents, () => isCancelled(runId), {
        chunks: config.JOB_CHUNKS,
        attempts: config.JOB_CHUNK_ATTEMPTS,
      });
      await runToCompletion({
        id: runId,
        plan,
        runs,
        execute: async (p, onReplications) => JSON.stringify(await executeRun(p, countingRunner(runner, onReplications))),
        log,
        now: Date.now,
        onChange: (record) => void job.updateProgress(record).catch((err: unknown) => log.warn({ runId, err }, 'progress not sent')),
      });
    },
    { ...common, concurrency: config.WORKER_RUN_CONCURRENCY },
  );

  for (const [name, worker] of [['chunks', chunks], ['runs', coordinators]] as const) {
    worker.on('error', (err) => log.error({ err, queue: name }, 'worker error'));
    worker.on('failed', (job, err) => log.warn({ queue: name, jobId: job?.id, runId: job?.data.runId, err: err.message }, 'job failed'));
  }
  await Promise.all([chunks.waitUntilReady(), coordinators.waitUntilReady(), chunkEvents.waitUntilReady()]);
  log.info({ threads: pool.threads, chunkConcurrency: config.WORKER_CHUNK_CONCURRENCY }, 'worker ready');

  return {
    async close() {
      // stop taking jobs, let the ones in hand finish, then release the pool and connections
      await Promise.all([coordinators.close(), chunks.close()]);
      await Promise.all([chunkEvents.close(), chunkQueue.close(), pool.close()]);
      redis.disconnect();
    },
  };
}
