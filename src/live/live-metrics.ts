/**
 * The operations dashboard's figures, read from the shared store so every instance reports the
 * same numbers: attempts, answered and answer rate per category over sliding windows, lines
 * busy / on duty per organisation, calls waiting per category.
 *
 * An attempt is counted when it ends (that is when its outcome is known), so a call still in
 * the menu, queue or conversation is not yet in the windows.
 */
import { z } from 'zod';
import { isOnDuty } from '../../core/routing/schedule.ts';
import type { Clock } from '../../sim/io/clock.ts';
import { onDuty, type LineStore, type OutcomeCounts } from './line-store.ts';
import { instantOfLocal, localDateTime, localTime } from '../../core/time/local-time.ts';
import type { Topology } from './topology.ts';

export const WINDOWS = { last15m: 15, lastHour: 60 } as const;

const WindowFiguresSchema = z.object({
  attempts: z.number().int(),
  answered: z.number().int(),
  answerRate: z.number().nullable().describe("answered / attempts (the trial's 接続完了 / 呼出件数); null with no attempts"),
});

const WindowsSchema = z.object({ last15m: WindowFiguresSchema, lastHour: WindowFiguresSchema, today: WindowFiguresSchema });

/** What the dashboard receives (WebSocket messages and GET /live); the API documents it from here. */
export const LiveSnapshotSchema = z
  .object({
    at: z.string().describe('ISO instant of the snapshot'),
    date: z.string().describe('local calendar date that "today" covers, in the scenario time zone'),
    total: WindowsSchema.describe('every attempt, including those that ended in the menu'),
    categories: z.array(z.object({ category: z.string(), windows: WindowsSchema, waiting: z.number().int() })),
    organisations: z.array(
      z.object({ organisation: z.string(), lines: z.number().int(), onDuty: z.number().int(), busy: z.number().int() }),
    ),
    waiting: z.number().int().describe('calls queued now, all categories'),
  })
  .meta({ id: 'LiveSnapshot' });

export type WindowFigures = z.infer<typeof WindowFiguresSchema>;
export type Windows = z.infer<typeof WindowsSchema>;
export type LiveSnapshot = z.infer<typeof LiveSnapshotSchema>;

export async function liveSnapshot(topology: Topology, store: LineStore, clock: Clock): Promise<LiveSnapshot> {
  const now = clock.now();
  const local = localTime(now, topology.timeZone);
  const minute = Math.floor(now / 60_000);
  const minutes = Array.from({ length: WINDOWS.lastHour }, (_, i) => minute - i);
  const [counts, lines, waiting] = await Promise.all([
    store.countsFor(minutes, local.date),
    store.lines(topology.lines.map((l) => l.key)),
    store.queueLengths(topology.categories),
  ]);
  const last15m = sum(counts.minutes.slice(0, WINDOWS.last15m));
  const lastHour = sum(counts.minutes);
  const windowsFor = (category: string | undefined): Windows => ({
    last15m: figures(last15m, category),
    lastHour: figures(lastHour, category),
    today: figures(counts.day, category),
  });

  const organisations = topology.organisations.map((organisation) => ({ organisation, lines: 0, onDuty: 0, busy: 0 }));
  const byOrg = new Map(organisations.map((o) => [o.organisation, o]));
  topology.lines.forEach((line, i) => {
    const state = lines[i]!;
    const org = byOrg.get(line.organisation)!;
    org.lines++;
    if (onDuty(state.duty, isOnDuty(line.schedule, local.weekSecond))) org.onDuty++;
    if (state.call !== null) org.busy++;
  });

  return {
    at: new Date(now).toISOString(),
    date: local.date,
    total: windowsFor(undefined),
    categories: topology.categories.map((category, i) => ({ category, windows: windowsFor(category), waiting: waiting[i]! })),
    organisations,
    waiting: waiting.reduce((a, b) => a + b, 0),
  };
}

/** The day's curve is read in slots of this many minutes, from local midnight. */
export const HISTORY_SLOT_MINUTES = 15;

const CategoryFiguresSchema = WindowFiguresSchema.extend({ category: z.string() });

