/**
 * Scenarios and figures shared by the simulator tests. Every scenario goes through parseScenario
 * (buildScenario), so the tests exercise the defaults and cross-field checks a scenario file would get.
 */
import type { ScenarioInput, Scenario } from '../../core/scenario/schema.ts';
import type { Stat } from '../../sim/report/stat.ts';
import { buildScenario } from '../support/scenario-builder.ts';

export { label } from '../support/scenario-builder.ts';

export interface SinglePoolOptions {
  lines: number;
  /** offered load in Erlangs = arrival rate × mean handle time */
  load: number;
  holdSeconds: number;
  days: number;
  warmupHours: number;
  onNoLine: NonNullable<ScenarioInput['routing'][string]['onNoLine']>;
  callers?: ScenarioInput['callers'];
  serviceLevelSeconds?: number;
}

/**
 * The textbook system: one category, one option, a 0 s menu, no mis-selection, no missing
 * input, no redial, no wrap-up, exponential handle time, flat Poisson volume, one pool of
 * lines staffed around the clock.
 */
export function singlePool(o: SinglePoolOptions): Scenario {
  return buildScenario({
    name: `M/M/${o.lines} load ${o.load}`,
    days: o.days,
    warmupHours: o.warmupHours,
    callersPerDay: (o.load / o.holdSeconds) * 86_400,
    callers: { noInputProbability: 0, ...o.callers },
    handleTime: { type: 'exponential', mean: o.holdSeconds },
    lines: { main: o.lines },
    onNoLine: o.onNoLine,
    reporting: { serviceLevelSeconds: o.serviceLevelSeconds ?? 20 },
  });
}

/** A stat's mean and 95 % CI, failing loudly if the report has none. */
export function meanAndCi(stat: Stat): { mean: number; lo: number; hi: number; half: number } {
  if (stat.mean === null || stat.ci95 === null) throw new Error('figure has no mean or CI');
  return { mean: stat.mean, lo: stat.ci95[0], hi: stat.ci95[1], half: (stat.ci95[1] - stat.ci95[0]) / 2 };
}

/** 1 − X for a stat of X (a CI flips). */
export function complement(stat: Stat): Stat {
  if (stat.mean === null) return stat;
  return { mean: 1 - stat.mean, ci95: stat.ci95 === null ? null : [1 - stat.ci95[1], 1 - stat.ci95[0]] };
}
