/**
 * The live service for browser tests: built in-process on a real port, with the real clock
 * shifted to a weekday afternoon in Tokyo so every organisation of the #9999-like scenario is
 * staffed whatever the hour the tests run, and restartable on the same port.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { loadScenarioFile } from '../../sim/io/load-scenario.ts';
import { createPlanner } from '../../src/jobs/planner.ts';
import type { Scenario } from '../../core/scenario/schema.ts';
import { MemoryLineStore } from '../../src/live/memory-line-store.ts';
import { buildApp } from '../../src/server/app.ts';
import { DEFAULT_DASHBOARDS_ROOT } from '../../src/server/plugins/dashboards.ts';
import { testConfig } from '../support/fixtures.ts';

const HOUR_MS = 3_600_000;

/** Today at 14:00 in Tokyo (UTC+9, no daylight saving), as an offset from the real clock. */
function offsetToTokyoAfternoon(): number {
  const now = Date.now();
  const tokyoMidnight = Math.floor((now + 9 * HOUR_MS) / (24 * HOUR_MS)) * 24 * HOUR_MS - 9 * HOUR_MS;
  return tokyoMidnight + 14 * HOUR_MS - now;
}

export async function loadTestScenario(): Promise<Scenario> {
  if (!existsSync(`${DEFAULT_DASHBOARDS_ROOT}index.html`)) throw new Error('dashboards not built: run npm run build:dashboards first');
  return loadScenarioFile('scenarios/9999-like.json');
}

export class TestService {
  app: FastifyInstance | undefined;
  port = 0;
  #offset = offsetToTokyoAfternoon();
  /** Planner data (scenarios, runs) in a temporary folder, when the planner is wanted. */
  readonly #dataDir: string | undefined;
  /** Environment overrides of the test configuration (LIVE_PUBLIC=false, …). */
  readonly #config: Record<string, string>;

  constructor(
    readonly scenario: Scenario,
    opts: { planner?: boolean; config?: Record<string, string> } = {},
  ) {
    if (opts.planner) this.#dataDir = mkdtempSync(path.join(tmpdir(), 'helpline-e2e-'));
    this.#config = opts.config ?? {};
  }

  /** Moves the service's clock on by `ms` (it keeps running from there). */
  advance(ms: number): void {
    this.#offset += ms;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts a fresh service (empty store); on the port it had before, once it has had one. */
  async start(): Promise<void> {
    const logger = pino({ level: 'silent' });
    const planner = this.#dataDir === undefined ? undefined : await createPlanner({ REDIS_PREFIX: 'e2e:', DATA_DIR: this.#dataDir, JOB_THREADS: 2 }, logger);
    this.app = await buildApp({
      config: testConfig(this.#config),
      scenario: this.scenario,
      lineStore: new MemoryLineStore(),
      clock: { now: () => Date.now() + this.#offset },
      logger,
      planner,
    });
    await this.app.listen({ port: this.port, host: '127.0.0.1' });
    this.port = (this.app.server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    this.app = undefined;
  }

  /** Stops the service and deletes its planner data. */
  async dispose(): Promise<void> {
    await this.stop();
    if (this.#dataDir !== undefined) rmSync(this.#dataDir, { recursive: true, force: true });
  }
}
