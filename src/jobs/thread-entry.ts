/**
 * Entry of a planner worker thread: runs the module named in workerData (its `main(data, post)`)
 * and reports how it ended to the thread that started it.
 */
import { parentPort, workerData } from 'node:worker_threads';

type Main = (data: unknown, post: (message: unknown) => void) => Promise<unknown>;

const port = parentPort!;
const { main } = (await import(workerData.module as string)) as { main: Main };
try {
  const value = await main(workerData.data, (message) => port.postMessage({ type: 'message', message }));
  port.postMessage({ type: 'done', value });
} catch (error) {
  port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
