/**
 * The wall clock and scenario time (a clock that starts at a local date-time and runs faster),
 * read by the live service and by the replay; the simulator keeps its own virtual time.
 */
import { instantOfLocal } from '../../core/time/local-time.ts';

/** Wall-clock time as a dependency, so tests can drive the live service with a fake clock. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * Scenario time for the live service (an operator demo, a replay): it reads `startMs` when
 * created and runs `speed` times faster than the real clock from then on, so staffing schedules
 * and "today" windows follow the scenario's day rather than the real one.
 */
export class ScaledClock implements Clock {
  readonly #origin: number;

  constructor(
    readonly startMs: number,
    readonly speed: number,
    private readonly real: Clock = systemClock,
  ) {
    if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`clock speed must be a number > 0, got ${speed}`);
    this.#origin = real.now();
  }

  now(): number {
    return this.startMs + (this.real.now() - this.#origin) * this.speed;
  }
}

/**
 * The service's clock: the real one, or scenario time from the local date-time `start` in
 * `timeZone` (the real now if unset) at `speed` scenario seconds per real second.
 */
export function serviceClock(start: string | undefined, speed: number, timeZone: string): Clock {
  if (start === undefined && speed === 1) return systemClock;
  return new ScaledClock(start === undefined ? Date.now() : instantOfLocal(start, timeZone), speed);
}
