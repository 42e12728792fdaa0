/**
 * Planner services for tests, over either engine: embedded (data on a temporary directory) or
 * BullMQ (a fresh Redis prefix, with worker processes the test starts). `restart()` closes the
 * service and starts a new one over the same data, as a redeploy would.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import WebSocket from 'ws';
import { createPlanner, type Planner } from '../../src/jobs/planner.ts';
import { MemoryLineStore } from '../../src/live/memory-line-store.ts';
import { buildApp } from '../../src/server/app.ts';
import type { RunRecord } from '../../src/storage/run-store.ts';
import { API_KEY, FakeClock, testConfig, testScenario } from './fixtures.ts';
import { dumpAndDelete, redisUrlForTests, testPrefix } from './redis-for-tests.ts';
import { startWorkers, type WorkerProcess } from './worker-processes.ts';
import { request, type Reply } from './harness.ts';

export const redisUrl = await redisUrlForTests();

export interface PlannerService {
  url: string;
  app: FastifyInstance;
  planner: Planner;
  close(): Promise<void>;
}

export interface EngineMode {
  name: 'embedded' | 'bullmq';
  start(overrides?: Record<string, string>): Promise<PlannerService>;
  /** Workers of the BullMQ mode (none for embedded). */
  workers: WorkerProcess[];
  /** The Redis key prefix of the BullMQ mode. */
  prefix?: string;
  cleanup(): Promise<void>;
}

async function startService(env: Record<string, string>): Promise<PlannerService> {
  const config = testConfig(env);
  const logger = pino({ level: 'silent' });
  const planner = await createPlanner(config, logger);
  const app = await buildApp({ config, scenario: testScenario, lineStore: new MemoryLineStore(), clock: new FakeClock(), logger, planner });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, app, planner, close: () => app.close() };
}

/**
 * An embedded-engine service for the tests of the enclosing file or describe: started before
 * them, closed after. The check thread gets a minute, as a loaded machine can take seconds to
 * start it and its answer is what such tests check.
 */
export function embeddedServiceAround(): { readonly url: string } {
  let mode: EngineMode | undefined;
  let service: PlannerService | undefined;
  beforeAll(async () => {
    mode = await embeddedMode();
    service = await mode.start({ PLANNER_CHECK_TIMEOUT_MS: '60000' });
  });
  afterAll(async () => {
    await service?.close();
    await mode?.cleanup();
  });
  return {
    get url(): string {
      if (service === undefined) throw new Error('the service starts in beforeAll');
      return service.url;
    },
  };
}

export async function embeddedMode(): Promise<EngineMode> {
  const dir = await mkdtemp(path.join(tmpdir(), 'planner-'));
  return {
    name: 'embedded',
    workers: [],
    start: (overrides = {}) => startService({ DATA_DIR: dir, JOB_THREADS: '2', ...overrides }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export async function bullmqMode(workerCount: number, workerEnv: Record<string, string> = {}): Promise<EngineMode> {
  const url = redisUrl!;
  const prefix = testPrefix();
  const workers = await startWorkers(workerCount, { REDIS_URL: url, REDIS_PREFIX: prefix, ...workerEnv });
  return {
    name: 'bullmq',
    workers,
    prefix,
    start: (overrides = {}) => startService({ REDIS_URL: url, REDIS_PREFIX: prefix, ...overrides }),
    cleanup: async () => {
      await Promise.all(workers.map((w) => w.stop()));
      await dumpAndDelete(url, prefix);
    },
  };
}

export const KEY = { 'x-api-key': API_KEY };

/** A JSON call with the planner's key (or the headers given). */
export function api<T = any>(base: string, method: string, route: string, body?: unknown, headers: Record<string, string> = KEY): Promise<Reply<T>> {
  return request<T>(base, method, route, body, headers);
}

/** A download: the body as text, with its headers. */
export async function download(base: string, route: string): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(base + route, { headers: KEY });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** Polls until the run leaves queued/running (the WebSocket is tested on its own). */
export async function waitForRun(base: string, id: string, timeoutMs = 60_000): Promise<RunRecord> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await api<RunRecord>(base, 'GET', `/runs/${id}`);
    if (TERMINAL.has(body.status)) return body;
    if (Date.now() > until) throw new Error(`run ${id} still ${body.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every message of /ws/runs from now on. */
export async function watchRuns(base: string): Promise<{ messages: Array<{ type: string; run: RunRecord }>; close(): void }> {
  const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/ws/runs`, { headers: KEY });
  const messages: Array<{ type: string; run: RunRecord }> = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { messages, close: () => socket.close() };
}
