/**
 * The embedded engine (no REDIS_URL): runs execute one after another in this process, each on
 * the shared thread pool (a run already uses every thread, so running two at once would only
 * interleave them). Cancel stops a run's tasks not yet started and drops it from the queue.
 */
import type { Runner } from '../../sim/run/runner.ts';
import { ACTIVE, type RunRecord, type RunStore } from '../storage/run-store.ts';
import { ChangeListeners, type RunEngine } from './engine.ts';
import { runToCompletion, type JobLog } from './run-lifecycle.ts';
import type { RunPlan } from './run-plan.ts';
import { cancellableRunner } from './runner-wrappers.ts';

export class EmbeddedEngine implements RunEngine {
  readonly name = 'embedded';
  readonly #listeners = new ChangeListeners();
  readonly #queue: Array<{ id: string; plan: RunPlan; cancel: AbortController }> = [];
  #current: { id: string; cancel: AbortController; done: Promise<void> } | undefined;
  #runner: Runner | undefined;

  /** `makeRunner` is called at the first run: a service nobody plans with starts no threads. */
  constructor(
    private readonly runs: RunStore,
    private readonly makeRunner: () => Runner,
    private readonly log: JobLog,
    private readonly now: () => number = Date.now,
  ) {}

  async submit(id: string, plan: RunPlan): Promise<void> {
    this.#queue.push({ id, plan, cancel: new AbortController() });
    this.#next();
  }

  async cancel(id: string): Promise<RunRecord | undefined> {
    const record = await this.runs.transition(id, ACTIVE, { status: 'cancelled', finishedAt: new Date(this.now()).toISOString() });
    if (record === undefined) return undefined;
    const queued = this.#queue.findIndex((q) => q.id === id);
    if (queued >= 0) this.#queue.splice(queued, 1);
    if (this.#current?.id === id) this.#current.cancel.abort();
    this.log.info({ runId: id }, 'run cancelled');
    this.#listeners.emit(record);
    return record;
  }

  onChange(listener: (record: RunRecord) => void): () => void {
    return this.#listeners.add(listener);
  }

  async close(): Promise<void> {
    this.#queue.length = 0;
    this.#current?.cancel.abort();
    await this.#current?.done;
    await this.#runner?.close();
  }

  #next(): void {
    if (this.#current !== undefined) return;
    const job = this.#queue.shift();
    if (job === undefined) return;
    const done = runToCompletion({
      id: job.id,
      plan: job.plan,
      runs: this.runs,
      runner: cancellableRunner((this.#runner ??= this.makeRunner()), job.cancel.signal),
      log: this.log,
      now: this.now,
      onChange: (record) => this.#listeners.emit(record),
    })
      // only the store failing gets here (the run's own errors are recorded on it); the queue goes on
      .catch((err: unknown) => this.log.error({ runId: job.id, err }, 'run could not be recorded'))
      .finally(() => {
      this.#current = undefined;
      this.#next();
    });
    this.#current = { id: job.id, cancel: job.cancel, done };
  }
}
