/**
 * Small scenarios for tests, from one builder: name the categories and their shares, the pools
 * and their lines, and what differs; the rest is a flat menu (one option per category, digits in
 * order), one organisation `org` staffed around the clock with exponential 10-minute calls, and
 * each category routed to the pool of its own id (else to the first pool).
 */
import type { Distribution, Label, LinePolicy, Scenario, ScenarioInput } from '../../core/scenario/schema.ts';
import { parseScenario } from '../../core/scenario/validate.ts';

/** A label with the same text in both languages. */
export const label = (text: string): Label => ({ ja: text, en: text });

type Lines = number | { organisation: string; count: number };
type NoLine = NonNullable<ScenarioInput['routing'][string]['onNoLine']>;
type Shift = NonNullable<ScenarioInput['organisations'][number]['schedule']>[number];

export interface SmallScenarioOptions {
  name?: string;
  /** horizon: local start (default 2022-07-04T00:00, a Monday), days (1), warm-up, time zone */
  start?: string;
  days?: number;
  warmupHours?: number;
  timeZone?: string;
  /** flat Poisson volume (default 100 a day), or `arrivals` for any other source */
  callersPerDay?: number;
  arrivals?: ScenarioInput['arrivals'];
  /** category id → share, in menu order (default one category `single`) */
  categories?: Record<string, number>;
  /** labels of category and organisation ids; an id without one is labelled `labelOf(id)` */
  labels?: Record<string, Label>;
  labelOf?: (text: string) => Label;
  /** the flat menu: greeting, announcement per option (one for all or one each), repeats, order */
  greetingSeconds?: number;
  announceSeconds?: number | readonly number[];
  repeats?: number;
  inputTimeoutSeconds?: number;
  order?: readonly string[];
  /** a whole menu instead of the flat one */
  menu?: ScenarioInput['menu'];
  callers?: ScenarioInput['callers'];
  /** the one organisation: id (default `org`), handle time (exponential, mean 600 s), hours, wrap-up */
  organisation?: string;
  handleTime?: Distribution;
  schedule?: Shift[];
  wrapUp?: Distribution;
  /** organisations instead of the one */
  organisations?: ScenarioInput['organisations'];
  /** pool id → lines of the one organisation, or of a named one (default `{ main: 1 }`) */
  lines?: Record<string, Lines>;
  policy?: LinePolicy;
  /** category id → its pools, where not the default */
  routes?: Record<string, string | string[]>;
  /** what a category's callers meet when no line is free: one for all, or per category id */
  onNoLine?: NoLine | Record<string, NoLine>;
  reporting?: ScenarioInput['reporting'];
  calibration?: ScenarioInput['calibration'];
}

const isNoLine = (x: NoLine | Record<string, NoLine>): x is NoLine => typeof (x as { action?: unknown }).action === 'string';

/** The scenario as a file holds it (before validation). */
export function smallScenario(o: SmallScenarioOptions = {}): ScenarioInput {
  const labelOf = o.labelOf ?? label;
  const labelFor = (id: string): Label => o.labels?.[id] ?? labelOf(id);
  const categories = o.categories ?? { single: 1 };
  const ids = Object.keys(categories);
  const orgId = o.organisation ?? 'org';
  const lines = o.lines ?? { main: 1 };
  const poolIds = Object.keys(lines);
  const announce = (i: number): number => (typeof o.announceSeconds === 'number' ? o.announceSeconds : (o.announceSeconds?.[i] ?? 0));
  const onNoLine = (id: string): NoLine | undefined => (o.onNoLine === undefined ? undefined : isNoLine(o.onNoLine) ? o.onNoLine : o.onNoLine[id]);
  const poolsOf = (id: string): string[] => {
    const route = o.routes?.[id];
    if (route !== undefined) return typeof route === 'string' ? [route] : route;
    return [poolIds.includes(id) ? id : poolIds[0]!];
  };
  return {
    name: o.name ?? 'small',
    horizon: {
      start: o.start ?? '2022-07-04T00:00',
      ...(o.timeZone !== undefined && { timeZone: o.timeZone }),
      days: o.days ?? 1,
      ...(o.warmupHours !== undefined && { warmupHours: o.warmupHours }),
    },
    arrivals: o.arrivals ?? { type: 'volume', callersPerDay: o.callersPerDay ?? 100 },
    categories: ids.map((id) => ({ id, label: labelFor(id), share: categories[id]! })),
    menu: o.menu ?? {
      greetingSeconds: o.greetingSeconds ?? 0,
      ...(o.repeats !== undefined && { repeats: o.repeats }),
      ...(o.inputTimeoutSeconds !== undefined && { inputTimeoutSeconds: o.inputTimeoutSeconds }),
      options: (o.order ?? ids).map((id, i) => ({ digit: String(i + 1), label: labelFor(id), announceSeconds: announce(i), target: { category: id } })),
    },
    ...(o.callers !== undefined && { callers: o.callers }),
    organisations: o.organisations ?? [
      {
        id: orgId,
        name: labelFor(orgId),
        ...(o.schedule !== undefined && { schedule: o.schedule }),
        handleTime: { default: o.handleTime ?? { type: 'exponential', mean: 600 } },
        ...(o.wrapUp !== undefined && { wrapUp: o.wrapUp }),
      },
    ],
    pools: poolIds.map((id) => {
      const l = lines[id]!;
      return {
        id,
        ...(o.policy !== undefined && { policy: o.policy }),
        lines: [typeof l === 'number' ? { organisation: orgId, count: l } : l],
      };
    }),
    routing: Object.fromEntries(
      ids.map((id) => {
        const n = onNoLine(id);
        return [id, { pools: poolsOf(id), ...(n !== undefined && { onNoLine: n }) }];
      }),
    ),
    ...(o.reporting !== undefined && { reporting: o.reporting }),
    ...(o.calibration !== undefined && { calibration: o.calibration }),
  };
}

/** The same scenario, validated with defaults applied, as the simulator and the service take it. */
export function buildScenario(o: SmallScenarioOptions = {}): Scenario {
  return parseScenario(smallScenario(o));
}