const HistorySlotSchema = z.object({
  start: z.string().describe('ISO instant the slot starts'),
  end: z.string().describe('ISO instant the slot ends (15 minutes after its start); the last slot may end after `at`, and then holds only the minutes up to `at`'),
  time: z.string().describe('local wall-clock time the slot starts, HH:MM in the scenario time zone'),
  total: WindowFiguresSchema.describe('every attempt that ended in the slot, including those that ended in the menu'),
  categories: z.array(CategoryFiguresSchema),
});

/** GET /live/history: the day so far, from the same minute counts as the live windows. */
export const LiveHistorySchema = z
  .object({
    at: z.string().describe("ISO instant of the service's clock when read"),
    date: z.string().describe('local calendar date covered, in the scenario time zone (the same as `date` of GET /live)'),
    slotMinutes: z.number().int().describe('length of a slot in minutes'),
    slots: z.array(HistorySlotSchema).describe('one per slot from local midnight to now, oldest first; attempts are counted in the slot they ended in'),
  })
  .meta({ id: 'LiveHistory' });

export type LiveHistory = z.infer<typeof LiveHistorySchema>;

/** A slot's figures before it is given its times: `first` is the epoch minute it starts. */
export interface FoldedSlot {
  first: number;
  total: WindowFigures;
  categories: Array<WindowFigures & { category: string }>;
}

/**
 * Folds consecutive minute buckets (`minutes[i]` is epoch minute `firstMinute + i`) into slots of
 * `slotMinutes`, the first starting at `firstMinute`; the last slot holds what is left.
 */
export function foldSlots(
  minutes: readonly OutcomeCounts[],
  firstMinute: number,
  categories: readonly string[],
  slotMinutes = HISTORY_SLOT_MINUTES,
): FoldedSlot[] {
  const slots: FoldedSlot[] = [];
  for (let i = 0; i < minutes.length; i += slotMinutes) {
    const counts = sum(minutes.slice(i, i + slotMinutes));
    slots.push({
      first: firstMinute + i,
      total: figures(counts, undefined),
      categories: categories.map((category) => ({ category, ...figures(counts, category) })),
    });
  }
  return slots;
}

/**
 * The local day so far on the service's clock, in 15-minute slots from local midnight: every
 * minute bucket since midnight read in one `countsFor` (one socket write to Redis), then folded.
 */
export async function liveHistory(topology: Topology, store: LineStore, clock: Clock): Promise<LiveHistory> {
  const now = clock.now();
  const { date } = localTime(now, topology.timeZone);
  const firstMinute = Math.floor(instantOfLocal(`${date}T00:00`, topology.timeZone) / 60_000);
  const nowMinute = Math.floor(now / 60_000);
  const minutes = Array.from({ length: Math.max(0, nowMinute - firstMinute + 1) }, (_, i) => firstMinute + i);
  const counts = await store.countsFor(minutes, date);
  return {
    at: new Date(now).toISOString(),
    date,
    slotMinutes: HISTORY_SLOT_MINUTES,
    slots: foldSlots(counts.minutes, firstMinute, topology.categories).map(({ first, total, categories }) => ({
      start: new Date(first * 60_000).toISOString(),
      end: new Date((first + HISTORY_SLOT_MINUTES) * 60_000).toISOString(),
      time: localDateTime(first * 60_000, topology.timeZone).slice(11, 16),
      total,
      categories,
    })),
  };
}

function sum(tables: readonly OutcomeCounts[]): OutcomeCounts {
  const total: OutcomeCounts = {};
  for (const t of tables) for (const [k, v] of Object.entries(t)) total[k] = (total[k] ?? 0) + v;
  return total;
}

/** Figures of one category, or of every attempt (menu outcomes included) when `category` is undefined. */
function figures(counts: OutcomeCounts, category: string | undefined): WindowFigures {
  let attempts = 0;
  let answered = 0;
  for (const [key, n] of Object.entries(counts)) {
    const [cat, outcome] = key.split('|');
    if (category !== undefined && cat !== category) continue;
    attempts += n;
    if (outcome === 'answered') answered += n;
  }
  return { attempts, answered, answerRate: attempts === 0 ? null : answered / attempts };
}
