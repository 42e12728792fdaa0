/**
 * The two BullMQ queues and what travels on them. A run job coordinates one run (one per
 * run, id = run id); its simulations go out as chunk jobs, each a contiguous range of the
 * Runner's tasks, and come back as their figures, merged in task order by the coordinator.
 */
import { Queue, QueueEvents, type ConnectionOptions } from 'bullmq';
import type { ReplicationFigures } from '../../../sim/model/metrics.ts';
import type { ReplicationTask } from '../../../sim/run/runner.ts';
import type { RunPlan } from '../run-plan.ts';

export const RUN_QUEUE = 'runs';
export const CHUNK_QUEUE = 'chunks';

export interface RunJobData {
  runId: string;
  plan: RunPlan;
}

export interface ChunkJobData {
  runId: string;
  tasks: ReplicationTask[];
}

export type ChunkResult = ReplicationFigures[][];

export interface BullmqSettings {
  url: string;
  /** the service's REDIS_PREFIX; BullMQ's keys go under `<prefix>bull` */
  prefix: string;
}

export function connection(url: string): ConnectionOptions {
  // BullMQ's blocking commands must wait as long as they need, never be retried by the client
  return { url, maxRetriesPerRequest: null } as ConnectionOptions;
}

export function bullPrefix(prefix: string): string {
  return `${prefix}bull`;
}

export function openQueue<T>(name: string, settings: BullmqSettings): Queue<T> {
  const queue = new Queue<T>(name, { connection: connection(settings.url), prefix: bullPrefix(settings.prefix) });
  // every job awaited on the queue adds a listener; a run may await hundreds of chunks
  queue.setMaxListeners(0);
  return queue;
}

export function openEvents(name: string, settings: BullmqSettings): QueueEvents {
  const events = new QueueEvents(name, { connection: connection(settings.url), prefix: bullPrefix(settings.prefix) });
  events.setMaxListeners(0);
  return events;
}

/** Chunk ids repeat when a coordinator restarts a run (same plan, same batches), so finished chunks are reused. */
export function chunkJobId(runId: string, batch: number, chunk: number): string {
  return `${runId}.${batch}.${chunk}`;
}
