/**
 * The planner's parts, chosen by configuration: with no REDIS_URL, scenarios and results on
 * local disk under DATA_DIR and runs on worker threads of this process; with REDIS_URL, both in
 * Redis and runs queued for `npm run worker` processes. Either way this process only admits
 * runs (cost limits) and checks them on a worker thread: no planning on its event loop.
 */
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DEFAULT_COST_LIMITS, type CostLimits } from '../../sim/run/run-cost.ts';
import { defaultThreads } from '../../sim/run/runner.ts';
import { FileRunStore } from '../storage/file-run-store.ts';
import { FileScenarioStore } from '../storage/file-scenario-store.ts';
import { RedisRunStore } from '../storage/redis-run-store.ts';
import { RedisScenarioStore } from '../storage/redis-scenario-store.ts';
import { DEFAULT_RETENTION, type RetentionPolicy } from '../storage/run-store.ts';
import type { ScenarioStore } from '../storage/scenario-store.ts';
import { BullmqEngine } from './bullmq/bullmq-engine.ts';
import { EmbeddedEngine } from './embedded-engine.ts';
import { threadPlanChecker } from './plan-checker.ts';
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
  PLANNER_RUN_CONCURRENCY?: number | undefined;
  PLANNER_WORKER_HEAP_MB?: number | undefined;
  PLANNER_CHECK_TIMEOUT_MS?: number | undefined;
  PLANNER_MAX_SIMULATED_CALLERS?: number | undefined;
  PLANNER_MAX_LINES?: number | undefined;
  PLANNER_MAX_SWEEP_POINTS?: number | undefined;
  PLANNER_MAX_RUNS?: number | undefined;
  PLANNER_RUN_MAX_AGE_DAYS?: number | undefined;
  PLANNER_MAX_RESULT_BYTES?: number | undefined;
}

const DEFAULT_HEAP_MB = 1024;
const DEFAULT_CHECK_TIMEOUT_MS = 30_000;

function costLimits(c: PlannerConfig): CostLimits {
  return {
    maxSimulatedCallers: c.PLANNER_MAX_SIMULATED_CALLERS ?? DEFAULT_COST_LIMITS.maxSimulatedCallers,
    maxLines: c.PLANNER_MAX_LINES ?? DEFAULT_COST_LIMITS.maxLines,
    maxSweepPoints: c.PLANNER_MAX_SWEEP_POINTS ?? DEFAULT_COST_LIMITS.maxSweepPoints,
  };
}

function retention(c: PlannerConfig): RetentionPolicy {
  return {
    maxRuns: c.PLANNER_MAX_RUNS ?? DEFAULT_RETENTION.maxRuns,
    maxAgeMs: c.PLANNER_RUN_MAX_AGE_DAYS === undefined ? DEFAULT_RETENTION.maxAgeMs : c.PLANNER_RUN_MAX_AGE_DAYS * 24 * 3600 * 1000,
  };
}

export async function createPlanner(config: PlannerConfig, log: Logger): Promise<Planner> {
  const heapMb = config.PLANNER_WORKER_HEAP_MB ?? DEFAULT_HEAP_MB;
  const checker = threadPlanChecker({ heapMb, timeoutMs: config.PLANNER_CHECK_TIMEOUT_MS ?? DEFAULT_CHECK_TIMEOUT_MS });
  const limits = costLimits(config);
  if (config.REDIS_URL === undefined) {
    const scenarios = new FileScenarioStore(path.join(config.DATA_DIR, 'scenarios'));
    const store = await FileRunStore.open(path.join(config.DATA_DIR, 'runs'), Date.now, retention(config));
    const engine = new EmbeddedEngine(
      store,
      { threads: config.JOB_THREADS ?? defaultThreads(), heapMb, concurrency: config.PLANNER_RUN_CONCURRENCY ?? 1, maxResultBytes: config.PLANNER_MAX_RESULT_BYTES },
      log,
    );
    return {
      scenarios,
      runs: new RunService(scenarios, store, engine, checker, limits),
      close: async () => {
        await Promise.all([engine.close(), checker.close()]);
      },
    };
  }
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3 });
  redis.on('error', (err) => log.error({ err }, 'planner redis connection error'));
  const scenarios = new RedisScenarioStore(redis, config.REDIS_PREFIX);
  const store = new RedisRunStore(redis, config.REDIS_PREFIX, retention(config));
  const engine = new BullmqEngine({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX, runs: store, log });
  return {
    scenarios,
    runs: new RunService(scenarios, store, engine, checker, limits),
    close: async () => {
      await Promise.all([engine.close(), checker.close()]);
      redis.disconnect();
    },
  };
}
