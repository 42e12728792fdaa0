/**
 * A call as the live service keeps it (in memory or as JSON in Redis). The schema is the
 * single definition of the stored shape; Redis reads are parsed with it, so a record written
 * by another version of the service fails loudly instead of half-working (fields added later
 * have defaults, so records of the version before still read).
 *
 * Records are immutable: a change is a new record (a spread), never an edit. That is what lets
 * the memory store hand out and keep the very objects it is given, with no defensive copies on
 * the routing hot path, while every reader still holds a snapshot nobody can change under it.
 */
import { z } from 'zod';
import { OUTCOMES } from '../../core/scenario/schema.ts';

export const CALL_STATUSES = ['menu', 'queued', 'ringing', 'talking', 'ended'] as const;

/** Who ended a call other than the call flow itself: the service's own timeout, or staff releasing its line. */
export const ENDED_BY = ['timeout', 'staff'] as const;

export const CallRecordSchema = z.object({
  id: z.string(),
  /** Bumped on every write; updates are compare-and-set on it so two instances never both move a call. */
  version: z.number().int().nonnegative(),
  /** HMAC of the caller number, never the number itself. */
  callerHash: z.string().nullable(),
  status: z.enum(CALL_STATUSES),
  createdAt: z.number(),
  /** Digits that led from the top menu to the menu the caller is at. */
  menuPath: z.array(z.string()).readonly(),
  /** Invalid presses at the current menu level; past `repeats` the call ends as invalid_input. */
  invalidPresses: z.number().int().nonnegative(),
  category: z.string().nullable(),
  /** Line key (`<organisation>/<line>`) once the call is put through. */
  line: z.string().nullable(),
  enqueuedAt: z.number().nullable(),
  outcome: z.enum(OUTCOMES).nullable(),
  endedAt: z.number().nullable(),
  /** When the call entered its status (ms, service clock): last menu press, ringing, answered. */
  since: z.number().default(0),
  /**
   * When the service ends the call if nothing else moves it (ms, service clock): menu expiry, ring
   * timeout, maximum talk time, a stale queued call; null once ended. The stores index active calls by it.
   */
  deadline: z.number().nullable().default(null),
  /** Set when the call was ended by a timeout or by staff; null when the caller, the line or routing ended it. */
  endedBy: z.enum(ENDED_BY).nullable().default(null),
});

export type CallRecord = Readonly<z.infer<typeof CallRecordSchema>>;
