/**
 * Runs on local disk (the embedded engine): `<dir>/<id>.json` per record without its request,
 * `<dir>/<id>.request.json` per request, `<dir>/<id>.result.json` per result, each written
 * atomically; the result before the record that says it exists. The summaries are also held in
 * memory, as this process is their only writer; requests and results are read from disk when
 * asked for, so memory does not grow with what runs were asked to simulate.
 *
 * Runs execute inside this process, so a run still queued or running when the process stopped
 * can never finish: opening the store marks it failed, saying why. Finished runs past the
 * retention policy are removed when the store opens and whenever a run is created.
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { readIfExists, writeFileAtomic } from './atomic-file.ts';
import { KeyedLock } from './keyed-lock.ts';
import {
  ACTIVE,
  DEFAULT_RETENTION,
  RunRecordSchema,
  RunSummarySchema,
  runsToRemove,
  summaryOf,
  type RetentionPolicy,
  type RunPatch,
  type RunRecord,
  type RunStatus,
  type RunStore,
  type RunSummary,
} from './run-store.ts';

const RECORD = /^([\w-]+)\.json$/;

export class FileRunStore implements RunStore {
  readonly #summaries = new Map<string, RunSummary>();
  readonly #lock = new KeyedLock();

  private constructor(
    private readonly dir: string,
    private readonly retention: RetentionPolicy,
    private readonly now: () => number,
  ) {}

  static async open(dir: string, now: () => number = Date.now, retention: RetentionPolicy = DEFAULT_RETENTION): Promise<FileRunStore> {
    const store = new FileRunStore(dir, retention, now);
    const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    for (const name of names) {
      const id = RECORD.exec(name)?.[1];
      if (id === undefined || id.endsWith('.result') || id.endsWith('.request')) continue;
      const text = await readIfExists(path.join(dir, name));
      if (text === undefined) continue;
      const json = JSON.parse(text) as { request?: unknown };
      // a record written with its request inline: move the request to its own file
      if (json.request !== undefined) {
        const record = RunRecordSchema.parse(json);
        await writeFileAtomic(store.#requestFile(id), JSON.stringify(record.request));
        store.#summaries.set(id, summaryOf(record));
        await store.#save(id);
      } else store.#summaries.set(id, RunSummarySchema.parse(json));
    }
    const at = new Date(now()).toISOString();
    for (const summary of store.#summaries.values()) {
      if (ACTIVE.includes(summary.status)) {
        await store.transition(summary.id, ACTIVE, { status: 'failed', finishedAt: at, error: 'interrupted: the service stopped before the run finished; start it again' });
      }
    }
    await store.#prune();
    return store;
  }

  async create(record: RunRecord): Promise<void> {
    await writeFileAtomic(this.#requestFile(record.id), JSON.stringify(record.request));
    this.#summaries.set(record.id, summaryOf(record));
    await this.#save(record.id);
    await this.#prune();
  }

  async get(id: string): Promise<RunRecord | undefined> {
    const summary = this.#summaries.get(id);
    if (summary === undefined) return undefined;
    const request = await readIfExists(this.#requestFile(id));
    return { ...summary, request: request === undefined ? {} : (JSON.parse(request) as RunRecord['request']) };
  }

  async list(limit: number): Promise<RunSummary[]> {
    return [...this.#summaries.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
  }

  async transition(id: string, from: readonly RunStatus[], patch: RunPatch): Promise<RunSummary | undefined> {
    const summary = this.#summaries.get(id);
    if (summary === undefined || !from.includes(summary.status)) return undefined;
    const next = { ...summary, ...patch };
    this.#summaries.set(id, next);
    await this.#save(id);
    return next;
  }

  async finish(id: string, result: string, finishedAt: string): Promise<RunSummary | undefined> {
    if (this.#summaries.get(id)?.status !== 'running') return undefined;
    await writeFileAtomic(this.#resultFile(id), result);
    return this.transition(id, ['running'], { status: 'succeeded', finishedAt });
  }

  async result(id: string): Promise<string | undefined> {
    return this.#summaries.get(id)?.status === 'succeeded' ? readIfExists(this.#resultFile(id)) : undefined;
  }

  async close(): Promise<void> {}

  /** Writes the summary as it is when the write starts, so the last write holds the last state. */
  #save(id: string): Promise<void> {
    return this.#lock.run(id, () => writeFileAtomic(path.join(this.dir, `${id}.json`), JSON.stringify(this.#summaries.get(id))));
  }

  async #prune(): Promise<void> {
    for (const id of runsToRemove([...this.#summaries.values()], this.retention, this.now())) {
      this.#summaries.delete(id);
      // the record first: a file left behind by a crash here is an orphan, never a half run
      await this.#lock.run(id, async () => {
        await rm(path.join(this.dir, `${id}.json`), { force: true });
        await rm(this.#requestFile(id), { force: true });
        await rm(this.#resultFile(id), { force: true });
      });
    }
  }

  #requestFile(id: string): string {
    return path.join(this.dir, `${id}.request.json`);
  }

  #resultFile(id: string): string {
    return path.join(this.dir, `${id}.result.json`);
  }
}
