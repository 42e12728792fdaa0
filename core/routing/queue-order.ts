/**
 * Which waiting call a freed line takes: higher category priority first, then the longest
 * waiting (first come, first served), then the earlier arrival sequence for exact ties.
 */
export interface QueuedCall {
  readonly priority: number;
  readonly enqueuedAt: number;
  readonly seq: number;
}

export function servedBefore(a: QueuedCall, b: QueuedCall): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.enqueuedAt !== b.enqueuedAt) return a.enqueuedAt < b.enqueuedAt;
  return a.seq < b.seq;
}

/** Index of the call to serve among the heads of the queues a line serves, or -1 if all are empty. */
export function nextToServe(heads: ReadonlyArray<QueuedCall | undefined>): number {
  let best = -1;
  for (let i = 0; i < heads.length; i++) {
    const h = heads[i];
    if (h !== undefined && (best < 0 || servedBefore(h, heads[best]!))) best = i;
  }
  return best;
}
