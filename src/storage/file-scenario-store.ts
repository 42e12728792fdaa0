/**
 * Scenarios on local disk (the embedded default): `<dir>/<id>/v<n>.json` per version and
 * `<dir>/<id>/meta.json` naming the latest. A version file is written before the meta that
 * points at it, each atomically, so a reader never sees a version that is not complete.
 */
import { randomUUID } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { readIfExists, writeFileAtomic } from './atomic-file.ts';
import { KeyedLock } from './keyed-lock.ts';
import { ScenarioSummarySchema, type ScenarioJson, type ScenarioStore, type ScenarioSummary, type StoredScenario } from './scenario-store.ts';

const ID = /^[\w-]{1,100}$/;

export class FileScenarioStore implements ScenarioStore {
  readonly #lock = new KeyedLock();

  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  async create(name: string, scenario: ScenarioJson): Promise<StoredScenario> {
    const id = randomUUID();
    return this.#lock.run(id, () => this.#write(id, undefined, name, scenario));
  }

  async update(id: string, name: string, scenario: ScenarioJson): Promise<StoredScenario | undefined> {
    if (!ID.test(id)) return undefined;
    return this.#lock.run(id, async () => {
      const meta = await this.#meta(id);
      return meta === undefined ? undefined : this.#write(id, meta, name, scenario);
    });
  }

  async get(id: string, version?: number): Promise<StoredScenario | undefined> {
    if (!ID.test(id)) return undefined;
    const meta = await this.#meta(id);
    if (meta === undefined) return undefined;
    const v = version ?? meta.latestVersion;
    const text = v <= meta.latestVersion ? await readIfExists(this.#versionFile(id, v)) : undefined;
    if (text === undefined) return undefined;
    const stored = JSON.parse(text) as { createdAt: string; scenario: ScenarioJson };
    return { ...meta, version: v, versionCreatedAt: stored.createdAt, scenario: stored.scenario };
  }

  async list(): Promise<ScenarioSummary[]> {
    const entries = await readdir(this.dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    const metas = await Promise.all(entries.filter((e) => e.isDirectory()).map((e) => this.#meta(e.name)));
    return metas.filter((m) => m !== undefined).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  async delete(id: string): Promise<boolean> {
    if (!ID.test(id)) return false;
    return this.#lock.run(id, async () => {
      if ((await this.#meta(id)) === undefined) return false;
      // the meta goes first: without it the scenario no longer exists for any reader
      await rm(this.#metaFile(id));
      await rm(path.join(this.dir, id), { recursive: true, force: true });
      return true;
    });
  }

  async close(): Promise<void> {}

  async #write(id: string, meta: ScenarioSummary | undefined, name: string, scenario: ScenarioJson): Promise<StoredScenario> {
    const at = new Date(this.now()).toISOString();
    const version = (meta?.latestVersion ?? 0) + 1;
    await writeFileAtomic(this.#versionFile(id, version), JSON.stringify({ createdAt: at, scenario }));
    const next: ScenarioSummary = { id, name, latestVersion: version, createdAt: meta?.createdAt ?? at, updatedAt: at };
    await writeFileAtomic(this.#metaFile(id), JSON.stringify(next));
    return { ...next, version, versionCreatedAt: at, scenario };
  }

  async #meta(id: string): Promise<ScenarioSummary | undefined> {
    const text = await readIfExists(this.#metaFile(id));
    return text === undefined ? undefined : ScenarioSummarySchema.parse(JSON.parse(text));
  }

  #metaFile(id: string): string {
    return path.join(this.dir, id, 'meta.json');
  }

  #versionFile(id: string, version: number): string {
    return path.join(this.dir, id, `v${version}.json`);
  }
}
