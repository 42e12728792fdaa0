/**
 * The BullMQ engine, API side (REDIS_URL set): a run becomes one job on the `runs` queue, taken
 * by a worker process (`npm run worker`) that coordinates it and spreads its simulations as
 * chunk jobs over every worker. Changes come back as BullMQ queue events: progress carries the
 * run's record; completion and failure are read from the shared run store.
 */
import type { Queue, QueueEvents } from 'bullmq';
import { ACTIVE, summaryOf, type RunSummary, type RunStore } from '../../storage/run-store.ts';
import { ChangeListeners, type RunEngine } from '../engine.ts';
import type { JobLog } from '../run-lifecycle.ts';
import type { RunPlan } from '../run-plan.ts';
import { CHUNK_QUEUE, openEvents, openQueue, RUN_QUEUE, type BullmqSettings, type ChunkJobData, type RunJobData } from './queues.ts';

export interface BullmqEngineOptions extends BullmqSettings {
  runs: RunStore;
  log: JobLog;
  now?: () => number;
}

export class BullmqEngine implements RunEngine {
  readonly name = 'bullmq';
  readonly #listeners = new ChangeListeners();
  readonly #runQueue: Queue<RunJobData>;
  readonly #chunkQueue: Queue<ChunkJobData>;
  readonly #events: QueueEvents;
  readonly #runs: RunStore;
  readonly #log: JobLog;
  readonly #now: () => number;

  constructor(o: BullmqEngineOptions) {
    this.#runs = o.runs;
    this.#log = o.log;
    this.#now = o.now ?? Date.now;
    this.#runQueue = openQueue(RUN_QUEUE, o);
    this.#chunkQueue = openQueue(CHUNK_QUEUE, o);
    this.#events = openEvents(RUN_QUEUE, o);
    this.#events.on('progress', ({ data }) => this.#listeners.emit(data as RunSummary));
    this.#events.on('completed', ({ jobId }) => void this.#emitStored(jobId));
    // a coordinator records its own failures; this catches the ones it cannot (stalled too often)
    this.#events.on('failed', ({ jobId, failedReason }) => void this.#failed(jobId, failedReason));
  }

  async submit(id: string, plan: RunPlan): Promise<void> {
    // one try: a run that throws would throw again; a worker that dies is covered by stall recovery
    await this.#runQueue.add('run', { runId: id, plan }, { jobId: id, attempts: 1, removeOnComplete: true, removeOnFail: { age: 24 * 3600 } });
  }

  async cancel(id: string): Promise<RunSummary | undefined> {
    const record = await this.#runs.transition(id, ACTIVE, { status: 'cancelled', finishedAt: new Date(this.#now()).toISOString() });
    if (record === undefined) return undefined;
    const removed = await this.#removeWaiting(id);
    this.#log.info({ runId: id, chunksRemoved: removed }, 'run cancelled');
    this.#listeners.emit(record);
    return record;
  }

  onChange(listener: (record: RunSummary) => void): () => void {
    return this.#listeners.add(listener);
  }

  async close(): Promise<void> {
    await Promise.all([this.#events.close(), this.#runQueue.close(), this.#chunkQueue.close()]);
  }

  /** The run job if no worker has it yet, and its chunks no worker has started. */
  async #removeWaiting(id: string): Promise<number> {
    const run = await this.#runQueue.getJob(id);
    if (run !== undefined && (await run.isWaiting())) await run.remove().catch(() => {});
    const waiting = await this.#chunkQueue.getJobs(['waiting', 'prioritized', 'delayed']);
    const mine = waiting.filter((job) => job.data.runId === id);
    // a chunk taken since the listing is locked and stays; its worker skips it (run cancelled)
    const removed = await Promise.all(mine.map((job) => job.remove().then(() => 1, () => 0)));
    return removed.reduce<number>((a, b) => a + b, 0);
  }

  async #emitStored(id: string): Promise<void> {
    const record = await this.#runs.get(id);
    this.#listeners.emit(record && summaryOf(record));
  }

  async #failed(id: string, reason: string): Promise<void> {
    const at = new Date(this.#now()).toISOString();
    const record = await this.#runs.transition(id, ACTIVE, { status: 'failed', finishedAt: at, error: reason });
    if (record !== undefined) this.#log.error({ runId: id, reason }, 'run job failed');
    if (record !== undefined) return this.#listeners.emit(record);
    const stored = await this.#runs.get(id);
    this.#listeners.emit(stored && summaryOf(stored));
  }
}
