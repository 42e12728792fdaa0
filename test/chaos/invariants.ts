/**
 * What must hold after every fault, read from outside through the API: lines come free and
 * queues empty within the service's timeouts, every call the client started has ended exactly
 * once, the outcome counts match the calls, no line was ever held by two calls at once, and
 * new calls are routed again.
 */
import { API_KEY, sleep, waitFor } from './processes.ts';
import type { CallTrace, CallView, TimelineEntry, TrafficReport } from './traffic.ts';

export const ORGANISATIONS = ['org-a', 'org-b'] as const;
export const LINE_COUNT = 5;

async function getJson<T>(url: string, headers: Record<string, string> = {}, timeoutMs = 2000): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, body: (await res.json()) as T };
}

interface LiveSnapshot {
  date: string;
  total: { today: { attempts: number } };
  organisations: Array<{ organisation: string; busy: number }>;
  waiting: number;
}

export async function live(url: string): Promise<LiveSnapshot> {
  const { status, body } = await getJson<LiveSnapshot>(`${url}/live`);
  if (status !== 200) throw new Error(`GET /live answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

/** A line as staff see it (GET /organisations/:org/lines); `endsBy`: when the service ends its call (service clock, ISO). */
export interface StaffLine {
  organisation: string;
  line: string;
  call: { id: string; status: string; endsBy: string | null } | null;
}

export async function staffLines(url: string): Promise<StaffLine[]> {
  const all: StaffLine[] = [];
  for (const org of ORGANISATIONS) {
    const { status, body } = await getJson<{ lines: Array<Omit<StaffLine, 'organisation'>> }>(`${url}/organisations/${org}/lines`, { 'x-api-key': API_KEY });
    if (status !== 200) throw new Error(`GET /organisations/${org}/lines answered ${status}: ${JSON.stringify(body)}`);
    all.push(...body.lines.map((l) => ({ ...l, organisation: org })));
  }
  return all;
}

/** Time (ms) until every line is free and no call waits, as /live reports; throws past `boundMs`. */
export async function settles(url: string, boundMs: number): Promise<number> {
  const from = Date.now();
  await waitFor(`every line free and no call queued on ${url}`, boundMs, async () => {
    const snap = await live(url);
    return snap.waiting === 0 && snap.organisations.every((o) => o.busy === 0) ? true : undefined;
  }, 200);
  return Date.now() - from;
}

export async function getCall(url: string, id: string): Promise<{ status: number; call: CallView | null }> {
  const res = await fetch(`${url}/calls/${id}`, { signal: AbortSignal.timeout(2000) });
  return { status: res.status, call: res.status === 200 ? ((await res.json()) as CallView) : null };
}

export interface EndedOnce {
  ended: number;
  /** Calls the service no longer knows (404), allowed only for calls started before a data loss. */
  lost: number;
  byOutcome: Record<string, number>;
}

/**
 * Every call the client started has ended, with one outcome, and no /end succeeded twice; a
 * repeated /end was refused. A call may be unknown (404) only if it started before `lossAt`.
 */
export async function everyCallEndedOnce(url: string, calls: readonly CallTrace[], lossAt = -Infinity): Promise<EndedOnce> {
  const result: EndedOnce = { ended: 0, lost: 0, byOutcome: {} };
  const problems: string[] = [];
  for (const trace of calls) {
    if (trace.ends > 1) problems.push(`${trace.id}: /end succeeded ${trace.ends} times`);
    for (const status of trace.repeatedEnds) if (status !== 409 && status !== 404) problems.push(`${trace.id}: a repeated /end answered ${status}`);
    const { status, call } = await getCall(url, trace.id);
    if (status === 404) {
      if (trace.startedAt > lossAt) problems.push(`${trace.id}: unknown (404) though started after the last data loss`);
      result.lost++;
      continue;
    }
    if (status !== 200 || call === null) {
      problems.push(`${trace.id}: GET answered ${status}`);
      continue;
    }
    if (call.status !== 'ended' || call.outcome === null) {
      problems.push(`${trace.id}: still ${call.status} (last seen by the client: ${trace.last.status}, ${trace.abandoned ?? 'driven to the end'})`);
      continue;
    }
    result.ended++;
    result.byOutcome[call.outcome] = (result.byOutcome[call.outcome] ?? 0) + 1;
  }
  if (problems.length > 0) throw new Error(`${problems.length} of ${calls.length} calls broke "every attempt ends exactly once":\n${problems.slice(0, 20).join('\n')}`);
  return result;
}

/**
 * Two calls were never on one line at once: for each pair on the same line, the spans in which
 * the client knows each held it ([first answer showing it on the line, last request that still
 * found it there]) must not overlap.
 */
export function noLineDoubleBooked(calls: readonly CallTrace[]): void {
  const byLine = new Map<string, CallTrace[]>();
  for (const c of calls) {
    if (c.line === null || c.heldFrom === null || c.heldUntil === null || c.heldUntil <= c.heldFrom) continue;
    byLine.set(c.line, [...(byLine.get(c.line) ?? []), c]);
  }
  const overlaps: string[] = [];
  for (const [line, held] of byLine) {
    held.sort((a, b) => a.heldFrom! - b.heldFrom!);
    for (let i = 1; i < held.length; i++) {
      const before = held.slice(0, i).find((p) => p.heldUntil! > held[i]!.heldFrom!);
      if (before !== undefined) overlaps.push(`${line}: ${before.id} held until ${before.heldUntil} but ${held[i]!.id} held it from ${held[i]!.heldFrom}`);
    }
  }
  if (overlaps.length > 0) throw new Error(`lines double-booked:\n${overlaps.join('\n')}`);
}

/** Calls started by `routesAgain` (url, start time): counted by the service like the traffic's. */
const probeCalls: Array<{ url: string; startedAt: number }> = [];

export function forgetProbeCalls(): void {
  probeCalls.length = 0;
}

export interface CountWindow {
  /** Count only calls started at or after this (ms): the last data loss. */
  since?: number;
  /** Starts sent from this time on may or may not have survived the data loss (default: `since`). */
  slackFrom?: number;
}

/**
 * The attempts the service counted vs the calls started through `urls` (the traffic's and
 * `routesAgain`'s): at least every call started since `since` that the service still knows,
 * at most those plus the starts sent since `slackFrom` (a start in flight across a data loss
 * may or may not have survived it) and the starts that got no answer or a 5xx: the service
 * may hold a call the client never heard of (a command that timed out while Redis was paused
 * still runs when it wakes up; the call then expires in the menu and counts as an attempt).
 */
export function countsMatch(counted: number, report: TrafficReport, urls: readonly string[], { since = -Infinity, slackFrom = since }: CountWindow = {}): void {
  const probes = (from: number) => probeCalls.filter((p) => urls.includes(p.url) && p.startedAt >= from).length;
  const known = report.calls.filter((c) => c.startedAt >= since && !c.lost).length + probes(since);
  const possible = report.calls.filter((c) => c.startedAt >= slackFrom).length + probes(slackFrom);
  const unknown = report.timeline.filter((e) => e.route === 'start' && (e.status === 0 || e.status >= 500) && e.sentAt >= slackFrom).length;
  if (counted < known || counted > possible + unknown) {
    throw new Error(`the service counted ${counted} attempts for ${known} known calls (at most ${possible} + ${unknown} starts without a 201)`);
  }
}

/** Real ms from `from` until the first routing decision (digits answered 200) sent after it; undefined if none. */
export function firstDecisionAfter(timeline: readonly TimelineEntry[], from: number): number | undefined {
  const first = timeline.filter((e) => e.route === 'digits' && e.status === 200 && e.sentAt >= from).sort((a, b) => a.receivedAt - b.receivedAt)[0];
  return first === undefined ? undefined : first.receivedAt - from;
}

/** A fresh call routed to a free line (ringing) through `url`, within `boundMs`; the call is then ended. Returns ms taken. */
export async function routesAgain(url: string, boundMs: number): Promise<number> {
  const from = Date.now();
  await waitFor(`a new call routed to a line on ${url}`, boundMs, async () => {
    const startedAt = Date.now();
    const start = await fetch(`${url}/calls`, { method: 'POST', signal: AbortSignal.timeout(2000) });
    if (start.status !== 201) return undefined;
    probeCalls.push({ url, startedAt });
    const { id } = (await start.json()) as CallView;
    const digits = await fetch(`${url}/calls/${id}/digits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ digits: '2' }),
      signal: AbortSignal.timeout(2000),
    });
    const view = digits.status === 200 ? ((await digits.json()) as CallView) : null;
    await fetch(`${url}/calls/${id}/end`, { method: 'POST', signal: AbortSignal.timeout(2000) }).catch(() => {});
    return view?.status === 'ringing' ? true : undefined;
  }, 200);
  return Date.now() - from;
}

