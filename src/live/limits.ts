/**
 * The live service's own timeouts and cap: how long a call may sit in each state before the
 * service ends it (so a lost webhook never holds a line for long), and how many calls may be
 * active at once. Durations are on the service clock (CLOCK_SPEED speeds them up).
 */
import type { CallRecord } from './call-record.ts';

export interface LiveLimits {
  /** A call left at the menu this long after its last key ends as hung_up_in_menu. */
  menuTimeoutMs: number;
  /** A line ringing this long without an answer ends the call as abandoned_in_queue. */
  ringTimeoutMs: number;
  /** A conversation this long ends as answered and frees its line. */
  maxTalkMs: number;
  /** A queued call this long (beyond any maximum wait) is taken as lost and ends as abandoned_in_queue. */
  staleQueuedMs: number;
  /** Active calls (not ended) across every instance sharing the store; POST /calls beyond it answers 503. */
  maxActiveCalls: number;
}

export const DEFAULT_LIMITS: LiveLimits = {
  menuTimeoutMs: 300_000,
  ringTimeoutMs: 120_000,
  maxTalkMs: 4 * 3600_000,
  staleQueuedMs: 24 * 3600_000,
  maxActiveCalls: 10_000,
};

/** The deadline of a call entering `status` at `now`; null once ended. */
export function deadlineFor(status: CallRecord['status'], now: number, limits: LiveLimits): number | null {
  switch (status) {
    case 'menu':
      return now + limits.menuTimeoutMs;
    case 'queued':
      return now + limits.staleQueuedMs;
    case 'ringing':
      return now + limits.ringTimeoutMs;
    case 'talking':
      return now + limits.maxTalkMs;
    case 'ended':
      return null;
  }
}
