/**
 * Real instants and local wall-clock time in a scenario's time zone, both ways (Intl). Schedules
 * are written in local time (see local-week.ts); the live service and the replay have instants.
 */
import { secondOfWeek } from './local-week.ts';

export interface LocalTime {
  /** Second of the local week, Monday 00:00 = 0, as `isOnDuty` expects. */
  weekSecond: number;
  /** Local calendar date `YYYY-MM-DD`, the key of "since local midnight". */
  date: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    // en-CA gives YYYY-MM-DD; h23 avoids "24:00" at midnight
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Intl formatting costs microseconds; the service asks many times per second for the same second. */
const lastBySecond = new Map<string, { second: number; value: LocalTime }>();

export function localTime(ms: number, timeZone: string): LocalTime {
  const second = Math.floor(ms / 1000);
  const cached = lastBySecond.get(timeZone);
  if (cached !== undefined && cached.second === second) return cached.value;
  const value = computeLocalTime(ms, timeZone);
  lastBySecond.set(timeZone, { second, value });
  return value;
}

function computeLocalTime(ms: number, timeZone: string): LocalTime {
  const wall = localDateTime(ms, timeZone);
  return { date: wall.slice(0, 10), weekSecond: secondOfWeek(wall) };
}

/** The local wall-clock date-time `YYYY-MM-DDTHH:MM:SS` of an instant in `timeZone`. */
export function localDateTime(ms: number, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/** The instant at which the local date-time `YYYY-MM-DDTHH:MM[:SS]` happens in `timeZone`. */
export function instantOfLocal(local: string, timeZone: string): number {
  const asUtc = Date.parse(`${local}Z`);
  if (Number.isNaN(asUtc)) throw new RangeError(`not a local date-time: ${local}`);
  // the zone's offset at a first guess, then at the corrected instant (they differ only across a clock change)
  const first = asUtc - utcOffsetMs(asUtc, timeZone);
  return asUtc - utcOffsetMs(first, timeZone);
}

/** Local wall-clock time minus UTC at `instant`, in milliseconds. */
function utcOffsetMs(instant: number, timeZone: string): number {
  const local = Date.parse(`${localDateTime(instant, timeZone)}Z`);
  return local - (instant - (((instant % 1000) + 1000) % 1000));
}
