/**
 * Real worker processes (`node bin/run-ts.js src/jobs/worker-main.ts`), with their JSON log
 * lines collected so a test can tell which worker took which chunk, and kill one mid-chunk.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface LogLine {
  msg: string;
  pid: number;
  runId?: string;
  jobId?: string;
  [key: string]: unknown;
}

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  lines: LogLine[];
  /** Resolves with the first log line (from now or before) that matches. */
  waitFor(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<void>;
}

/** Fast takeover for tests: a dead worker's job is someone else's after about a second. */
export const FAST_STALL = { JOB_LOCK_MS: '1000', JOB_STALLED_MS: '500', WORKER_THREADS: '1', LOG_LEVEL: 'info' };

export function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['bin/run-ts.js', 'src/jobs/worker-main.ts'], { env: { ...process.env, ...FAST_STALL, ...env }, stdio: 'pipe' });
  const lines: LogLine[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdout!.on('data', (d) => {
    buffer += d;
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const part of parts) if (part.trim() !== '') lines.push(JSON.parse(part) as LogLine);
    for (const wake of waiters) wake();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waitFor = (match: (line: LogLine) => boolean, timeoutMs = 30_000) =>
    new Promise<LogLine>((resolve, reject) => {
      const check = () => {
        const found = lines.find(match);
        if (found === undefined) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`worker ${child.pid}: no matching log line in ${timeoutMs} ms; stderr: ${stderr}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  const worker: WorkerProcess = {
    child,
    pid: child.pid!,
    lines,
    waitFor,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  return waitFor((l) => l.msg === 'worker ready').then(() => worker);
}

export function startWorkers(n: number, env: Record<string, string>): Promise<WorkerProcess[]> {
  return Promise.all(Array.from({ length: n }, () => startWorker(env)));
}
