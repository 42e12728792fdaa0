/**
 * Run records (what was asked, status, progress, error) and finished results. A result and the
 * status that says it exists are written together, so a reader that sees `succeeded` can
 * always read the result. Listings hold summaries (no request: it may carry whole scenarios),
 * and finished runs are removed past a count and an age (RetentionPolicy).
 */
import { z } from 'zod';

export const RUN_KINDS = ['replications', 'compare', 'sweep', 'allocate', 'calibrate'] as const;
export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const ACTIVE: readonly RunStatus[] = ['queued', 'running'];

export const RunRecordSchema = z
  .object({
    id: z.string(),
    kind: z.enum(RUN_KINDS),
    status: z.enum(RUN_STATUSES),
    scenario: z.string().describe('name of the (base) scenario'),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    progress: z.object({
      done: z.number().int().nonnegative().describe('replications simulated so far'),
      total: z.number().int().positive().nullable().describe('replications in all; null for allocate and calibrate, which decide as they go'),
    }),
    error: z.string().nullable().describe('why the run failed'),
    request: z.record(z.string(), z.unknown()).describe('the run request as sent'),
  })
  .meta({ id: 'Run' });

export const RunSummarySchema = RunRecordSchema.omit({ request: true }).meta({ id: 'RunSummary' });

export type RunKind = (typeof RUN_KINDS)[number];
export type RunStatus = (typeof RUN_STATUSES)[number];
export type RunRecord = z.infer<typeof RunRecordSchema>;
export type RunSummary = z.infer<typeof RunSummarySchema>;
export type RunPatch = Partial<Pick<RunRecord, 'status' | 'startedAt' | 'finishedAt' | 'progress' | 'error'>>;

export interface RunStore {
  create(record: RunRecord): Promise<void>;
  get(id: string): Promise<RunRecord | undefined>;
  /** Newest first, without requests. */
  list(limit: number): Promise<RunSummary[]>;
  /** Applies `patch` only if the run's status is one of `from` (so a cancelled run stays cancelled); the new summary, or undefined. */
  transition(id: string, from: readonly RunStatus[], patch: RunPatch): Promise<RunSummary | undefined>;
  /** Stores the result and marks a running run succeeded, in one step; undefined if it was not running. */
  finish(id: string, result: string, finishedAt: string): Promise<RunSummary | undefined>;
  /** The result's JSON text. */
  result(id: string): Promise<string | undefined>;
  close(): Promise<void>;
}

export function summaryOf(record: RunRecord): RunSummary {
  const { request: _request, ...summary } = record;
  return summary;
}

export interface RetentionPolicy {
  /** runs kept at most; past it the oldest finished ones go (queued and running ones always stay) */
  maxRuns: number;
  /** a finished run older than this (from when it finished) goes, in ms */
  maxAgeMs: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { maxRuns: 500, maxAgeMs: 30 * 24 * 3600 * 1000 };

/** The ids of the finished runs a store should remove now, oldest first. */
export function runsToRemove(runs: ReadonlyArray<Pick<RunRecord, 'id' | 'status' | 'createdAt' | 'finishedAt'>>, policy: RetentionPolicy, now: number): string[] {
  const oldestFirst = [...runs].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  let kept = runs.length;
  const out: string[] = [];
  for (const run of oldestFirst) {
    if (ACTIVE.includes(run.status)) continue;
    const finished = Date.parse(run.finishedAt ?? run.createdAt);
    if (kept > policy.maxRuns || now - finished > policy.maxAgeMs) {
      out.push(run.id);
      kept--;
    }
  }
  return out;
}
