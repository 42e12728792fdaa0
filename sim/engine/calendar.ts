/**
 * The event calendar: a binary min-heap ordered by (time, insertion sequence). The sequence
 * number makes events at equal times run in the order they were scheduled, so a run is
 * deterministic by construction (as in SimPy's (time, priority, id) heap).
 *
 * Entries live in parallel typed arrays rather than objects: the calendar is the simulator's
 * innermost loop and this keeps it free of per-event allocation.
 */
export class EventCalendar<T> {
  private times = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private kinds = new Int32Array(1024);
  private payloads: (T | undefined)[] = new Array(1024);
  private count = 0;
  private nextSeq = 0;

  get size(): number {
    return this.count;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    return this.count > 0 ? this.times[0]! : Infinity;
  }

  push(time: number, kind: number, payload: T): void {
    if (this.count === this.times.length) this.grow();
    const seq = this.nextSeq++;
    // sift up with a hole: move parents down until the new entry fits
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = this.times[parent]!;
      if (pt < time || (pt === time && this.seqs[parent]! < seq)) break;
      this.move(parent, i);
      i = parent;
    }
    this.set(i, time, seq, kind, payload);
  }

  /** Removes the earliest event; `popped*` fields hold it. Returns false when empty. */
  pop(): boolean {
    if (this.count === 0) return false;
    this.poppedTime = this.times[0]!;
    this.poppedKind = this.kinds[0]!;
    this.poppedPayload = this.payloads[0] as T;
    const last = --this.count;
    if (last > 0) {
      const time = this.times[last]!;
      const seq = this.seqs[last]!;
      const kind = this.kinds[last]!;
      const payload = this.payloads[last] as T;
      // sift down with a hole from the root
      let i = 0;
      const half = last >> 1;
      while (i < half) {
        let child = 2 * i + 1;
        const right = child + 1;
        if (right < last && this.before(right, child)) child = right;
        const ct = this.times[child]!;
        if (time < ct || (time === ct && seq < this.seqs[child]!)) break;
        this.move(child, i);
        i = child;
      }
      this.set(i, time, seq, kind, payload);
    }
    this.payloads[last] = undefined;
    return true;
  }

  poppedTime = 0;
  poppedKind = 0;
  poppedPayload: T | undefined = undefined;

  private before(a: number, b: number): boolean {
    const ta = this.times[a]!;
    const tb = this.times[b]!;
    return ta < tb || (ta === tb && this.seqs[a]! < this.seqs[b]!);
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from]!;
    this.seqs[to] = this.seqs[from]!;
    this.kinds[to] = this.kinds[from]!;
    this.payloads[to] = this.payloads[from];
  }

  private set(i: number, time: number, seq: number, kind: number, payload: T): void {
    this.times[i] = time;
    this.seqs[i] = seq;
    this.kinds[i] = kind;
    this.payloads[i] = payload;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const times = new Float64Array(n);
    times.set(this.times);
    const seqs = new Float64Array(n);
    seqs.set(this.seqs);
    const kinds = new Int32Array(n);
    kinds.set(this.kinds);
    this.times = times;
    this.seqs = seqs;
    this.kinds = kinds;
    this.payloads.length = n;
  }
}
