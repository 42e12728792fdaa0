/**
 * Runs check-plan.ts on a worker thread (one, kept warm a while after use) with a heap cap and
 * a time limit, so the checks that grow with a run never hold the routing event loop. Its
 * issues come back as a ScenarioValidationError (400 with field paths); a check that runs out
 * of time or memory refuses the run the same way, saying which limit it reached.
 */
import { Piscina } from 'piscina';
import { ScenarioValidationError } from '../../core/scenario/validate.ts';
import type { ScenarioIssue } from '../../core/scenario/issue.ts';
import type { RunPlan } from './run-plan.ts';

export interface PlanCheckerOptions {
  heapMb: number;
  timeoutMs: number;
}

export interface PlanChecker {
  /** Throws ScenarioValidationError when the plan cannot run. */
  check(plan: RunPlan): Promise<void>;
  close(): Promise<void>;
}

export function threadPlanChecker(options: PlanCheckerOptions): PlanChecker {
  let pool: Piscina<RunPlan, ScenarioIssue[]> | undefined;
  return {
    async check(plan) {
      // started at the first check: a service nobody plans with starts no thread
      pool ??= new Piscina({
        // check-plan.ts's JavaScript: tsc's output when compiled, a tsx shim from source
        filename: new URL('./check-plan.js', import.meta.url).href,
        name: 'checkPlan',
        minThreads: 0,
        maxThreads: 1,
        idleTimeout: 60_000,
        resourceLimits: { maxOldGenerationSizeMb: options.heapMb },
      });
      let issues: ScenarioIssue[];
      try {
        issues = await pool.run(plan, { signal: AbortSignal.timeout(options.timeoutMs) });
      } catch (error) {
        const reason =
          error instanceof Error && error.name === 'AbortError'
            ? `checking this run took longer than ${options.timeoutMs} ms (PLANNER_CHECK_TIMEOUT_MS): make it smaller`
            : /memory/i.test(String(error))
              ? `checking this run needed more than ${options.heapMb} MB (PLANNER_WORKER_HEAP_MB): make it smaller`
              : undefined;
        if (reason === undefined) throw error;
        throw new ScenarioValidationError([{ path: [], message: reason }]);
      }
      if (issues.length > 0) throw new ScenarioValidationError(issues);
    },
    close: async () => {
      await pool?.destroy();
    },
  };
}
