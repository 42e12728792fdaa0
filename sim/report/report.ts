/**
 * The report of a run: every figure as { mean, ci95 } over replications, labels alongside
 * so a reader needs nothing else. Its JSON is byte-identical for the same scenario and seed.
 */
import type { Label, Scenario } from '../../core/scenario/schema.ts';
import type { ConcernFigures, FigureSet, ReplicationFigures } from '../model/metrics.ts';
import { summariseAll, type Stat, type Summarised } from './stat.ts';

export interface Report {
  scenario: string;
  seed: number;
  replications: number;
  /** How the figures are keyed, for readers of the JSON. */
  definitions: Record<string, string>;
  overall: Summarised<FigureSet>;
  categories: Record<string, { label: Label } & Summarised<FigureSet>>;
  concerns: Record<string, { label: Label } & Summarised<ConcernFigures>>;
  organisations: Record<string, { label: Label; answered: Stat; occupancy: Stat }>;
  hourly: Summarised<ReplicationFigures['hourly']>;
  linesBusy: Summarised<ReplicationFigures['linesBusy']>;
  events: Stat;
}

const DEFINITIONS = {
  answerRate: 'answered attempts / attempts (the trial\'s 応答率 = 接続完了 / 呼出件数)',
  categories: 'attempts by the category chosen in the menu; callers by their true concern',
  concerns: 'attempts by the caller\'s true concern, including those that ended in the menu: what the menu costs each concern',
  overall: 'all attempts, including those that ended in the menu (hung_up_in_menu, invalid_input)',
  waits: 'seconds from entering the queue to being answered, over answered attempts (0 when answered at once)',
  serviceLevel: 'answered within reporting.serviceLevelSeconds / answered',
  hourly: 'by local hour of arrival, 0–23',
  linesBusy: 'mean lines busy / staffed in each hour of the horizon',
};

export function buildReport(scenario: Scenario, seed: number, reps: readonly ReplicationFigures[]): Report {
  const s = summariseAll(reps);
  const categories: Report['categories'] = {};
  const concerns: Report['concerns'] = {};
  for (const c of scenario.categories) {
    categories[c.id] = { label: c.label, ...s.categories[c.id]! };
    concerns[c.id] = { label: c.label, ...s.concerns[c.id]! };
  }
  const organisations: Report['organisations'] = {};
  for (const o of scenario.organisations) organisations[o.id] = { label: o.name, ...s.organisations[o.id]! };
  return {
    scenario: scenario.name,
    seed,
    replications: reps.length,
    definitions: DEFINITIONS,
    overall: s.overall,
    categories,
    concerns,
    organisations,
    hourly: s.hourly,
    linesBusy: s.linesBusy,
    events: s.events,
  };
}

/** JSON with NaN-free numbers: undefined figures are already null in Stats. */
export function reportJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
