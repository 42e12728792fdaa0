/**
 * The planner's parts, chosen by configuration: with no REDIS_URL, scenarios and results on
 * local disk under DATA_DIR and runs on a thread pool in this process; with REDIS_URL, both in
 * Redis and runs queued for `npm run worker` processes.
 */
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createRunner, defaultThreads } from '../../sim/run/runner.ts';
import { FileRunStore } from '../storage/file-run-store.ts';
import { FileScenarioStore } from '../storage/file-scenario-store.ts';
import { RedisRunStore } from '../storage/redis-run-store.ts';
import { RedisScenarioStore } from '../storage/redis-scenario-store.ts';
import type { ScenarioStore } from '../storage/scenario-store.ts';
import { BullmqEngine } from './bullmq/bullmq-engine.ts';
import { EmbeddedEngine } from './embedded-engine.ts';
import { RunService } from './run-service.ts';

export interface Planner {
  scenarios: ScenarioStore;
  runs: RunService;
  close(): Promise<void>;
}

export interface PlannerConfig {
  REDIS_URL?: string | undefined;
  REDIS_PREFIX: string;
  DATA_DIR: string;
  JOB_THREADS?: number | undefined;
}

export async function createPlanner(config: PlannerConfig, log: Logger): Promise<Planner> {
  if (config.REDIS_URL === undefined) {
    const scenarios = new FileScenarioStore(path.join(config.DATA_DIR, 'scenarios'));
    const store = await FileRunStore.open(path.join(config.DATA_DIR, 'runs'));
    const engine = new EmbeddedEngine(store, () => createRunner(config.JOB_THREADS ?? defaultThreads()), log);
    return { scenarios, runs: new RunService(scenarios, store, engine), close: () => engine.close() };
  }
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3 });
  redis.on('error', (err) => log.error({ err }, 'planner redis connection error'));
  const scenarios = new RedisScenarioStore(redis, config.REDIS_PREFIX);
  const store = new RedisRunStore(redis, config.REDIS_PREFIX);
  const engine = new BullmqEngine({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX, runs: store, log });
  return {
    scenarios,
    runs: new RunService(scenarios, store, engine),
    close: async () => {
      await engine.close();
      redis.disconnect();
    },
  };
}
