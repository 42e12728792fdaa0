/**
 * Real processes for the chaos suite: a Redis server of its own on a free port (never the
 * shared one other tests use), and service instances (`src/server/main.ts`). Every process is
 * tracked and `killAll` ends them all; every wait is bounded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

export const API_KEY = 'chaos-admin-key-0123456789';
const CALLER_HASH_KEY = 'chaos-hash-key-0123456789';
export const SCENARIO = path.resolve('test/chaos/chaos-scenario.json');

const children = new Set<ChildProcess>();

/** Kills every process this suite started and not yet reaped (afterEach/afterAll, and on exit). */
export async function killAll(): Promise<void> {
  const exits = [...children].map((child) => {
    // a stopped process (SIGSTOP) dies of SIGKILL too
    child.kill('SIGKILL');
    return exited(child, 5000);
  });
  await Promise.all(exits);
}
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

function exited(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process ${child.pid} did not exit within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns a value other than undefined, or throws `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(everyMs);
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Keeps the last `max` characters of a stream, for failure messages. */
function tail(stream: NodeJS.ReadableStream | null, max = 20_000): () => string {
  let text = '';
  stream?.on('data', (d: Buffer) => {
    text += d.toString();
    if (text.length > 2 * max) text = text.slice(-max);
  });
  return () => text.slice(-max);
}

export interface RedisOptions {
  /** Append-only file with fsync on every write: a SIGKILL loses nothing acknowledged. */
  persistent: boolean;
}

/** A redis-server of this suite's own, restartable on the same port and data directory. */
export class RedisServer {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'helpline-chaos-redis-'));
  #child: ChildProcess | undefined;
  #log: () => string = () => '';

  private constructor(
    readonly port: number,
    readonly options: RedisOptions,
  ) {}

  static async start(options: RedisOptions): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), options);
    await server.restart();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.#child!.pid!;
  }

  /** Starts the server (again) on its port and directory: with its data if persistent. */
  async restart(): Promise<void> {
    const persistence = this.options.persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--dir', this.dir, '--enable-debug-command', 'local', ...persistence];
    const child = track(spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    // the suite needs the binary (CI has it); say so instead of timing out
    const missing = new Promise<never>((_, reject) =>
      child.once('error', (error) => reject(new Error(`cannot start redis-server (the chaos suite needs it on PATH): ${error.message}`))),
    );
    missing.catch(() => {});
    this.#child = child;
    this.#log = tail(child.stdout);
    await Promise.race([missing, this.#ready()]);
  }

  async #ready(): Promise<void> {
    await waitFor(`redis-server on port ${this.port}`, 10_000, async () => ((await this.command((r) => r.ping())) === 'PONG' ? true : undefined), 50);
  }

  /** SIGKILL: no shutdown save; what is on disk (the fsynced append-only file, if any) is all that survives. */
  async kill(): Promise<void> {
    const child = this.#child!;
    child.kill('SIGKILL');
    await exited(child, 5000);
  }

  pause(): void {
    this.#child!.kill('SIGSTOP');
  }

  resume(): void {
    this.#child!.kill('SIGCONT');
  }

  /** One command on a fresh connection that gives up quickly (the server may be paused or gone). */
  async command<T>(run: (redis: Redis) => Promise<T>, timeoutMs = 2000): Promise<T> {
    const redis = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs, commandTimeout: timeoutMs });
    redis.on('error', () => {});
    try {
      await redis.connect();
      return await run(redis);
    } finally {
      redis.disconnect();
    }
  }

  /** `DEBUG SLEEP seconds`: the server answers nobody meanwhile. Resolves when it wakes up. */
  stall(seconds: number): Promise<void> {
    return this.command((r) => r.call('DEBUG', 'SLEEP', String(seconds)), seconds * 1000 + 5000).then(() => undefined);
  }

  log(): string {
    return this.#log();
  }

  async dispose(): Promise<void> {
    if (this.#child !== undefined) {
      this.#child.kill('SIGKILL');
      await exited(this.#child, 5000);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Timeouts and limits given to every service instance (scenario seconds; the clock runs at real speed). */
export const TIMEOUTS = {
  RING_TIMEOUT_SECONDS: 3,
  MAX_TALK_SECONDS: 4,
  MENU_TIMEOUT_SECONDS: 3,
  REDIS_COMMAND_TIMEOUT_MS: 500,
  READY_TIMEOUT_MS: 500,
} as const;

/** The scenario's queue: a call waits at most this long (chaos-scenario.json), then hears busy. */
export const MAX_WAIT_MS = 5000;
/** Real ms between two runs of the service's time-driven work at CLOCK_SPEED=1. */
export const TICK_MS = 1000;

/**
 * The longest a call can stay active after its front end goes silent: the whole queue wait, then
 * ringing until the ring timeout (or ringing, answered, then the maximum talk time), plus a tick
 * for each expiry and a margin for a loaded machine.
 */
export const SETTLE_MS =
  MAX_WAIT_MS + Math.max(TIMEOUTS.RING_TIMEOUT_SECONDS * 1000, TIMEOUTS.MAX_TALK_SECONDS * 1000) + 3 * TICK_MS + 2000;

export interface ServiceOptions {
  /** Unset: live state in the process's memory. */
  redisUrl?: string;
  redisPrefix?: string;
  env?: Record<string, string>;
}

/** One instance of the live service, as `npm start` runs it. */
export class ServiceProcess {
  /** Planner files in memory mode (the planner is not under test here, but the service starts one). */
  readonly #dataDir = mkdtempSync(path.join(tmpdir(), 'helpline-chaos-data-'));
  #child: ChildProcess | undefined;
  #stdout: () => string = () => '';
  #stderr: () => string = () => '';

  private constructor(
    readonly port: number,
    readonly options: ServiceOptions,
  ) {}

  static async start(options: ServiceOptions): Promise<ServiceProcess> {
    const service = new ServiceProcess(await freePort(), options);
    await service.restart();
    return service;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Starts the instance (again) on its port; resolves when /healthz answers. */
  async restart(): Promise<void> {
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      PORT: String(this.port),
      HOST: '127.0.0.1',
      API_KEY,
      CALLER_HASH_KEY,
      SCENARIO,
      REDIS_URL: this.options.redisUrl ?? '',
      REDIS_PREFIX: this.options.redisPrefix ?? 'chaos:',
      RATE_LIMIT_MAX: '10000000',
      LOG_LEVEL: 'warn',
      DATA_DIR: this.#dataDir,
      JOB_THREADS: '1',
      CLOCK_SPEED: '1',
      CLOCK_START: '',
      TELEPHONY_API_KEY: '',
      ...Object.fromEntries(Object.entries(TIMEOUTS).map(([k, v]) => [k, String(v)])),
      ...this.options.env,
    };
    // CHAOS_SERVICE_ROOT: run another checkout's service (e.g. the one before a fix) under the same suite
    const cwd = process.env.CHAOS_SERVICE_ROOT ?? process.cwd();
    const child = track(spawn(process.execPath, ['bin/run-ts.js', 'src/server/main.ts'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }));
    this.#child = child;
    this.#stdout = tail(child.stdout);
    this.#stderr = tail(child.stderr);
    await waitFor(`service on port ${this.port} (${this.#stderr()})`, 30_000, async () => {
      if (!this.running) throw new Error(`service exited: ${this.#stderr()}`);
      const res = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(1000) });
      return res.ok ? true : undefined;
    });
  }

  async kill(): Promise<void> {
    const child = this.#child;
    if (child === undefined) return;
    child.kill('SIGKILL');
    await exited(child, 5000);
  }

  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.#dataDir, { recursive: true, force: true });
  }

  /** What the instance wrote (warnings and errors), for failure messages. */
  log(): string {
    return `${this.#stdout()}\n${this.#stderr()}`;
  }
}
