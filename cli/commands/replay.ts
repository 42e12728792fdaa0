/**
 * `helpline-sim replay <scenario> --url http://127.0.0.1:PORT --speed 60`: plays a scenario's
 * callers against a running live service over its public HTTP API, accelerated, so that the
 * live figures (dashboard, /metrics) move as they would on a real day.
 *
 * The callers are the simulator's, drawn from its own random streams (same names, same draws
 * at the same scenario moments: a replay with seed s has the arrivals and concerns of
 * replication 0 of `helpline-sim run --seed s`, and its other draws too while events fall in
 * the same order, which a few ms of jitter can change): the arrival process, concern mix, menu
 * behaviour (each press or silent hearing at every menu level, patience), queue patience,
 * handle and wrap-up times, redials. What happens to each call (line, queue, busy, closed) is
 * decided by the service, not here.
 *
 * Staff are played too: a ringing line is answered at once and the call is ended after the
 * handle time plus the organisation's wrap-up. The service has no notion of wrap-up (it frees
 * a line when its call ends), so the staff side holds the call for talk + wrap-up: for routing
 * the line is unavailable exactly as long as in the simulator; only the service's talk-time
 * figures include the wrap-up.
 *
 * Time: every step happens at its scenario time / speed, counted from one origin (no drift).
 * The replay reads the service's clock (GET /live) and, when the service runs on this
 * scenario's time at this speed (CLOCK_START, CLOCK_SPEED), plays on that clock, so staffing
 * schedules line up: it waits if the service is a little before the horizon start, and skips
 * callers due before the service's present if it is past it. Otherwise it warns and plays on
 * its own clock. A queued caller asks whether a line took them every few scenario seconds; the
 * line is held from the middle of the interval in which it took them.
 */
import type { Menu, MenuOption, Outcome, Scenario } from '../../core/scenario/schema.ts';
import { optionIndexFor } from '../../core/routing/menu.ts';
import { instantOfLocal } from '../../core/time/local-time.ts';
import { compileScenario, type CompiledScenario } from '../../sim/model/compiled-scenario.ts';
import type { MenuPress, MenuResult } from '../../sim/model/menu-behaviour.ts';
import type { ReplicationStreams } from '../../sim/model/streams.ts';

export interface ReplayOptions {
  url: string;
  /** Scenario seconds per real second. */
  speed: number;
  seed: number;
  /** Scenario hours to play from the horizon start; the whole horizon if undefined. */
  hours: number | undefined;
  /** x-api-key for the call-flow routes, if the service wants one. */
  apiKey: string | undefined;
  log: (line: string) => void;
}

export interface ReplaySummary {
  attempts: number;
  outcomes: Record<Outcome, number>;
  /** Attempts that reached routing, by the category chosen (as `helpline-sim run` reports categories). */
  categories: Record<string, { attempts: number; answered: number }>;
  /** Fresh callers due before the service's clock when the replay started: not played. */
  skipped: number;
  /** Requests the service refused or failed (not outcomes). */
  errors: number;
}

interface CallView {
  id: string;
  status: 'menu' | 'queued' | 'ringing' | 'talking' | 'ended';
  line: { organisation: string } | null;
  category: string | null;
  outcome: Outcome | null;
}

interface Caller {
  concern: number;
  attempts: number;
}

const KEYS = '0123456789*#';
/**
 * A queued caller asks for news every this many scenario seconds (and when their patience runs
 * out, before hanging up)…
 */
const POLL_SECONDS = 10;
/** …but not more often than this (real milliseconds). */
const MIN_POLL_MS = 5;
/** Real time between the two readings of the service's clock that measure its speed… */
const PROBE_GAP_MS = 200;
/** …each the quickest of this many requests. */
const PROBES = 3;
/** The longest the replay waits for a service clock set before the horizon start (real ms). */
const MAX_LEAD_MS = 60_000;
/** The service's clock counts as running at the replay's speed within this relative difference. */
const SPEED_TOLERANCE = 0.1;

