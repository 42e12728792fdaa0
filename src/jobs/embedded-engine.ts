/**
 * The embedded engine (no REDIS_URL): runs wait in a queue and at most `concurrency` execute
 * at once, each on a worker thread of its own with a heap cap (run-thread.ts), so neither a
 * run's planning nor its simulations ever hold the routing event loop or grow its heap.
 * Cancel terminates a running run's threads at once and the next queued run starts; a thread
 * that dies fails its run alone, with the reason on the run.
 */
import { ACTIVE, type RunSummary, type RunStore } from '../storage/run-store.ts';
import { ChangeListeners, type RunEngine } from './engine.ts';
import { runToCompletion, type JobLog } from './run-lifecycle.ts';
import type { RunPlan } from './run-plan.ts';
import { runOnThread, type RunThreadOptions } from './run-thread.ts';

export interface EmbeddedEngineOptions extends RunThreadOptions {
  /** runs executing at once; the others wait, in order */
  concurrency: number;
  maxResultBytes?: number | undefined;
}

interface Job {
  id: string;
  plan: RunPlan;
  cancel: AbortController;
}

export class EmbeddedEngine implements RunEngine {
  readonly name = 'embedded';
  readonly #listeners = new ChangeListeners();
  readonly #queue: Job[] = [];
  readonly #running = new Map<string, { cancel: AbortController; done: Promise<void> }>();

  constructor(
    private readonly runs: RunStore,
    private readonly options: EmbeddedEngineOptions,
    private readonly log: JobLog,
    private readonly now: () => number = Date.now,
  ) {}

  async submit(id: string, plan: RunPlan): Promise<void> {
    this.#queue.push({ id, plan, cancel: new AbortController() });
    this.#next();
  }

  async cancel(id: string): Promise<RunSummary | undefined> {
    const record = await this.runs.transition(id, ACTIVE, { status: 'cancelled', finishedAt: new Date(this.now()).toISOString() });
    if (record === undefined) return undefined;
    const queued = this.#queue.findIndex((q) => q.id === id);
    if (queued >= 0) this.#queue.splice(queued, 1);
    this.#running.get(id)?.cancel.abort();
    this.log.info({ runId: id }, 'run cancelled');
    this.#listeners.emit(record);
    return record;
  }

  onChange(listener: (record: RunSummary) => void): () => void {
    return this.#listeners.add(listener);
  }

  async close(): Promise<void> {
    this.#queue.length = 0;
    for (const run of this.#running.values()) run.cancel.abort();
    await Promise.all([...this.#running.values()].map((run) => run.done));
  }

  #next(): void {
    while (this.#running.size < this.options.concurrency) {
      const job = this.#queue.shift();
      if (job === undefined) return;
      this.#start(job);
    }
  }

  #start(job: Job): void {
    const { threads, heapMb } = this.options;
    const done = runToCompletion({
      id: job.id,
      plan: job.plan,
      runs: this.runs,
      execute: (plan, onReplications) => runOnThread(plan, { threads, heapMb }, onReplications, job.cancel.signal),
      maxResultBytes: this.options.maxResultBytes,
      log: this.log,
      now: this.now,
      onChange: (record) => this.#listeners.emit(record),
    })
      // only the store failing gets here (the run's own errors are recorded on it); the queue goes on
      .catch((err: unknown) => this.log.error({ runId: job.id, err }, 'run could not be recorded'))
      .finally(() => {
        this.#running.delete(job.id);
        this.#next();
      });
    this.#running.set(job.id, { cancel: job.cancel, done });
  }
}