/** /readyz status and how long it took to answer (status 0: no answer within `timeoutMs`). */
export async function readiness(url: string, timeoutMs = 5000): Promise<{ status: number; ms: number }> {
  const from = Date.now();
  try {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return { status: res.status, ms: Date.now() - from };
  } catch {
    return { status: 0, ms: Date.now() - from };
  }
}

export interface StaleHolds {
  /** Longest hold seen past a call's end or deadline, ms. */
  worst: number;
  /** Successful reads of the staff line list. */
  reads: number;
  lastError: string;
}

/** The staff line list was read at least once (a watch that never read it proved nothing). */
export function watched(holds: StaleHolds): number {
  if (holds.reads === 0) throw new Error(`the lines staff see were never readable: ${holds.lastError}`);
  return holds.worst;
}

/**
 * Polls the lines staff see while `during` runs. A line held by a call that has ended or that
 * the service no longer knows must come free within `boundMs`; a line held by an active call
 * must come free within `boundMs` of the time the service said it would end that call
 * (`endsBy`: ring timeout, maximum talk time; the service clock is the real one here).
 * Nothing is counted before `notBefore` (when the store came back after a fault: nothing could
 * be freed while it was away). Returns the longest hold seen past either point, and how many
 * reads of the list succeeded (it is unreadable while the store is away; a test asserts that
 * some succeeded, after its other checks).
 */
