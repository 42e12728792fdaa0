/**
 * Shared live state behind one interface: lines, category queues, calls and outcome counters.
 * Two implementations (memory, Redis) with the same semantics, checked by one test suite.
 *
 * Decisions are never taken here: the caller snapshots state, asks the routing core, and then
 * asks the store to apply the decision only if the state it was based on still holds
 * (optimistic concurrency). Each such apply is atomic (a Lua script in Redis).
 */
import type { Outcome } from '../../core/scenario/schema.ts';
import type { CallRecord } from './call-record.ts';

/** A duty override set by staff on top of the schedule; null = follow the schedule. */
export type DutyOverride = 'on' | 'off' | null;

/** Immutable, like CallRecord: a change is a new object, so the memory store hands out the ones it holds. */
export type LineState = Readonly<{
  key: string;
  /** Call on the line (ringing or talking), or null when free. */
  call: string | null;
  duty: DutyOverride;
  /** When the line last came free (ms); compared by the longest-idle policy. */
  idleSince: number;
  callsTaken: number;
}>;

export interface QueueEntry {
  callId: string;
  enqueuedAt: number;
  /** Store-wide arrival sequence: breaks ties in `enqueuedAt` the same way on every instance. */
  seq: number;
}

/**
 * What `release` did: `took` = the line went straight to the named queued call; `freed` = it is
 * now free; `conflict` = the named call was no longer at the head of its queue (decide again);
 * `not_held` = the line did not carry this call (already released).
 */
export type ReleaseResult = 'took' | 'freed' | 'conflict' | 'not_held';

/** What `enqueue` did: the call's 1-based place and stored record, or why nothing changed. */
export type Enqueued = { position: number; call: CallRecord } | 'full' | 'call_changed';

/** The queued call a released line goes to: its queue, and its record as it should be written (ringing on the line). */
export interface NextCall {
  queue: string;
  call: CallRecord;
}

/** A staff override wins over the schedule; the Redis scripts apply the same rule. */
export function onDuty(duty: DutyOverride, scheduledOnDuty: boolean): boolean {
  return duty === null ? scheduledOnDuty : duty === 'on';
}

/** A line with no stored state: what `init` creates, and what a read of a missing line answers. */
export function newLine(key: string, idleSince: number): LineState {
  return { key, call: null, duty: null, idleSince, callsTaken: 0 };
}

/** One finished attempt, counted in its minute bucket (epoch minute) and its local day. */
export interface OutcomeCount {
  minute: number;
  date: string;
  category: string | null;
  outcome: Outcome;
}

/** Outcome counts keyed `<category>|<outcome>`; the category is `-` for calls that never chose one. */
export type OutcomeCounts = Record<string, number>;

/** What the routing core decides on: a route's lines (pool by pool) and its queue. */
export interface RouteSnapshot {
  lines: LineState[];
  /** Calls in the route's queue. */
  waiting: number;
}

export interface CallAndRoute extends RouteSnapshot {
  call: CallRecord | undefined;
}

export interface LineStore {
  /**
   * Create the state of any of these lines that has none (free, following its schedule, idle
   * since `now`); existing state is never overwritten, so it is safe at any time: at start-up, and
   * on every tick to re-create what an emptied Redis lost. Returns how many lines were created.
   */
  init(lineKeys: readonly string[], now: number): Promise<number>;
  /** A line with no stored state reads as a new one (free, following its schedule, idle since 0). */
  lines(keys: readonly string[]): Promise<LineState[]>;
  /**
   * Take `callId` off the line (or, with `callId` '', offer a line that is already free). With
   * `next`, the line passes straight to that queued call if it is still the head of its queue,
   * its stored version is still `next.call.version` and the line is on duty: in the same atomic
   * step the call leaves the queue, takes the line and is written as given (the ringing record,
   * version bumped), so no call is ever off its queue without being on its line.
   */
  release(key: string, callId: string, now: number, next: NextCall | undefined, scheduledOnDuty: boolean): Promise<ReleaseResult>;
  setDuty(key: string, duty: DutyOverride): Promise<void>;
  /**
   * Puts a call through in one atomic step: the line takes `call.id` only if it is still free and
   * on duty (`scheduledOnDuty` unless overridden) and the call's stored version is still
   * `call.version`; then the call is written (version bumped) as given. `line_taken`: nothing
   * changed (decide again); `call_changed`: another writer moved the call, nothing changed.
   */
  claimForCall(key: string, scheduledOnDuty: boolean, call: CallRecord): Promise<CallRecord | 'line_taken' | 'call_changed'>;

