/**
 * One run from start to finish, the same in both engines: mark it running (unless it was
 * cancelled first), report progress at most a few times a second, store the result with the
 * status that says it exists, or the error that stopped it. Only the run fails: an error is
 * recorded on its record and logged with its id, never thrown to the engine.
 */
import type { Logger } from 'pino';
import { ACTIVE, type RunSummary, type RunStore } from '../storage/run-store.ts';
import { plannedReplications, type RunPlan } from './run-plan.ts';

const PROGRESS_EVERY_MS = 250;

/** The part of a pino logger the jobs use (the service's and the worker's both fit). */
export type JobLog = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface RunContext {
  id: string;
  plan: RunPlan;
  runs: RunStore;
  /**
   * Executes the plan where the engine runs it (a worker thread, BullMQ chunks), calling
   * `onReplications` with the running total; resolves with the result's JSON text.
   * Cancellation is the engine's concern.
   */
  execute: (plan: RunPlan, onReplications: (done: number) => void) => Promise<string>;
  /** a result longer than this (characters of JSON) fails the run instead of being stored */
  maxResultBytes?: number | undefined;
  log: JobLog;
  now: () => number;
  onChange: (record: RunSummary) => void;
}

export async function runToCompletion(ctx: RunContext): Promise<void> {
  const { id, runs, log } = ctx;
  const iso = () => new Date(ctx.now()).toISOString();
  const total = plannedReplications(ctx.plan);
  // 'running' too: a BullMQ run whose worker died is started again by another worker
  const started = await runs.transition(id, ACTIVE, { status: 'running', startedAt: iso(), progress: { done: 0, total } });
  if (started === undefined) return;
  ctx.onChange(started);

  let lastWrite = 0;
  let writes: Promise<void> = Promise.resolve();
  const onReplications = (done: number) => {
    const at = ctx.now();
    if (at - lastWrite < PROGRESS_EVERY_MS && done !== total) return;
    lastWrite = at;
    // progress is advisory: a failed write is logged, never the end of the run
    writes = writes.then(async () => {
      try {
        const record = await runs.transition(id, ['running'], { progress: { done, total } });
        if (record !== undefined) ctx.onChange(record);
      } catch (err) {
        log.warn({ runId: id, err }, 'progress not recorded');
      }
    });
  };

  log.info({ runId: id, kind: ctx.plan.kind, replications: total }, 'run started');
  try {
    const result = await ctx.execute(ctx.plan, onReplications);
    await writes;
    if (ctx.maxResultBytes !== undefined && result.length > ctx.maxResultBytes) {
      throw new Error(`the result is ${result.length} bytes, more than the ${ctx.maxResultBytes} kept (PLANNER_MAX_RESULT_BYTES): split the run`);
    }
    const finished = await runs.finish(id, result, iso());
    if (finished !== undefined) {
      log.info({ runId: id }, 'run succeeded');
      ctx.onChange(finished);
    }
  } catch (error) {
    await writes;
    const failed = await runs.transition(id, ['running'], { status: 'failed', finishedAt: iso(), error: error instanceof Error ? error.message : String(error) });
    if (failed === undefined) {
      log.info({ runId: id }, 'run stopped: cancelled');
      return;
    }
    log.error({ runId: id, err: error }, 'run failed');
    ctx.onChange(failed);
  }
}
