/**
 * Scenario builders shared by the simulator tests. Every scenario goes through parseScenario,
 * so the tests exercise the defaults and cross-field checks a scenario file would get.
 */
import type { ScenarioInput, Scenario } from '../../core/scenario/schema.ts';
import { parseScenario } from '../../core/scenario/validate.ts';
import type { Stat } from '../../sim/report/stat.ts';

export const label = (s: string): { ja: string; en: string } => ({ ja: s, en: s });

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
  return parseScenario({
    name: `M/M/${o.lines} load ${o.load}`,
    horizon: { start: '2022-07-04T00:00', days: o.days, warmupHours: o.warmupHours },
    arrivals: { type: 'volume', callersPerDay: (o.load / o.holdSeconds) * 86_400 },
    categories: [{ id: 'single', label: label('single'), share: 1 }],
    menu: {
      greetingSeconds: 0,
      options: [{ digit: '1', label: label('single'), announceSeconds: 0, target: { category: 'single' } }],
    },
    callers: { noInputProbability: 0, ...o.callers },
    organisations: [{ id: 'org', name: label('org'), handleTime: { default: { type: 'exponential', mean: o.holdSeconds } } }],
    pools: [{ id: 'main', lines: [{ organisation: 'org', count: o.lines }] }],
    routing: { single: { pools: ['main'], onNoLine: o.onNoLine } },
    reporting: { serviceLevelSeconds: o.serviceLevelSeconds ?? 20 },
  } satisfies ScenarioInput);
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