  /**
   * Append `call` to a category queue (at `call.enqueuedAt`) unless it already holds `maxLength`
   * calls, writing it as given (queued, version bumped) in the same atomic step, if its stored
   * version is still `call.version`.
   */
  enqueue(queue: string, call: CallRecord, maxLength: number | undefined): Promise<Enqueued>;
  /** Remove a call from its queue; false if it was not there (already served or removed). */
  dequeue(queue: string, callId: string): Promise<boolean>;
  /** Queued calls in arrival order. */
  queue(queue: string): Promise<QueueEntry[]>;
  queueLengths(queues: readonly string[]): Promise<number[]>;

  /** Store a new call unless `maxActive` calls are active already (across every instance sharing the store): false then. */
  createCall(call: CallRecord, maxActive: number): Promise<boolean>;
  getCall(id: string): Promise<CallRecord | undefined>;
  /**
   * `getCall`, `lines` and `queueLengths` of one route read together (one round trip in Redis):
   * the routing snapshot for a call whose category is known or guessed before it is read. A read
   * only; as with `lines`, whatever is decided from it is applied through the atomic operations.
   */
  callAndRoute(id: string, lineKeys: readonly string[], queue: string): Promise<CallAndRoute>;
  /**
   * Store `call` if the stored version is still `call.version`; returns the stored record (version
   * bumped) or undefined when another writer got there first. With `count`, the same atomic step
   * counts the finished attempt, so an outcome is counted exactly when the call is ended.
   */
  updateCall(call: CallRecord, count?: OutcomeCount): Promise<CallRecord | undefined>;

  /**
   * Ids of active calls whose `deadline` is at or before `now`, earliest first, at most `limit`.
   * Active calls are indexed by deadline as they are written, so this reads only the expired ones.
   */
  expiredCalls(now: number, limit: number): Promise<string[]>;
  /** Drop a call from the deadline index (its record is gone: expired or evicted in Redis). */
  dropDeadline(id: string): Promise<void>;

  /** Counts per requested minute bucket (same order) and for the local day. */
  countsFor(minutes: readonly number[], date: string): Promise<{ minutes: OutcomeCounts[]; day: OutcomeCounts }>;

  /** Tell every instance sharing this store (this one included) that live state changed. */
  announceChange(): Promise<void>;
  /** Hear the changes announced by any instance sharing this store. */
  onChange(listener: () => void): Promise<void>;

  /** Resolves when the store can serve requests (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * How long an ended call stays readable (CALL_RETENTION_SECONDS): a front end's late GET, and
 * digits for an ended call (409), are answered within it; after it the call is unknown (404).
 * Active calls are kept until they end.
 */
export const DEFAULT_CALL_RETENTION_SECONDS = 3600;

/**
 * How long per-minute outcome counts are kept: a whole local day (GET /live/history reads every
 * minute since local midnight, up to 25 h on a daylight-saving day) plus a margin. Redis sets it
 * as the minute buckets' TTL; the memory store drops buckets this much older than the newest
 * counted minute. Day buckets are kept for `DAY_COUNTS_RETENTION_SECONDS`.
 */
export const MINUTE_COUNTS_RETENTION_SECONDS = 26 * 3600;
export const DAY_COUNTS_RETENTION_SECONDS = 2 * 24 * 3600;

/** The keys made so far, by category then outcome (a few dozen at most). */
const countKeys = new Map<string | null, Map<Outcome, string>>();

/**
 * The field an outcome is counted under, e.g. `loneliness|blocked`: the same string object each
 * time, since a fresh one used as a property key costs a V8 string-table lookup on every count.
 */
export function countKey(category: string | null, outcome: Outcome): string {
  let byOutcome = countKeys.get(category);
  if (byOutcome === undefined) countKeys.set(category, (byOutcome = new Map()));
  let key = byOutcome.get(outcome);
  if (key === undefined) byOutcome.set(outcome, (key = `${category ?? '-'}|${outcome}`));
  return key;
}
