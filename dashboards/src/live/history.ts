/**
 * The answer-rate curve of the day. The service sends only the current windows, so the board
 * records the rolling 15-minute answer rate per category as it arrives, one point every few
 * seconds, and keeps it in the browser's storage for the local date, so a reloaded board
 * keeps its curve.
 */
import type { LiveSnapshot } from './feed.ts';

export interface RatePoint {
  /** Epoch ms of the snapshot (the service's clock). */
  t: number;
  /** Per category id: answered / attempts over the last 15 minutes; null with no attempts. */
  rates: Record<string, number | null>;
}

export interface RateHistory {
  /** The local date the points belong to; a new day starts an empty curve. */
  date: string;
  points: RatePoint[];
}

/** One point per this many ms: enough to see a change within a minute, small enough for a whole day in storage. */
export const SAMPLE_MS = 5_000;
const STORAGE_PREFIX = 'helpline.rate-history.';

export const emptyHistory = (date = ''): RateHistory => ({ date, points: [] });

/** The history with the snapshot's point added, or the same object when it is too soon for a new point. */
export function recordSnapshot(history: RateHistory, snap: LiveSnapshot): RateHistory {
  const t = Date.parse(snap.at);
  const base = history.date === snap.date ? history : emptyHistory(snap.date);
  const last = base.points.at(-1);
  if (last !== undefined && t - last.t < SAMPLE_MS) return base;
  const rates = Object.fromEntries(snap.categories.map((c) => [c.category, c.windows.last15m.answerRate]));
  return { date: snap.date, points: [...base.points, { t, rates }] };
}

export function loadHistory(storage: Storage, scenario: string): RateHistory {
  try {
    const saved = JSON.parse(storage.getItem(STORAGE_PREFIX + scenario) ?? 'null') as RateHistory | null;
    if (saved && typeof saved.date === 'string' && Array.isArray(saved.points)) return saved;
  } catch {
    // a corrupt entry only costs the curve so far
  }
  return emptyHistory();
}

export function saveHistory(storage: Storage, scenario: string, history: RateHistory): void {
  try {
    storage.setItem(STORAGE_PREFIX + scenario, JSON.stringify(history));
  } catch {
    // storage full or disabled: the curve still lives in memory
  }
}
