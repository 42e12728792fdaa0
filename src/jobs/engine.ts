/**
 * The interface both engines implement: the embedded one runs plans in this process on a
 * thread pool; the BullMQ one queues them for worker processes. The RunStore holds what either
 * has done, so reads never go through the engine.
 */
import type { RunSummary } from '../storage/run-store.ts';
import type { RunPlan } from './run-plan.ts';

export interface RunEngine {
  readonly name: 'embedded' | 'bullmq';
  /** Queues a run whose record is already stored with status `queued`. */
  submit(id: string, plan: RunPlan): Promise<void>;
  /** Marks the run cancelled and stops its work not yet started; undefined if it was not active. */
  cancel(id: string): Promise<RunSummary | undefined>;
  /** Called with the record whenever a run changes (status or progress); returns an unsubscribe. */
  onChange(listener: (record: RunSummary) => void): () => void;
  close(): Promise<void>;
}

/** A set of change listeners, for the engines. */
export class ChangeListeners {
  readonly #listeners = new Set<(record: RunSummary) => void>();

  add(listener: (record: RunSummary) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(record: RunSummary | undefined): void {
    if (record === undefined) return;
    for (const listener of this.#listeners) listener(record);
  }
}
