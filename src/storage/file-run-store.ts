/**
 * Runs on local disk (the embedded engine): `<dir>/<id>.json` per record, `<dir>/<id>.result.json`
 * per result, each written atomically; the result before the record that says it exists. The
 * records are also held in memory, as this process is their only writer.
 *
 * Runs execute inside this process, so a run still queued or running when the process stopped
 * can never finish: opening the store marks it failed, saying why.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { readIfExists, writeFileAtomic } from './atomic-file.ts';
import { KeyedLock } from './keyed-lock.ts';
import { ACTIVE, RunRecordSchema, type RunPatch, type RunRecord, type RunStatus, type RunStore } from './run-store.ts';

const RECORD = /^([\w-]+)\.json$/;

export class FileRunStore implements RunStore {
  readonly #records = new Map<string, RunRecord>();
  readonly #lock = new KeyedLock();

  private constructor(private readonly dir: string) {}

  static async open(dir: string, now: () => number = Date.now): Promise<FileRunStore> {
    const store = new FileRunStore(dir);
    const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    for (const name of names) {
      const id = RECORD.exec(name)?.[1];
      if (id === undefined || id.endsWith('.result')) continue;
      const text = await readIfExists(path.join(dir, name));
      if (text !== undefined) store.#records.set(id, RunRecordSchema.parse(JSON.parse(text)));
    }
    const at = new Date(now()).toISOString();
    for (const record of store.#records.values()) {
      if (ACTIVE.includes(record.status)) {
        await store.transition(record.id, ACTIVE, { status: 'failed', finishedAt: at, error: 'interrupted: the service stopped before the run finished; start it again' });
      }
    }
    return store;
  }

  async create(record: RunRecord): Promise<void> {
    this.#records.set(record.id, record);
    await this.#save(record.id);
  }

  async get(id: string): Promise<RunRecord | undefined> {
    return this.#records.get(id);
  }

  async list(limit: number): Promise<RunRecord[]> {
    return [...this.#records.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
  }

  async transition(id: string, from: readonly RunStatus[], patch: RunPatch): Promise<RunRecord | undefined> {
    const record = this.#records.get(id);
    if (record === undefined || !from.includes(record.status)) return undefined;
    const next = { ...record, ...patch };
    this.#records.set(id, next);
    await this.#save(id);
    return next;
  }

  async finish(id: string, result: string, finishedAt: string): Promise<RunRecord | undefined> {
    if (this.#records.get(id)?.status !== 'running') return undefined;
    await writeFileAtomic(this.#resultFile(id), result);
    return this.transition(id, ['running'], { status: 'succeeded', finishedAt });
  }

  async result(id: string): Promise<string | undefined> {
    return this.#records.get(id)?.status === 'succeeded' ? readIfExists(this.#resultFile(id)) : undefined;
  }

  async close(): Promise<void> {}

  /** Writes the record as it is when the write starts, so the last write holds the last state. */
  #save(id: string): Promise<void> {
    return this.#lock.run(id, () => writeFileAtomic(path.join(this.dir, `${id}.json`), JSON.stringify(this.#records.get(id))));
  }

  #resultFile(id: string): string {
    return path.join(this.dir, `${id}.result.json`);
  }
}
