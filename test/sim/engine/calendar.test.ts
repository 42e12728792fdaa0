import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventCalendar } from '../../../sim/engine/calendar.ts';
import { Simulation } from '../../../sim/engine/simulation.ts';

interface Entry {
  time: number;
  kind: number;
  id: number;
}

/** The reference: a plain list, earliest time first and, among equal times, first pushed first. */
class ReferenceCalendar {
  private readonly entries: Entry[] = [];
  push(e: Entry): void {
    this.entries.push(e);
  }
  pop(): Entry | undefined {
    if (this.entries.length === 0) return undefined;
    let best = 0;
    for (let i = 1; i < this.entries.length; i++) if (this.entries[i]!.time < this.entries[best]!.time) best = i;
    return this.entries.splice(best, 1)[0];
  }
  get size(): number {
    return this.entries.length;
  }
}

/** Times drawn from a handful of values so that many events tie, plus arbitrary finite times. */
const time = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0, 1, 2, 2.5, 3, 1e9) },
  { weight: 1, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity) },
);

type Op = { op: 'push'; time: number } | { op: 'pop' };
const ops = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: time.map((t): Op => ({ op: 'push', time: t })) },
    { weight: 1, arbitrary: fc.constant<Op>({ op: 'pop' }) },
  ),
  { maxLength: 400 },
);

describe('EventCalendar', () => {
  it('pops in (time, insertion order) like a sorted reference, under any interleaving of push and pop', () => {
    fc.assert(
      fc.property(ops, (sequence) => {
        const heap = new EventCalendar<number>();
        const ref = new ReferenceCalendar();
        let id = 0;
        for (const o of sequence) {
          if (o.op === 'push') {
            const e = { time: o.time, kind: id % 7, id: id++ };
            heap.push(e.time, e.kind, e.id);
            ref.push(e);
          } else {
            const expected = ref.pop();
            const got = heap.pop();
            expect(got).toBe(expected !== undefined);
            if (expected) {
              expect([heap.poppedTime, heap.poppedKind, heap.poppedPayload]).toEqual([expected.time, expected.kind, expected.id]);
            }
          }
          expect(heap.size).toBe(ref.size);
        }
        // drain what is left
        for (let e = ref.pop(); e !== undefined; e = ref.pop()) {
          expect(heap.pop()).toBe(true);
          expect([heap.poppedTime, heap.poppedPayload]).toEqual([e.time, e.id]);
        }
        expect(heap.pop()).toBe(false);
        expect(heap.peekTime()).toBe(Infinity);
      }),
      { numRuns: 300 },
    );
  });

  it('peekTime is the time of the event pop returns next', () => {
    fc.assert(
      fc.property(fc.array(time, { minLength: 1, maxLength: 100 }), (times) => {
        const heap = new EventCalendar<null>();
        for (const t of times) heap.push(t, 0, null);
        while (heap.size > 0) {
          const peek = heap.peekTime();
          heap.pop();
          expect(heap.poppedTime).toBe(peek);
        }
      }),
    );
  });

  it('keeps order and payloads when it grows far past its initial 1024 slots, with heavy ties', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 3000, maxLength: 6000 }),
        fc.integer({ min: 0, max: 2999 }),
        (times, popEarly) => {
          const heap = new EventCalendar<{ id: number }>();
          const entries = times.map((t, id) => ({ time: t, id }));
          // pop some before the rest is pushed, so growth happens with a partly used heap
          const popped: number[] = [];
          const ref = new ReferenceCalendar();
          entries.forEach((e, i) => {
            heap.push(e.time, i & 0x7fffffff, { id: e.id });
            ref.push({ time: e.time, kind: 0, id: e.id });
            if (i === popEarly) {
              for (let k = 0; k < 100 && heap.size > 0; k++) {
                expect(heap.pop()).toBe(true);
                popped.push(heap.poppedPayload!.id);
                expect(heap.poppedPayload!.id).toBe(ref.pop()!.id);
              }
            }
          });
          const stableSorted = entries
            .filter((e) => !popped.includes(e.id))
            .sort((a, b) => a.time - b.time || a.id - b.id)
            .map((e) => e.id);
          const rest: number[] = [];
          while (heap.pop()) rest.push(heap.poppedPayload!.id);
          expect(rest).toEqual(stableSorted);
        },
      ),
      { numRuns: 10 },
    );
  });

  it('is empty at first', () => {
    const heap = new EventCalendar<string>();
    expect(heap.size).toBe(0);
    expect(heap.peekTime()).toBe(Infinity);
    expect(heap.pop()).toBe(false);
  });
});

