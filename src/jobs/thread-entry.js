// Entry of a planner worker thread: threads do not inherit the main thread's tsx loader, so
// register it, then run the TypeScript module named in workerData and report how it ended.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { main } = await import(workerData.module);
try {
  const value = await main(workerData.data, (message) => parentPort.postMessage({ type: 'message', message }));
  parentPort.postMessage({ type: 'done', value });
} catch (error) {
  parentPort.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
