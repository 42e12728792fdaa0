/**
 * `npm run worker` configuration from the environment, validated once at start-up (a bad value
 * stops the process with one line naming the variable, as `npm start` does).
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';

const count = (byDefault: number) => z.coerce.number().int().positive().default(byDefault);

export const WorkerConfigSchema = z.object({
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'use redis://host:port or rediss://').describe('the Redis the API queues runs on'),
  REDIS_PREFIX: z.string().min(1).default('helpline:').describe('the same prefix as the API'),
  WORKER_THREADS: count(availableParallelism()).describe('simulation threads in this worker'),
  WORKER_HEAP_MB: z.coerce.number().int().min(16).default(1024).describe('heap cap of each simulation thread in MB; a thread past it dies and its chunk fails'),
  WORKER_CHUNK_CONCURRENCY: count(2).describe('chunks taken at once (their tasks share the threads); 2 keeps the threads fed between chunks'),
  WORKER_RUN_CONCURRENCY: count(4).describe('runs coordinated at once (waiting on chunks, little CPU)'),
  JOB_CHUNKS: count(32).describe('chunks per batch of simulations at most'),
  JOB_CHUNK_ATTEMPTS: count(3).describe('tries per chunk that throws'),
  JOB_LOCK_MS: count(30_000).describe('a job whose worker has not renewed its lock for this long is stalled'),
  JOB_STALLED_MS: count(15_000).describe('how often each worker looks for stalled jobs to take over'),
  WORKER_HEARTBEAT_FILE: z.string().min(1).optional().describe('touched every 10 s while the worker runs, for a container health check'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type WorkerConfig = z.infer<typeof WorkerConfigSchema>;