describe('Simulation', () => {
  /**
   * A model whose handler schedules follow-up events from a script of delays (some 0, so
   * events pile up at one instant). The kernel must hand events out in (time, scheduling
   * order), the clock must never go back, and `now` must be the event's time.
   */
  it('never moves the clock back and handles events in (time, scheduling order)', () => {
    const delay = fc.oneof(fc.constant(0), fc.constantFrom(0.5, 1, 2), fc.double({ min: 0, max: 100, noNaN: true }));
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.array(delay, { maxLength: 3 }), { maxLength: 200 }),
        fc.boolean(),
        (initial, script, absolute) => {
          const sim = new Simulation<number>();
          // reference: every scheduled event with its time and scheduling sequence
          const scheduled: Array<{ time: number; seq: number }> = [];
          const scheduleAt = (t: number, id: number): void => {
            sim.at(t, 0, id);
            scheduled.push({ time: t, seq: id });
          };
          let next = 0;
          for (const t of initial) scheduleAt(t, next++);
          let step = 0;
          const handled: Array<{ id: number; now: number }> = [];
          let last = -Infinity;
          sim.run((_kind, id, now) => {
            expect(now).toBeGreaterThanOrEqual(last);
            expect(sim.now).toBe(now);
            last = now;
            handled.push({ id, now });
            const children = script[step++] ?? [];
            for (const d of children) {
              if (absolute) scheduleAt(now + d, next++);
              else {
                sim.after(d, 0, next);
                scheduled.push({ time: now + d, seq: next++ });
              }
            }
          });
          const expected = [...scheduled].sort((a, b) => a.time - b.time || a.seq - b.seq).map((e) => e.seq);
          expect(handled.map((h) => h.id)).toEqual(expected);
          expect(sim.events).toBe(scheduled.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses to schedule into the past', () => {
    const sim = new Simulation<null>();
    expect(() => sim.after(-1, 0, null)).toThrow(RangeError);
    expect(() => sim.after(-Number.MIN_VALUE, 0, null)).toThrow(RangeError);
    expect(() => sim.after(NaN, 0, null)).toThrow(RangeError);
    sim.at(10, 0, null);
    const errors: unknown[] = [];
    sim.run((_k, _p, now) => {
      expect(now).toBe(10);
      for (const bad of [() => sim.at(9.999, 0, null), () => sim.after(-0.001, 0, null), () => sim.at(NaN, 0, null)]) {
        try {
          bad();
        } catch (e) {
          errors.push(e);
        }
      }
    });
    expect(errors).toHaveLength(3);
    for (const e of errors) expect(e).toBeInstanceOf(RangeError);
    expect(sim.events).toBe(1);
  });

  it('schedules an event at "now" after the events already due at that instant', () => {
    const sim = new Simulation<string>();
    const order: string[] = [];
    sim.at(5, 0, 'a');
    sim.at(5, 0, 'b');
    sim.run((_k, p) => {
      order.push(p);
      if (p === 'a') sim.after(0, 0, 'a-child');
    });
    expect(order).toEqual(['a', 'b', 'a-child']);
  });

  it('stop() ends run after the current event; run() resumes where it stopped', () => {
    const sim = new Simulation<number>();
    for (let i = 0; i < 10; i++) sim.at(i, 0, i);
    const seen: number[] = [];
    sim.run((_k, p) => {
      seen.push(p);
      if (p === 3) sim.stop();
    });
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(sim.now).toBe(3);
    expect(() => sim.at(2, 0, -1)).toThrow(RangeError);
    sim.run((_k, p) => seen.push(p));
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(sim.events).toBe(10);
    expect(sim.now).toBe(9);
  });
});
