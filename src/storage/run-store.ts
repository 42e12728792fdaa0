/**
 * Run records (what was asked, status, progress, error) and finished results. A result and the
 * status that says it exists are written together, so a reader that sees `succeeded` can
 * always read the result.
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

export type RunKind = (typeof RUN_KINDS)[number];
export type RunStatus = (typeof RUN_STATUSES)[number];
export type RunRecord = z.infer<typeof RunRecordSchema>;
export type RunPatch = Partial<Pick<RunRecord, 'status' | 'startedAt' | 'finishedAt' | 'progress' | 'error'>>;

export interface RunStore {
  create(record: RunRecord): Promise<void>;
  get(id: string): Promise<RunRecord | undefined>;
  /** Newest first. */
  list(limit: number): Promise<RunRecord[]>;
  /** Applies `patch` only if the run's status is one of `from` (so a cancelled run stays cancelled); the new record, or undefined. */
  transition(id: string, from: readonly RunStatus[], patch: RunPatch): Promise<RunRecord | undefined>;
  /** Stores the result and marks a running run succeeded, in one step; undefined if it was not running. */
  finish(id: string, result: string, finishedAt: string): Promise<RunRecord | undefined>;
  /** The result's JSON text. */
  result(id: string): Promise<string | undefined>;
  close(): Promise<void>;
}
