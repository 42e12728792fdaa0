/**
 * Local wall-clock arithmetic for a service's week. Schedules and profiles are written in
 * local time; simulations run in seconds from the horizon start. Clock changes (DST) are not
 * modelled: Japan has none, and a planner's week is a wall-clock week.
 */
import { DAYS, type Day } from '../scenario/schema.ts';

export const SECONDS_PER_HOUR = 3600;
export const SECONDS_PER_DAY = 86_400;
export const SECONDS_PER_WEEK = 7 * SECONDS_PER_DAY;

/** Second of the local week (Monday 00:00 = 0) at which a local date-time `YYYY-MM-DDTHH:MM[:SS]` falls. */
export function secondOfWeek(localDateTime: string): number {
  const ms = Date.parse(`${localDateTime}Z`); // parsed as if UTC: we only want its calendar fields
  if (Number.isNaN(ms)) throw new RangeError(`not a local date-time: ${localDateTime}`);
  const d = new Date(ms);
  const dayIndex = (d.getUTCDay() + 6) % 7; // JS: Sunday = 0; ours: Monday = 0
  return dayIndex * SECONDS_PER_DAY + d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
}

export function dayIndex(day: Day): number {
  return DAYS.indexOf(day);
}

/** "HH:MM" to seconds after midnight; "24:00" is the end of the day. */
export function clockSeconds(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 3600 + (m ?? 0) * 60;
}

/** Position in the week of a simulation time, given where the horizon starts in the week. */
export function weekPosition(startSecondOfWeek: number, t: number): number {
  const s = (startSecondOfWeek + t) % SECONDS_PER_WEEK;
  return s < 0 ? s + SECONDS_PER_WEEK : s;
}

/** Local hour of day (0–23) of a simulation time. */
export function hourOfDay(startSecondOfWeek: number, t: number): number {
  return Math.floor((weekPosition(startSecondOfWeek, t) % SECONDS_PER_DAY) / SECONDS_PER_HOUR);
}