export async function replay(scenario: Scenario, opts: ReplayOptions): Promise<ReplaySummary> {
  const compiled = compileScenario(scenario);
  const end = Math.min(compiled.horizon.end, opts.hours === undefined ? Infinity : opts.hours * 3600);
  const { origin, from } = await alignToService(scenario, opts, end);
  const session = new ReplaySession(compiled, opts, origin, end);
  await session.playCallers(from);
  const { summary } = session;
  if (summary.skipped > 0) opts.log(`replay: ${summary.skipped} callers were due before the service's clock when the replay started: not played`);
  opts.log(progressLine(summary, end === Infinity ? 0 : end));
  return summary;
}

/** One replay against the service: its callers and staff, on one real-time origin. */
class ReplaySession {
  readonly summary: ReplaySummary;
  private readonly streams: ReplicationStreams;
  private readonly pollMs: number;

  /**
   * @param origin where scenario second 0 falls in real time (ms)
   * @param end the scenario second at which callers stop coming and redialling
   */
  constructor(
    private readonly compiled: CompiledScenario,
    private readonly opts: ReplayOptions,
    private readonly origin: number,
    private readonly end: number,
  ) {
    // replication 0 of the simulator's streams for this seed
    this.streams = compiled.streams(opts.seed, 0);
    this.summary = emptySummary(compiled.categoryIds);
    this.pollMs = Math.max(MIN_POLL_MS, (POLL_SECONDS * 1000) / opts.speed);
  }

