/**
 * Live traffic for the chaos suite: a bounded loop of callers, each a telephony front end
 * driving one call through POST /calls, /digits, /answer, /end (and GET while queued or after
 * an error), spread over one or more service instances. Every request has a timeout; a
 * caller gives up after a fixed number of steps, leaving the rest to the service's timeouts.
 * What each call did is traced, for the invariants (invariants.ts).
 */
import { sleep } from './processes.ts';

export type Status = 'menu' | 'queued' | 'ringing' | 'talking' | 'ended';

/** A call as the API returns it (the fields the suite reads). */
export interface CallView {
  id: string;
  status: Status;
  line: { organisation: string; line: string } | null;
  outcome: string | null;
}

export interface Answer {
  /** HTTP status; 0 when no answer came (refused, reset, or the request timeout). */
  status: number;
  body: unknown;
  sentAt: number;
  receivedAt: number;
}

/** The webhooks a lossy front end never sends (lost webhooks). */
export interface Losses {
  /** Share of calls that never press a key. */
  digits: number;
  /** Share of ringing calls never answered nor ended. */
  answer: number;
  /** Share of answered calls never ended. */
  end: number;
  /** Share of queued calls whose front end goes silent. */
  queued: number;
}

export const NO_LOSSES: Losses = { digits: 0, answer: 0, end: 0, queued: 0 };

export interface TrafficOptions {
  /** Instances to spread calls over (caller i uses urls[i % n] for all of its requests). */
  urls: string[];
  /** Callers at once. */
  concurrency: number;
  losses?: Losses;
  /** Real ms a polite caller lets the line ring / talks / waits in the queue before hanging up. */
  ringMs?: [number, number];
  talkMs?: [number, number];
  patienceMs?: [number, number];
  /** Per-request timeout, ms. */
  requestTimeoutMs?: number;
  /** Share of callers who choose the queued category ('1'); the rest choose the busy one ('2'). */
  queuedShare?: number;
}

/** What the client knows of one call it started. */
export interface CallTrace {
  id: string;
  url: string;
  startedAt: number;
  /** `<org>/<line>` once seen on a line. */
  line: string | null;
  /** Received time of the first answer that showed the call on its line. */
  heldFrom: number | null;
  /** Latest send time of a request whose answer showed the call still on its line (or ended from it): the line was held then or later. */
  heldUntil: number | null;
  /** Last state seen. */
  last: CallView;
  /** /end answers of 200 (at most one may ever succeed). */
  ends: number;
  /** Answers to a repeated /end after the call had ended (each must be 409, or 404 once forgotten). */
  repeatedEnds: number[];
  /** The client stopped driving this call on purpose (a lost webhook) or gave up. */
  abandoned: 'lost_webhook' | 'gave_up' | null;
  /** GET or webhook answered 404: the service lost the call. */
  lost: boolean;
}

export interface TimelineEntry {
  route: 'start' | 'digits' | 'answer' | 'end' | 'get';
  status: number;
  sentAt: number;
  receivedAt: number;
}

export interface TrafficReport {
  calls: CallTrace[];
  /** POST /calls that got no answer: the service may hold a call the client never heard of. */
  unknownStarts: number;
  timeline: TimelineEntry[];
}

const MAX_STEPS = 60;

export class Traffic {
  readonly calls: CallTrace[] = [];
  readonly timeline: TimelineEntry[] = [];
  unknownStarts = 0;
  #running = true;
  readonly #loops: Promise<void>[];
  readonly #o: Required<TrafficOptions>;

