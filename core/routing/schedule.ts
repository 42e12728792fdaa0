/**
 * Weekly staffing schedules, compiled to sorted on-duty intervals in seconds of the week.
 * Used by the simulator (to generate on/off-duty events) and by the live service (to know
 * whether a line is staffed now).
 */
import type { Shift } from '../scenario/schema.ts';
import { SECONDS_PER_DAY, SECONDS_PER_WEEK, clockSeconds, dayIndex } from '../time/local-week.ts';

/** Disjoint, sorted [start, end) intervals within [0, SECONDS_PER_WEEK]. Empty = never staffed. */
export type WeeklySchedule = ReadonlyArray<readonly [number, number]>;

const ALWAYS: WeeklySchedule = [[0, SECONDS_PER_WEEK]];

/** Shifts may overlap or touch (Mon 22:00–24:00 and Tue 00:00–06:00); they are merged. */
export function compileSchedule(shifts: readonly Shift[] | undefined): WeeklySchedule {
  if (shifts === undefined) return ALWAYS;
  const raw: Array<[number, number]> = [];
  for (const shift of shifts) {
    for (const day of shift.days) {
      const base = dayIndex(day) * SECONDS_PER_DAY;
      raw.push([base + clockSeconds(shift.from), base + clockSeconds(shift.to)]);
    }
  }
  raw.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const [s, e] of raw) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

export function isOnDuty(schedule: WeeklySchedule, weekSecond: number): boolean {
  for (const [s, e] of schedule) {
    if (weekSecond < s) return false;
    if (weekSecond < e) return true;
  }
  return false;
}

/**
 * Seconds from `weekSecond` until the on-duty state next changes, or Infinity if it never does.
 * An interval ending at the week's end and one starting at its beginning are one stretch.
 */
export function secondsUntilChange(schedule: WeeklySchedule, weekSecond: number): number {
  if (schedule.length === 0) return Infinity;
  const first = schedule[0]!;
  const last = schedule[schedule.length - 1]!;
  if (schedule.length === 1 && first[0] === 0 && first[1] === SECONDS_PER_WEEK) return Infinity;
  const wraps = first[0] === 0 && last[1] === SECONDS_PER_WEEK;
  const boundaries: number[] = [];
  for (const [s, e] of schedule) {
    if (!(wraps && s === 0)) boundaries.push(s);
    if (!(wraps && e === SECONDS_PER_WEEK)) boundaries.push(e);
  }
  for (const b of boundaries) if (b > weekSecond) return b - weekSecond;
  return boundaries[0]! + SECONDS_PER_WEEK - weekSecond;
}
