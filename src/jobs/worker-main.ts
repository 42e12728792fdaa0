/**
 * `npm run worker`: a BullMQ worker process for planner runs. Start any number, on any machine
 * that reaches the same Redis (REDIS_URL, REDIS_PREFIX as the API). Stops gracefully on
 * SIGTERM/SIGINT: jobs in hand finish first.
 */
import { writeFile } from 'node:fs/promises';
import closeWithGrace from 'close-with-grace';
import { pino } from 'pino';
import { WorkerConfigSchema } from './bullmq/worker-config.ts';
import { startWorker } from './bullmq/worker.ts';

const parsed = WorkerConfigSchema.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v !== '')));
if (!parsed.success) {
  const issue = parsed.error.issues[0]!;
  process.stderr.write(`helpline-worker: bad configuration: ${String(issue.path[0] ?? '(environment)')}: ${issue.message}\n`);
  process.exit(1);
}
const config = parsed.data;
const log = pino({ level: config.LOG_LEVEL, base: { pid: process.pid, role: 'worker' } });
const worker = await startWorker(config, log);
const heartbeatFile = config.WORKER_HEARTBEAT_FILE;
if (heartbeatFile !== undefined) {
  const beat = () => writeFile(heartbeatFile, new Date().toISOString()).catch((err: unknown) => log.warn({ err }, 'heartbeat not written'));
  void beat();
  setInterval(beat, 10_000).unref();
}
closeWithGrace({ delay: 60_000 }, async ({ signal, err }) => {
  if (err) log.error({ err }, 'shutting down after an error');
  else log.info({ signal }, 'shutting down');
  await worker.close();
});