  constructor(options: TrafficOptions) {
    this.#o = {
      losses: NO_LOSSES,
      ringMs: [50, 250],
      talkMs: [100, 600],
      patienceMs: [1000, 4000],
      requestTimeoutMs: 2000,
      queuedShare: 0.7,
      ...options,
    };
    this.#loops = Array.from({ length: this.#o.concurrency }, (_, i) => this.#caller(this.#o.urls[i % this.#o.urls.length]!));
  }

  /** Stops starting calls and lets calls in progress finish (bounded: MAX_STEPS each). */
  async stop(): Promise<TrafficReport> {
    this.#running = false;
    await Promise.all(this.#loops);
    return { calls: this.calls, unknownStarts: this.unknownStarts, timeline: this.timeline };
  }

  async #caller(url: string): Promise<void> {
    while (this.#running) {
      const known = this.calls.length;
      await this.#oneCall(url);
      // an instance that is down refuses at once: do not spin on it
      await sleep(this.calls.length === known ? 250 : rand([10, 60]));
    }
  }

  /**
   * Puts `n` calls through `url` to the queued category and answers those that ring, one after
   * another: the lines fill up with conversations and the rest wait in the queue. The calls are
   * traced like the loop's, and left as they are.
   */
  async fill(url: string, n: number): Promise<CallTrace[]> {
    const traces: CallTrace[] = [];
    for (let i = 0; i < n; i++) {
      const trace = await this.#start(url);
      if (trace === undefined) continue;
      traces.push(trace);
      this.#absorb(trace, await this.#request(url, 'POST', `/calls/${trace.id}/digits`, 'digits', { digits: '1' }));
      if (trace.last.status === 'ringing') this.#absorb(trace, await this.#request(url, 'POST', `/calls/${trace.id}/answer`, 'answer'));
      trace.abandoned = 'lost_webhook';
    }
    return traces;
  }

  /** Sends /end for every talking call at once (each hands its line to the head of the queue); resolves with the answers. */
  endTalking(traces: readonly CallTrace[]): Promise<Answer[]> {
    return Promise.all(traces.filter((t) => t.last.status === 'talking').map((t) => this.#end(t).then((a) => (this.#absorb(t, a), a))));
  }

  async #start(url: string): Promise<CallTrace | undefined> {
    const started = await this.#request(url, 'POST', '/calls', 'start');
    if (started.status !== 201) {
      if (started.status === 0) this.unknownStarts++;
      return undefined;
    }
    const first = started.body as CallView;
    const trace: CallTrace = {
      id: first.id,
      url,
      startedAt: started.sentAt,
      line: null,
      heldFrom: null,
      heldUntil: null,
      last: first,
      ends: 0,
      repeatedEnds: [],
      abandoned: null,
      lost: false,
    };
    this.calls.push(trace);
    return trace;
  }

  async #request(url: string, method: 'GET' | 'POST', path: string, route: TimelineEntry['route'], body?: unknown): Promise<Answer> {
    const sentAt = Date.now();
    let status = 0;
    let parsed: unknown = null;
    try {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.#o.requestTimeoutMs),
      });
      status = res.status;
      parsed = await res.json().catch(() => null);
    } catch {
      status = 0;
    }
    const receivedAt = Date.now();
    this.timeline.push({ route, status, sentAt, receivedAt });
    return { status, body: parsed, sentAt, receivedAt };
  }

  async #oneCall(url: string): Promise<void> {
    const trace = await this.#start(url);
    if (trace === undefined) return;
    const losses = this.#o.losses;
    const callPath = `/calls/${trace.id}`;
    const patience = Date.now() + rand(this.#o.patienceMs);
    let digitsSent = false;
    for (let step = 0; step < MAX_STEPS; step++) {
      const state = trace.last;
      let answer: Answer;
      switch (state.status) {
        case 'menu':
          if (!digitsSent && chance(losses.digits)) return void (trace.abandoned = 'lost_webhook');
          digitsSent = true;
          answer = await this.#request(url, 'POST', `${callPath}/digits`, 'digits', { digits: chance(this.#o.queuedShare) ? '1' : '2' });
          break;
        case 'queued':
          if (chance(losses.queued)) return void (trace.abandoned = 'lost_webhook');
          if (Date.now() >= patience) answer = await this.#end(trace);
          else {
            await sleep(150);
            answer = await this.#request(url, 'GET', callPath, 'get');
          }
          break;
        case 'ringing':
          if (chance(losses.answer)) return void (trace.abandoned = 'lost_webhook');
          await sleep(rand(this.#o.ringMs));
          // a few callers hang up while it rings
          answer = chance(0.1) ? await this.#end(trace) : await this.#request(url, 'POST', `${callPath}/answer`, 'answer');
          break;
        case 'talking':
          if (chance(losses.end)) return void (trace.abandoned = 'lost_webhook');
          await sleep(rand(this.#o.talkMs));
          answer = await this.#end(trace);
          break;
        case 'ended':
          // some front ends send a webhook twice
          if (chance(0.2)) trace.repeatedEnds.push((await this.#request(url, 'POST', `${callPath}/end`, 'end')).status);
          return;
      }
      if (!this.#absorb(trace, answer)) {
        if (answer.status === 404) return void (trace.lost = true);
        // 409 (moved meanwhile), 503 (store away), no answer: read where the call is
        await sleep(100);
        const read = await this.#request(url, 'GET', callPath, 'get');
        if (read.status === 404) return void (trace.lost = true);
        this.#absorb(trace, read);
      }
    }
    trace.abandoned = 'gave_up';
  }

  #end(trace: CallTrace): Promise<Answer> {
    return this.#request(trace.url, 'POST', `/calls/${trace.id}/end`, 'end').then((answer) => {
      if (answer.status !== 200) return answer;
      trace.ends++;
      // an /end that succeeds found the call still active, so still on its line: freed after the request left
      if (trace.heldFrom !== null) trace.heldUntil = Math.max(trace.heldUntil ?? 0, answer.sentAt);
      return answer;
    });
  }

  /** Takes a 200/201 answer's call view into the trace; false for any other answer. */
  #absorb(trace: CallTrace, answer: Answer): boolean {
    if (answer.status !== 200 && answer.status !== 201) return false;
    const view = answer.body as CallView;
    if (view.line !== null && (view.status === 'ringing' || view.status === 'talking' || view.status === 'ended')) {
      const line = `${view.line.organisation}/${view.line.line}`;
      if (trace.line !== null && trace.line !== line) throw new Error(`call ${trace.id} moved from line ${trace.line} to ${line}`);
      trace.line = line;
      if (view.status !== 'ended') {
        trace.heldFrom ??= answer.receivedAt;
        // the answer was decided after the request left, while the line was still the call's
        trace.heldUntil = Math.max(trace.heldUntil ?? 0, answer.sentAt);
      }
    }
    trace.last = view;
    return true;
  }
}

function rand([lo, hi]: [number, number]): number {
  return lo + Math.random() * (hi - lo);
}

function chance(p: number): boolean {
  return p > 0 && Math.random() < p;
}

/** `route status: count` of every request, for failure messages and the measurements printed. */
export function summary(report: TrafficReport): string {
  const counts = new Map<string, number>();
  for (const e of report.timeline) counts.set(`${e.route} ${e.status}`, (counts.get(`${e.route} ${e.status}`) ?? 0) + 1);
  return [...counts].sort().map(([k, n]) => `${k}: ${n}`).join(', ');
}
