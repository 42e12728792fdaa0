/**
 * A call as the live service keeps it (in memory or as JSON in Redis). The schema is the
 * single definition of the stored shape; Redis reads are parsed with it, so a record written
 * by another version of the service fails loudly instead of half-working.
 */
import { z } from 'zod';
import { OUTCOMES } from '../core/scenario/schema.ts';

export const CALL_STATUSES = ['menu', 'queued', 'ringing', 'talking', 'ended'] as const;

export const CallRecordSchema = z.object({
  id: z.string(),
  /** Bumped on every write; updates are compare-and-set on it so two instances never both move a call. */
  version: z.number().int().nonnegative(),
  /** HMAC of the caller number, never the number itself. */
  callerHash: z.string().nullable(),
  status: z.enum(CALL_STATUSES),
  createdAt: z.number(),
  /** Digits that led from the top menu to the menu the caller is at. */
  menuPath: z.array(z.string()),
  /** Invalid presses at the current menu level; past `repeats` the call ends as invalid_input. */
  invalidPresses: z.number().int().nonnegative(),
  category: z.string().nullable(),
  /** Line key (`<organisation>/<line>`) once the call is put through. */
  line: z.string().nullable(),
  enqueuedAt: z.number().nullable(),
  outcome: z.enum(OUTCOMES).nullable(),
  endedAt: z.number().nullable(),
});

export type CallRecord = z.infer<typeof CallRecordSchema>;
