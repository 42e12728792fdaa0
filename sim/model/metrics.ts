/**
 * Per-replication counters, in memory that does not grow with the number of attempts:
 * fixed arrays per category, organisation and hour, and HDR histograms for wait percentiles.
 * `figures()` turns them into the plain numbers a report summarises across replications.
 */
import * as hdr from 'hdr-histogram-js';
import { OUTCOMES, type Outcome } from '../../core/scenario/schema.ts';
import { SECONDS_PER_HOUR } from '../../core/time/local-week.ts';

export const OUTCOME_INDEX: Readonly<Record<Outcome, number>> = Object.fromEntries(OUTCOMES.map((o, i) => [o, i])) as Record<
  Outcome,
  number
>;
const N_OUTCOMES = OUTCOMES.length;
const ANSWERED = OUTCOME_INDEX.answered;

/** Figures of one replication for one group of attempts (a category, or all). */
export interface FigureSet {
  attempts: number;
  answered: number;
  /** answered / attempts: the trial's 応答率 */
  answerRate: number;
  outcomes: Record<Outcome, number>;
  callers: number;
  callersAnswered: number;
  /** Share of callers (people) with at least one answered attempt. */
  callersAnsweredShare: number;
  waitMean: number;
  waitP50: number;
  waitP90: number;
  waitP95: number;
  /** Answered within the service-level threshold / answered. */
  serviceLevel: number;
}

/** Attempts of callers with one true concern, wherever they ended (menu included). */
export type ConcernFigures = Pick<FigureSet, 'attempts' | 'answered' | 'answerRate' | 'outcomes'>;

export interface ReplicationFigures {
  overall: FigureSet;
  categories: Record<string, FigureSet>;
  /** By the caller's true concern: shows what the menu costs a concern (hang-ups, wrong options). */
  concerns: Record<string, ConcernFigures>;
  organisations: Record<string, { answered: number; occupancy: number }>;
  /** By local hour of arrival (0–23), per category chosen. */
  hourly: Record<string, { attempts: number[]; answered: number[] }>;
  /** Mean lines busy and staffed in each hour of the horizon, per organisation. */
  linesBusy: Record<string, { busy: number[]; staffed: number[] }>;
  events: number;
}

function histogram(): hdr.Histogram {
  // milliseconds, 3 significant digits: 0.1 % resolution at any wait length
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 7 * 24 * 3600 * 1000, numberOfSignificantValueDigits: 3 });
}

export class Metrics {
  /** [category chosen][outcome] for attempts that reached routing */
  private readonly routed: Float64Array;
  /** [true concern][outcome] for every attempt, whether it reached routing or not */
  private readonly byConcern: Float64Array;
  private readonly callers: Float64Array;
  private readonly callersAnswered: Float64Array;
  private readonly waitSum: Float64Array;
  private readonly withinSl: Float64Array;
  private readonly waits: hdr.Histogram[];
  private readonly hourAttempts: Float64Array;
  private readonly hourAnswered: Float64Array;
  private readonly orgAnswered: Float64Array;
  private readonly orgBusySeconds: Float64Array;
  private readonly orgStaffedSeconds: Float64Array;
  private readonly orgHourBusy: Float64Array[];
  private readonly orgHourStaffed: Float64Array[];
  private readonly hours: number;

  constructor(
    private readonly categoryIds: readonly string[],
    private readonly orgIds: readonly string[],
    private readonly from: number,
    private readonly until: number,
    private readonly serviceLevelSeconds: number,
  ) {
    const c = categoryIds.length;
    this.routed = new Float64Array(c * N_OUTCOMES);
    this.byConcern = new Float64Array(c * N_OUTCOMES);
    this.callers = new Float64Array(c);
    this.callersAnswered = new Float64Array(c);
    this.waitSum = new Float64Array(c);
    this.withinSl = new Float64Array(c);
    this.waits = categoryIds.map(() => histogram());
    this.hourAttempts = new Float64Array(c * 24);
    this.hourAnswered = new Float64Array(c * 24);
    this.orgAnswered = new Float64Array(orgIds.length);
    this.orgBusySeconds = new Float64Array(orgIds.length);
    this.orgStaffedSeconds = new Float64Array(orgIds.length);
    this.hours = Math.ceil(until / SECONDS_PER_HOUR);
    this.orgHourBusy = orgIds.map(() => new Float64Array(this.hours));
    this.orgHourStaffed = orgIds.map(() => new Float64Array(this.hours));
  }

  attemptRouted(category: number, concern: number, outcome: number, hour: number): void {
    this.routed[category * N_OUTCOMES + outcome]!++;
    this.byConcern[concern * N_OUTCOMES + outcome]!++;
    this.hourAttempts[category * 24 + hour]!++;
    if (outcome === ANSWERED) this.hourAnswered[category * 24 + hour]!++;
  }

  attemptEndedInMenu(concern: number, outcome: number): void {
    this.byConcern[concern * N_OUTCOMES + outcome]!++;
  }

  answered(category: number, org: number, wait: number): void {
    this.orgAnswered[org]!++;
    this.waitSum[category]! += wait;
    if (wait <= this.serviceLevelSeconds) this.withinSl[category]!++;
    const ms = Math.round(wait * 1000);
    this.waits[category]!.recordValue(ms);
  }

