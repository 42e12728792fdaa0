/**
 * Fresh-caller arrival processes: a non-homogeneous Poisson process with a rate constant
 * within each local hour (volume × weekday factor × hourly profile), replayed interval
 * counts, or an exact trace. Each yields the next arrival time, drawing from its own stream.
 */
import { DAYS, type Arrivals, type Horizon } from '../../core/scenario/schema.ts';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, secondOfWeek, weekPosition } from '../../core/time/local-week.ts';
import type { RandomStream } from '../engine/random.ts';

export interface ArrivalProcess {
  /** Next arrival strictly after the previous one, or Infinity when there are no more before `end`. */
  next(rng: RandomStream): number;
}

export function createArrivals(arrivals: Arrivals, horizon: Horizon): ArrivalProcess {
  const end = horizon.days * SECONDS_PER_DAY;
  switch (arrivals.type) {
    case 'volume':
      return piecewisePoisson(volumeSlots(arrivals, horizon), end);
    case 'intervalCounts':
      return intervalReplay(arrivals.counts ?? [], arrivals.intervalMinutes * 60, arrivals.mode, end);
    case 'trace':
      return traceReplay(arrivals.times ?? [], end);
  }
}

interface Slot {
  end: number;
  /** Arrivals per second within the slot. */
  rate: number;
}

/** One slot per local clock hour of the horizon (the first and last may be partial). */
function volumeSlots(a: Extract<Arrivals, { type: 'volume' }>, horizon: Horizon): Slot[] {
  const start = secondOfWeek(horizon.start);
  const end = horizon.days * SECONDS_PER_DAY;
  const profile = a.hourlyProfile ?? new Array<number>(24).fill(1);
  const profileSum = profile.reduce((s, w) => s + w, 0);
  const slots: Slot[] = [];
  let t = 0;
  while (t < end) {
    const week = weekPosition(start, t);
    const slotEnd = Math.min(end, t + SECONDS_PER_HOUR - (week % SECONDS_PER_HOUR));
    const day = Math.floor(t / SECONDS_PER_DAY);
    const perDay = Array.isArray(a.callersPerDay) ? a.callersPerDay[day]! : a.callersPerDay;
    const weekday = DAYS[Math.floor(week / SECONDS_PER_DAY)]!;
    const factor = a.dayOfWeekFactors?.[weekday] ?? 1;
    const hour = Math.floor((week % SECONDS_PER_DAY) / SECONDS_PER_HOUR);
    slots.push({ end: slotEnd, rate: (perDay * factor * profile[hour]!) / profileSum / SECONDS_PER_HOUR });
    t = slotEnd;
  }
  return slots;
}

/** Exact NHPP sampling for a piecewise-constant rate: by memorylessness, restart at each boundary. */
function piecewisePoisson(slots: Slot[], end: number): ArrivalProcess {
  let t = 0;
  let k = 0;
  return {
    next(rng) {
      while (k < slots.length) {
        const slot = slots[k]!;
        if (slot.rate > 0) {
          const candidate = t - Math.log(rng.nextPositive()) / slot.rate;
          if (candidate < slot.end) return (t = candidate);
        }
        t = slot.end;
        k++;
      }
      return Infinity;
    },
  };
}

/** Interval counts: exactly that many arrivals spread uniformly in each interval, or Poisson with that mean. */
function intervalReplay(counts: readonly number[], width: number, mode: 'exact' | 'poisson', end: number): ArrivalProcess {
  let interval = -1;
  let pending: number[] = [];
  let index = 0;
  return {
    next(rng) {
      while (index >= pending.length) {
        interval++;
        const from = interval * width;
        if (interval >= counts.length || from >= end) return Infinity;
        const to = Math.min(end, from + width);
        const count = counts[interval]!;
        pending = [];
        index = 0;
        if (mode === 'exact') {
          for (let i = 0; i < count; i++) pending.push(from + (to - from) * rng.next());
          pending.sort((x, y) => x - y);
        } else if (count > 0) {
          const rate = count / width;
          for (let t = from - Math.log(rng.nextPositive()) / rate; t < to; t -= Math.log(rng.nextPositive()) / rate) pending.push(t);
        }
      }
      return pending[index++]!;
    },
  };
}

function traceReplay(times: readonly number[], end: number): ArrivalProcess {
  const sorted = times.filter((t) => t < end).sort((x, y) => x - y);
  let index = 0;
  return { next: () => (index < sorted.length ? sorted[index++]! : Infinity) };
}
