/**
 * Staff's view of an organisation's lines and what they can do to one: put it on or off duty,
 * and release it when the end of its call never arrived. A released call ends with the outcome
 * its state gives (ringing: abandoned_in_queue, talking: answered), marked `endedBy: 'staff'`,
 * and the line goes to the next queued call or becomes free.
 */
import { isOnDuty } from '../../core/routing/schedule.ts';
import { changedMeanwhile } from './call-flow-error.ts';
import { MAX_CALL_RETRIES, type CallMoves } from './call-moves.ts';
import type { CallRecord } from './call-record.ts';
import type { Clock } from '../../sim/io/clock.ts';
import { onDuty, type DutyOverride, type LineState, type LineStore } from './line-store.ts';
import { localTime } from '../../core/time/local-time.ts';
import { lineKey, type Topology } from './topology.ts';

export interface LineView {
  line: string;
  pool: string;
  /** Staff override, or 'schedule' when the line follows its schedule. */
  duty: 'on' | 'off' | 'schedule';
  onDuty: boolean;
  /** The call on the line, or null when free. */
  call: { id: string; status: CallRecord['status'] | 'missing'; since: number | null; deadline: number | null } | null;
}

/** What a release did: the call it ended (null when the line was held by a call already ended or gone). */
export interface Released {
  callId: string | null;
  outcome: CallRecord['outcome'];
}

export class StaffLines {
  readonly #topology: Topology;
  readonly #store: LineStore;
  readonly #clock: Clock;
  readonly #moves: CallMoves;
  readonly #onChange: () => void;

  constructor(deps: { topology: Topology; store: LineStore; clock: Clock; moves: CallMoves; onChange: () => void }) {
    this.#topology = deps.topology;
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#moves = deps.moves;
    this.#onChange = deps.onChange;
  }

  /** Every line of the organisation with its duty and call; undefined for an unknown organisation. */
  async list(organisation: string): Promise<LineView[] | undefined> {
    if (!this.#topology.organisations.includes(organisation)) return undefined;
    const lines = this.#topology.lines.filter((l) => l.organisation === organisation);
    const states = await this.#store.lines(lines.map((l) => l.key));
    const calls = await Promise.all(states.map((s) => (s.call === null ? undefined : this.#store.getCall(s.call))));
    const weekSecond = localTime(this.#clock.now(), this.#topology.timeZone).weekSecond;
    return lines.map((line, i) => {
      const state = states[i]!;
      const call = calls[i];
      return {
        line: line.line,
        pool: line.pool,
        duty: state.duty ?? 'schedule',
        onDuty: onDuty(state.duty, isOnDuty(line.schedule, weekSecond)),
        call:
          state.call === null
            ? null
            : call === undefined
              ? { id: state.call, status: 'missing', since: null, deadline: null }
              : { id: call.id, status: call.status, since: call.since, deadline: call.deadline },
      };
    });
  }

  /**
   * Ends the call on the line and frees it (undefined for an unknown line; null when the line was
   * already free). Retries while the call is being moved by another writer.
   */
  async release(organisation: string, lineId: string): Promise<Released | null | undefined> {
    const line = this.#topology.byKey.get(lineKey(organisation, lineId));
    if (line === undefined) return undefined;
    for (let i = 0; i < MAX_CALL_RETRIES; i++) {
      const [state] = await this.#store.lines([line.key]);
      const holder = state!.call;
      if (holder === null) return null;
      const call = await this.#store.getCall(holder);
      if (call === undefined || call.status === 'ended' || call.line !== line.key) {
        // a stale holder: nothing to end, only the line to free
        await this.#moves.handOff(line, holder);
        return { callId: holder, outcome: null };
      }
      const ended = await this.#moves.endOnLine(call, 'staff');
      if (ended !== undefined) return { callId: ended.id, outcome: ended.outcome };
    }
    throw changedMeanwhile(lineId);
  }

  /**
   * Puts a line on or off duty (null: back to its schedule); a line coming on takes a queued
   * call. Its state afterwards, or undefined for an unknown line.
   */
  async setDuty(organisation: string, lineId: string, duty: DutyOverride): Promise<LineState | undefined> {
    const line = this.#topology.byKey.get(lineKey(organisation, lineId));
    if (line === undefined) return undefined;
    await this.#store.setDuty(line.key, duty);
    await this.#moves.handOff(line, '');
    this.#onChange();
    const [state] = await this.#store.lines([line.key]);
    return state;
  }
}