  callerDone(concern: number, everAnswered: boolean): void {
    this.callers[concern]!++;
    if (everAnswered) this.callersAnswered[concern]!++;
  }

  /** Adds `busy` and `staffed` line counts held over [t0, t1), clipped to the measured period. */
  lineTime(org: number, busy: number, staffed: number, t0: number, t1: number): void {
    const a = Math.max(t0, this.from);
    const b = Math.min(t1, this.until);
    if (b <= a) return;
    this.orgBusySeconds[org]! += busy * (b - a);
    this.orgStaffedSeconds[org]! += staffed * (b - a);
    const busyByHour = this.orgHourBusy[org]!;
    const staffedByHour = this.orgHourStaffed[org]!;
    for (let t = a; t < b; ) {
      const h = Math.floor(t / SECONDS_PER_HOUR);
      const next = Math.min(b, (h + 1) * SECONDS_PER_HOUR);
      busyByHour[h]! += busy * (next - t);
      staffedByHour[h]! += staffed * (next - t);
      t = next;
    }
  }

  figures(events: number): ReplicationFigures {
    const categories: Record<string, FigureSet> = {};
    const concerns: Record<string, ConcernFigures> = {};
    const hourly: ReplicationFigures['hourly'] = {};
    const allOutcomes = new Float64Array(N_OUTCOMES);
    let callers = 0;
    let callersAnswered = 0;
    let waitSum = 0;
    let withinSl = 0;
    this.categoryIds.forEach((id, c) => {
      const counts = this.routed.subarray(c * N_OUTCOMES, (c + 1) * N_OUTCOMES);
      const own = this.byConcern.subarray(c * N_OUTCOMES, (c + 1) * N_OUTCOMES);
      for (let o = 0; o < N_OUTCOMES; o++) allOutcomes[o]! += own[o]!;
      concerns[id] = outcomeFigures(own);
      callers += this.callers[c]!;
      callersAnswered += this.callersAnswered[c]!;
      waitSum += this.waitSum[c]!;
      withinSl += this.withinSl[c]!;
      categories[id] = figureSet(counts, this.callers[c]!, this.callersAnswered[c]!, this.waitSum[c]!, this.withinSl[c]!, this.waits[c]!);
      hourly[id] = {
        attempts: Array.from(this.hourAttempts.subarray(c * 24, (c + 1) * 24)),
        answered: Array.from(this.hourAnswered.subarray(c * 24, (c + 1) * 24)),
      };
    });
    const organisations: ReplicationFigures['organisations'] = {};
    const linesBusy: ReplicationFigures['linesBusy'] = {};
    this.orgIds.forEach((id, o) => {
      organisations[id] = { answered: this.orgAnswered[o]!, occupancy: ratio(this.orgBusySeconds[o]!, this.orgStaffedSeconds[o]!) };
      linesBusy[id] = {
        busy: Array.from(this.orgHourBusy[o]!, (s, h) => s / this.hourLength(h)),
        staffed: Array.from(this.orgHourStaffed[o]!, (s, h) => s / this.hourLength(h)),
      };
    });
    return {
      overall: figureSet(allOutcomes, callers, callersAnswered, waitSum, withinSl, this.mergedWaits()),
      categories,
      concerns,
      organisations,
      hourly,
      linesBusy,
      events,
    };
  }

  /** All categories' waits in one histogram, added up once at the end rather than recorded twice per call. */
  private mergedWaits(): hdr.Histogram {
    const all = histogram();
    for (const h of this.waits) all.add(h);
    return all;
  }

  /** Seconds of horizon hour h inside the measured period (the warm-up and the horizon end clip it). */
  private hourLength(h: number): number {
    const a = Math.max(h * SECONDS_PER_HOUR, this.from);
    const b = Math.min((h + 1) * SECONDS_PER_HOUR, this.until);
    return b > a ? b - a : NaN;
  }
}

function outcomeFigures(counts: ArrayLike<number>): ConcernFigures {
  const outcomes = Object.fromEntries(OUTCOMES.map((o, i) => [o, counts[i]!])) as Record<Outcome, number>;
  let attempts = 0;
  for (let i = 0; i < N_OUTCOMES; i++) attempts += counts[i]!;
  return { attempts, answered: outcomes.answered, answerRate: ratio(outcomes.answered, attempts), outcomes };
}

function figureSet(
  counts: ArrayLike<number>,
  callers: number,
  callersAnswered: number,
  waitSum: number,
  withinSl: number,
  waits: hdr.Histogram,
): FigureSet {
  const { attempts, answered, answerRate, outcomes } = outcomeFigures(counts);
  const empty = answered === 0;
  return {
    attempts,
    answered,
    answerRate,
    outcomes,
    callers,
    callersAnswered,
    callersAnsweredShare: ratio(callersAnswered, callers),
    waitMean: ratio(waitSum, answered),
    waitP50: empty ? NaN : waits.getValueAtPercentile(50) / 1000,
    waitP90: empty ? NaN : waits.getValueAtPercentile(90) / 1000,
    waitP95: empty ? NaN : waits.getValueAtPercentile(95) / 1000,
    serviceLevel: ratio(withinSl, answered),
  };
}

/** NaN when there is nothing to divide: the report shows it as "no data", not as 0 %. */
function ratio(a: number, b: number): number {
  return b > 0 ? a / b : NaN;
}
