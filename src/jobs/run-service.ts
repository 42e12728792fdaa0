/**
 * Runs as the planner API sees them: start (admit on this thread, check on a worker thread,
 * store the record, hand the plan to the engine), read, list, cancel, and read the result of
 * a finished run.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_COST_LIMITS, type CostLimits } from '../../sim/run/run-cost.ts';
import type { RunRecord, RunStore, RunSummary } from '../storage/run-store.ts';
import type { ScenarioStore } from '../storage/scenario-store.ts';
import type { RunEngine } from './engine.ts';
import type { RunResult } from './execute-run.ts';
import type { PlanChecker } from './plan-checker.ts';
import { resolveRun } from './resolve-run.ts';
import { planScenario, plannedReplications } from './run-plan.ts';
import type { RunRequest } from './run-request.ts';

export type CancelOutcome = { cancelled: RunSummary } | { finished: RunSummary } | { missing: true };

export class RunService {
  constructor(
    private readonly scenarios: ScenarioStore,
    readonly runs: RunStore,
    readonly engine: RunEngine,
    private readonly checker: PlanChecker,
    private readonly limits: CostLimits = DEFAULT_COST_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws ScenarioValidationError (nothing stored or queued) if the request cannot run. */
  async start(request: RunRequest): Promise<RunRecord> {
    const plan = await resolveRun(request, this.scenarios, this.limits);
    await this.checker.check(plan);
    const record: RunRecord = {
      id: randomUUID(),
      kind: plan.kind,
      status: 'queued',
      scenario: planScenario(plan).name,
      createdAt: new Date(this.now()).toISOString(),
      startedAt: null,
      finishedAt: null,
      progress: { done: 0, total: plannedReplications(plan) },
      error: null,
      request,
    };
    await this.runs.create(record);
    await this.engine.submit(record.id, plan);
    return record;
  }

  get(id: string): Promise<RunRecord | undefined> {
    return this.runs.get(id);
  }

  /** Newest first, without the requests (a request may hold whole scenarios). */
  list(limit: number): Promise<RunSummary[]> {
    return this.runs.list(limit);
  }

  async cancel(id: string): Promise<CancelOutcome> {
    const cancelled = await this.engine.cancel(id);
    if (cancelled !== undefined) return { cancelled };
    const record = await this.runs.get(id);
    return record === undefined ? { missing: true } : { finished: record };
  }

  async result(id: string): Promise<RunResult | undefined> {
    const text = await this.runs.result(id);
    return text === undefined ? undefined : (JSON.parse(text) as RunResult);
  }
}