  /** Every fresh caller from scenario second `from` to the end, each with their redials; resolves when all have ended. */
  async playCallers(from: number): Promise<void> {
    const { arrivals: arrivalStream, concern: concernStream } = this.streams.shared;
    const arrivals = this.compiled.arrivals();
    const inFlight = new Set<Promise<void>>();
    const progress = setInterval(() => this.opts.log(progressLine(this.summary, this.now())), 10_000);
    try {
      for (let t = arrivals.next(arrivalStream); t < this.end; t = arrivals.next(arrivalStream)) {
        const concern = this.compiled.drawConcern(concernStream);
        if (t < from) {
          this.summary.skipped++;
          continue;
        }
        await this.until(t);
        const p = this.playAttempt({ concern, attempts: 0 }, t).finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      await Promise.all(inFlight);
    } finally {
      clearInterval(progress);
    }
  }

  /** One attempt from `t0`, then the caller's redial if they make one (the simulator's draws, in its order). */
  private async playAttempt(caller: Caller, t0: number): Promise<void> {
    caller.attempts++;
    this.summary.attempts++;
    const presses: MenuPress[] = [];
    const { menu, queuePatience } = this.compiled.drawAttemptStart(caller.concern, this.streams, presses);
    const start = await this.api('POST', '/calls');
    if (start === undefined) return;
    const keyed = await this.pressKeys(start, t0, presses);
    let view = keyed.view;
    if (view?.status === 'menu') view = await this.hangUpInMenu(start.id, t0, menu);
    else if (view !== undefined && view.status !== 'ended') view = await this.queueThenTalk(view, keyed.pressedAt, queuePatience);
    const outcome = view?.outcome;
    if (outcome === undefined || outcome === null) return;
    this.count(view!.category, outcome);
    await this.redialIfTheyDo(caller, outcome);
  }

  /** Sends the menu presses at their scenario times, until the call leaves the menu; `pressedAt` is when the last was sent. */
  private async pressKeys(call: CallView, t0: number, presses: readonly MenuPress[]): Promise<{ view: CallView | undefined; pressedAt: number }> {
    let view: CallView | undefined = call;
    let pressedAt = t0;
    for (const press of presses) {
      await this.until(t0 + press.at);
      const key = press.option < 0 ? invalidKey(press.menu) : press.menu.options[press.option]!.digit;
      pressedAt = this.now();
      view = await this.api('POST', `/calls/${call.id}/digits`, { digits: key });
      if (view?.status !== 'menu') break;
    }
    return { view, pressedAt };
  }

  /** A caller still at the menu after their presses hangs up when their menu phase ends. */
  private async hangUpInMenu(id: string, t0: number, menu: MenuResult): Promise<CallView | undefined> {
    if (menu.outcome !== 'hung_up_in_menu') {
      this.opts.log(`replay: call ${id} is still at the menu after the presses that end it (${menu.outcome}); hanging up`);
      this.summary.errors++;
    }
    await this.until(t0 + menu.seconds);
    return this.hangUp(id);
  }

  /**
   * After routing at scenario time `routedAt` (when the press that routed was sent): wait in the
   * queue (giving up after `patience`), or talk and wrap up.
   */
  private async queueThenTalk(call: CallView, routedAt: number, patience: number): Promise<CallView | undefined> {
    let current: CallView | undefined = call;
    let ringingSince = routedAt;
    const giveUpAt = routedAt + patience;
    let askedAt = routedAt;
    while (current?.status === 'queued') {
      if (this.now() >= giveUpAt) return this.hangUp(call.id);
      await sleepMs(Math.min(this.pollMs, this.realTime(giveUpAt) - Date.now()));
      const asked = this.now();
      // a line took the call between the last two questions: the midpoint is an unbiased guess of when
      ringingSince = (askedAt + asked) / 2;
      askedAt = asked;
      current = await this.api('GET', `/calls/${call.id}`);
    }
    if (current?.status !== 'ringing') return current;
    return this.answerAndTalk(current, ringingSince);
  }

  /**
   * The staff side: answer, hold the line for the handle time and the wrap-up, end the call. The
   * line is held from `ringingSince`, so a slow response does not lengthen the call.
   */
  private async answerAndTalk(call: CallView, ringingSince: number): Promise<CallView | undefined> {
    const category = this.compiled.categoryIndex.get(call.category!)!;
    const organisation = this.compiled.organisationIndex.get(call.line!.organisation)!;
    if ((await this.api('POST', `/calls/${call.id}/answer`)) === undefined) return undefined;
    // drawn when the simulator draws them (handle time at the answer, wrap-up when the talk ends), so the streams stay in step
    const talkEnds = ringingSince + this.compiled.drawHandleTime(organisation, category, this.streams);
    await this.until(talkEnds);
    const wrapUp = this.compiled.drawWrapUp(organisation, category, this.streams);
    if (wrapUp !== undefined) await this.until(talkEnds + wrapUp);
    return this.api('POST', `/calls/${call.id}/end`);
  }

  private async redialIfTheyDo(caller: Caller, outcome: Outcome): Promise<void> {
    const delay = this.compiled.drawRedialDelay(caller.concern, caller.attempts, outcome, this.streams);
    if (delay === undefined) return;
    const at = this.now() + delay;
    if (at < this.end) {
      await this.until(at);
      await this.playAttempt(caller, at);
    }
  }

  private count(category: string | null, outcome: Outcome): void {
    this.summary.outcomes[outcome]++;
    if (category !== null) {
      const figures = this.summary.categories[category]!;
      figures.attempts++;
      if (outcome === 'answered') figures.answered++;
    }
  }

  /** Hangs up; if the service ended the call first (say, its maximum wait), reads how it ended. */
  private async hangUp(id: string): Promise<CallView | undefined> {
    return (await this.api('POST', `/calls/${id}/end`, undefined, true)) ?? this.api('GET', `/calls/${id}`);
  }

  /** One request to the call-flow API; a failure is logged and counted, and gives undefined. */
  private async api(method: string, path: string, body?: unknown, conflictExpected = false): Promise<CallView | undefined> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.opts.apiKey !== undefined) headers['x-api-key'] = this.opts.apiKey;
    try {
      const res = await fetch(this.opts.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      if (res.ok) return (await res.json()) as CallView;
      const text = await res.text();
      if (res.status === 409 && conflictExpected) return undefined;
      this.opts.log(`replay: ${method} ${path}: HTTP ${res.status} ${text}`);
    } catch (error) {
      this.opts.log(`replay: ${method} ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.summary.errors++;
    return undefined;
  }

  /** Scenario seconds since the horizon start. */
  private now(): number {
    return ((Date.now() - this.origin) * this.opts.speed) / 1000;
  }

  /** Real time (ms) of scenario second `t`. */
  private realTime(t: number): number {
    return this.origin + (t * 1000) / this.opts.speed;
  }

  /** Resolves when scenario second `t` is reached. */
  private until(t: number): Promise<void> {
    return sleepMs(this.realTime(t) - Date.now());
  }
}

function emptySummary(categoryIds: readonly string[]): ReplaySummary {
  return {
    attempts: 0,
    outcomes: { answered: 0, blocked: 0, abandoned_in_queue: 0, hung_up_in_menu: 0, invalid_input: 0, closed: 0 },
    categories: Object.fromEntries(categoryIds.map((id) => [id, { attempts: 0, answered: 0 }])),
    skipped: 0,
    errors: 0,
  };
}

/**
 * Where scenario second 0 falls in real time (ms), and the first scenario second to play: on the
 * service's clock if it runs on this scenario's time at this speed, else on the replay's own.
 */
async function alignToService(scenario: Scenario, opts: ReplayOptions, end: number): Promise<{ origin: number; from: number }> {
  const horizonStart = instantOfLocal(scenario.horizon.start, scenario.horizon.timeZone);
  const first = await serviceTime(opts.url);
  await sleepMs(PROBE_GAP_MS);
  const second = await serviceTime(opts.url);
  if (first === undefined || second === undefined) {
    opts.log("replay: cannot read the service's clock (GET /live): playing on the replay's own clock; staffing schedules may not line up");
    return { origin: Date.now(), from: 0 };
  }
  const speed = (second.service - first.service) / (second.real - first.real);
  const offset = (second.service - horizonStart) / 1000;
  if (Math.abs(speed / opts.speed - 1) <= SPEED_TOLERANCE && offset < end && (-offset * 1000) / opts.speed <= MAX_LEAD_MS) {
    return { origin: second.real - (offset * 1000) / opts.speed, from: Math.max(0, offset) };
  }
  opts.log(
    `replay: the service's clock reads ${new Date(second.service).toISOString()} at ×${speed.toFixed(1)}, not this scenario's time at ×${opts.speed}: ` +
      `its staffing schedules will not line up (start it with CLOCK_START=${scenario.horizon.start} CLOCK_SPEED=${opts.speed}); playing on the replay's own clock`,
  );
  return { origin: Date.now(), from: 0 };
}

/**
 * The service's clock (the `at` of its live snapshot) and the real time it was read: mid-request
 * of the quickest of a few requests, whose midpoint is the surest (as NTP does it).
 */
async function serviceTime(url: string): Promise<{ real: number; service: number } | undefined> {
  let best: { real: number; service: number; roundTrip: number } | undefined;
  for (let i = 0; i < PROBES; i++) {
    const sent = Date.now();
    try {
      const res = await fetch(`${url}/live`);
      if (!res.ok) return undefined;
      const { at } = (await res.json()) as { at?: unknown };
      const service = typeof at === 'string' ? Date.parse(at) : NaN;
      if (Number.isNaN(service)) return undefined;
      const received = Date.now();
      if (best === undefined || received - sent < best.roundTrip) best = { real: (sent + received) / 2, service, roundTrip: received - sent };
    } catch {
      return undefined;
    }
  }
  return best && { real: best.real, service: best.service };
}

/** A key `menu` does not offer: what the front end passes on when a hearing times out with nothing valid pressed. */
function invalidKey(menu: Menu): string {
  return [...KEYS].find((k) => !menu.options.some((o) => o.digit === k))!;
}

/** The keys that lead from the top menu to the option of `category` (the menu core finds it). */
export function digitsTo(top: Menu, category: string): string {
  let keys = '';
  let menu: Menu | undefined = top;
  while (menu !== undefined) {
    const option: MenuOption = menu.options[optionIndexFor(menu, category)]!;
    keys += option.digit;
    menu = 'menu' in option.target ? option.target.menu : undefined;
  }
  return keys;
}

function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

function progressLine(s: ReplaySummary, scenarioSeconds: number): string {
  const h = Math.floor(scenarioSeconds / 3600);
  const m = Math.floor((scenarioSeconds % 3600) / 60);
  const done = Object.values(s.outcomes).reduce((a, b) => a + b, 0);
  const rate = done === 0 ? '–' : `${((100 * s.outcomes.answered) / done).toFixed(1)} %`;
  return `replay: scenario +${h}h${String(m).padStart(2, '0')}m  attempts ${s.attempts}  ended ${done}  answered ${s.outcomes.answered} (${rate})  blocked ${s.outcomes.blocked}  abandoned ${s.outcomes.abandoned_in_queue}  errors ${s.errors}`;
}
