// Worker threads do not inherit the main thread's tsx loader: register it here, then load the TS task.
import { register } from 'tsx/esm/api';

register();
const { runTask } = await import('./replication-worker.ts');
export default runTask;
