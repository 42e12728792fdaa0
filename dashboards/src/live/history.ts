/**
 * The answer-rate curve of the day. On load, on a new local date and after every reconnection,
 * the board reads GET /live/history: the day since local midnight in 15-minute slots, kept on
 * the service (so a board opened at 15:00 still starts its curve at midnight, and a gap while
 * it was disconnected is filled in). Each complete slot becomes a point at its end: answered /
 * attempts over the 15 minutes before it, which is what the live points are too (the rolling
 * 15-minute rate of each snapshot, one every few seconds). The live points then continue the
 * curve after the last slot. Without the history (a failed request) the curve is the live
 * points alone.
 */
import type { LiveHistory } from '../../../src/live/live-metrics.ts';
import type { LiveSnapshot } from './feed.ts';

export type { LiveHistory };

export interface RatePoint {
  /** Epoch ms (the service's clock). */
  t: number;
  /** Per category id: answered / attempts over the 15 minutes up to `t`; null with no attempts. */
  rates: Record<string, number | null>;
}

export interface RateHistory {
  /** The local date the points belong to; a new day starts an empty curve. */
  date: string;
  /** From GET /live/history: one point per complete slot since local midnight, at the slot's end. */
  past: RatePoint[];
  /** From the snapshots received, one every SAMPLE_MS. */
  live: RatePoint[];
}

/** One live point per this many ms: enough to see a change within a minute. */
export const SAMPLE_MS = 5_000;
const HISTORY_PATH = '/live/history';

export const emptyHistory = (date = ''): RateHistory => ({ date, past: [], live: [] });

/** The history with the snapshot's point added, or the same object when it is too soon for a new point. */
export function recordSnapshot(history: RateHistory, snap: LiveSnapshot): RateHistory {
  const t = Date.parse(snap.at);
  const base = history.date === snap.date ? history : emptyHistory(snap.date);
  const last = base.live.at(-1);
  if (last !== undefined && t - last.t < SAMPLE_MS && t >= last.t) return base;
  const rates = Object.fromEntries(snap.categories.map((c) => [c.category, c.windows.last15m.answerRate]));
  return { ...base, live: [...base.live, { t, rates }] };
}

/** The history with the service's slots of the day as its past; an answer for an earlier date than the curve's is ignored. */
export function withServerHistory(history: RateHistory, server: LiveHistory): RateHistory {
  if (history.date !== '' && server.date < history.date) return history;
  const base = history.date === server.date ? history : emptyHistory(server.date);
  const at = Date.parse(server.at);
  const past: RatePoint[] = [];
  for (const slot of server.slots) {
    const end = Date.parse(slot.end);
    // the slot in progress covers less than 15 minutes: the live points stand for it
    if (end > at) break;
    past.push({ t: end, rates: Object.fromEntries(slot.categories.map((c) => [c.category, c.answerRate])) });
  }
  return { ...base, past };
}

/** The points to draw: the slots, then the live points after the last slot. */
export function curve(history: RateHistory): RatePoint[] {
  const lastSlot = history.past.at(-1)?.t;
  if (lastSlot === undefined) return history.live;
  return [...history.past, ...history.live.filter((p) => p.t > lastSlot)];
}

/**
 * GET /live/history with the key the feed uses when the live figures are not public; undefined
 * when it cannot be had (refused, no answer): the board then draws the live points alone.
 */
export async function fetchHistory(key: string | undefined): Promise<LiveHistory | undefined> {
  try {
    const res = await fetch(HISTORY_PATH, { cache: 'no-store', headers: key ? { 'x-api-key': key } : {} });
    if (!res.ok) {
      void res.body?.cancel();
      return undefined;
    }
    return (await res.json()) as LiveHistory;
  } catch {
    return undefined;
  }
}
