/**
 * The simulation kernel: a virtual clock and an event calendar. It knows nothing of
 * helplines; a model schedules (time, kind, payload) events and handles them as they come.
 */
import { EventCalendar } from './calendar.ts';

export type EventHandler<T> = (kind: number, payload: T, now: number) => void;

export class Simulation<T> {
  private readonly calendar = new EventCalendar<T>();
  private clock = 0;
  private processed = 0;
  private stopped = false;

  get now(): number {
    return this.clock;
  }

  /** Events handled so far. */
  get events(): number {
    return this.processed;
  }

  /** Schedule an event `delay` seconds from now (delay ≥ 0). */
  after(delay: number, kind: number, payload: T): void {
    if (!(delay >= 0)) throw new RangeError(`cannot schedule an event ${delay} s in the past`);
    this.calendar.push(this.clock + delay, kind, payload);
  }

  /** Schedule an event at absolute time `time` (≥ now). */
  at(time: number, kind: number, payload: T): void {
    if (!(time >= this.clock)) throw new RangeError(`cannot schedule an event at ${time}, before now (${this.clock})`);
    this.calendar.push(time, kind, payload);
  }

  /** Ends `run` after the event being handled. */
  stop(): void {
    this.stopped = true;
  }

  /** Handle events in time order until the calendar is empty or `stop()` is called. */
  run(handle: EventHandler<T>): void {
    const calendar = this.calendar;
    this.stopped = false;
    while (!this.stopped && calendar.pop()) {
      this.clock = calendar.poppedTime;
      this.processed++;
      handle(calendar.poppedKind, calendar.poppedPayload as T, this.clock);
    }
  }
}
