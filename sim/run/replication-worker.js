// From source, this file is replication-worker.ts's JavaScript: worker threads do not inherit
// the main thread's tsx loader, so it registers tsx and re-exports the task. Compiled, tsc's
// dist/sim/run/replication-worker.js takes its place under the same name.
import { register } from 'tsx/esm/api';

register();
export const { runTask } = await import('./replication-worker.ts');
