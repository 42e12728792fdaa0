/**
 * One task on its own worker thread, with a heap cap: the thread starts, runs `module`'s
 * `main(data, post)`, and is gone. Aborting terminates it (and every thread it started) at
 * once, wherever it is; a thread that dies (heap cap reached, crash) rejects the task with
 * ThreadDiedError and harms nothing else.
 */
import { Worker } from 'node:worker_threads';
import { RunCancelledError } from './runner-wrappers.ts';

// thread-entry.ts's JavaScript: tsc's output when compiled, a tsx shim from source
const ENTRY = new URL('./thread-entry.js', import.meta.url);

export class ThreadDiedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ThreadDiedError';
  }
}

export interface ThreadTaskOptions {
  /** heap cap of the thread (V8 old generation), in MB */
  heapMb: number;
  signal?: AbortSignal | undefined;
  /** messages the task posts while it runs (progress) */
  onMessage?: ((message: unknown) => void) | undefined;
}

type Reply = { type: 'message'; message: unknown } | { type: 'done'; value: unknown } | { type: 'failed'; message: string };

export function runThreadTask<T>(module: URL, data: unknown, options: ThreadTaskOptions): Promise<T> {
  if (options.signal?.aborted) return Promise.reject(new RunCancelledError());
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(ENTRY, {
      workerData: { module: module.href, data },
      resourceLimits: { maxOldGenerationSizeMb: options.heapMb },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', abort);
      outcome();
      // the task is over either way: nothing of it may keep running
      void worker.terminate();
    };
    const abort = () => settle(() => reject(new RunCancelledError()));
    options.signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (reply: Reply) => {
      if (reply.type === 'message') options.onMessage?.(reply.message);
      else if (reply.type === 'done') settle(() => resolve(reply.value as T));
      else settle(() => reject(new Error(reply.message)));
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const why = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `its thread reached the heap cap of ${options.heapMb} MB and was stopped` : `its thread crashed: ${error.message}`;
      settle(() => reject(new ThreadDiedError(why)));
    });
    worker.on('exit', (code) => settle(() => reject(new ThreadDiedError(`its thread exited (code ${code}) before finishing`))));
  });
}