export async function watchStaleHolders(url: string, boundMs: number, during: Promise<unknown>, notBefore = 0): Promise<StaleHolds> {
  const staleSince = new Map<string, number>();
  let worst = 0;
  let done = false;
  const stop = () => void (done = true);
  during.then(stop, stop);
  const problems: string[] = [];
  let reads = 0;
  let lastError: unknown;
  while (!done) {
    const lines = await staffLines(url).catch((error: unknown) => void (lastError = error));
    if (lines !== undefined) reads++;
    const now = Date.now();
    const seen = new Set<string>();
    for (const line of lines ?? []) {
      if (line.call === null) continue;
      const key = `${line.organisation}/${line.line}:${line.call.id}`;
      let since: number | undefined;
      if (line.call.status === 'ended' || line.call.status === 'missing') since = staleSince.get(key) ?? now;
      else if (line.call.endsBy !== null && Date.parse(line.call.endsBy) < now) since = Date.parse(line.call.endsBy);
      if (since === undefined) continue;
      since = Math.max(since, notBefore);
      seen.add(key);
      staleSince.set(key, since);
      worst = Math.max(worst, now - since);
      if (now - since > boundMs) problems.push(`${key} (${line.call.status}) still holds its line ${now - since} ms after it should have come free`);
    }
    for (const key of staleSince.keys()) if (!seen.has(key)) staleSince.delete(key);
    if (problems.length > 0) throw new Error(problems.join('\n'));
    await sleep(250);
  }
  return { worst, reads, lastError: lastError === undefined ? '' : String(lastError) };
}

export interface Probe {
  at: number;
  status: number;
  ms: number;
}

/** /readyz every `everyMs` until `during` settles. */
export async function probeReadiness(url: string, during: Promise<unknown>, everyMs = 250): Promise<Probe[]> {
  const probes: Probe[] = [];
  let done = false;
  const stop = () => void (done = true);
  during.then(stop, stop);
  while (!done) {
    const at = Date.now();
    probes.push({ at, ...(await readiness(url)) });
    await sleep(everyMs);
  }
  return probes;
}

/** Requests sent in [from, to) that got no answer (status 0) or a 500, or took longer than `maxMs`. */
export function slowOrBroken(timeline: readonly TimelineEntry[], from: number, to: number, maxMs: number): string[] {
  return timeline
    .filter((e) => e.sentAt >= from && e.sentAt < to && (e.status === 0 || e.status >= 500 && e.status !== 503 || e.receivedAt - e.sentAt > maxMs))
    .map((e) => `${e.route} sent at +${e.sentAt - from} ms: ${e.status === 0 ? 'no answer' : e.status} after ${e.receivedAt - e.sentAt} ms`);
}

/** The longest any request sent in [from, to) waited for its answer, ms. */
export function slowestAnswer(timeline: readonly TimelineEntry[], from: number, to: number): number {
  return Math.max(0, ...timeline.filter((e) => e.sentAt >= from && e.sentAt < to).map((e) => e.receivedAt - e.sentAt));
}
