/**
 * The scenario seen as live lines: every line of every pool gets a stable id, its weekly
 * schedule, and the category queues it serves. Computed once at start-up; the stores only
 * ever see line keys.
 */
import type { LinePolicy, NoLine, Scenario } from '../../core/scenario/schema.ts';
import { compileSchedule, type WeeklySchedule } from '../../core/routing/schedule.ts';

export interface LiveLine {
  /** Store key, unique in the service: `<organisation>/<line>`. */
  key: string;
  organisation: string;
  /** Id within the organisation, as the duty endpoint names it: `<pool>-<n>`, n from 1. */
  line: string;
  pool: string;
  weight: number;
  schedule: WeeklySchedule;
  /** Categories whose queue this line takes calls from when it comes free, in route order. */
  serves: string[];
}

export interface LivePool {
  id: string;
  policy: LinePolicy;
  /** Indices into `Topology.lines`. */
  lines: number[];
}

export interface LiveRoute {
  category: string;
  pools: LivePool[];
  onNoLine: NoLine;
  /** Queue priority of this category (0 when it never queues). */
  priority: number;
}

export interface Topology {
  lines: LiveLine[];
  byKey: Map<string, LiveLine>;
  routes: Map<string, LiveRoute>;
  organisations: string[];
  categories: string[];
  timeZone: string;
}

export function lineKey(organisation: string, line: string): string {
  return `${organisation}/${line}`;
}

export function buildTopology(scenario: Scenario): Topology {
  const orgSchedules = new Map(scenario.organisations.map((o) => [o.id, compileSchedule(o.schedule)]));
  const lines: LiveLine[] = [];
  const pools = new Map<string, LivePool>();
  for (const pool of scenario.pools) {
    const livePool: LivePool = { id: pool.id, policy: pool.policy, lines: [] };
    const perOrg = new Map<string, number>();
    for (const block of pool.lines) {
      const schedule = block.schedule === undefined ? orgSchedules.get(block.organisation)! : compileSchedule(block.schedule);
      for (let i = 0; i < block.count; i++) {
        const n = (perOrg.get(block.organisation) ?? 0) + 1;
        perOrg.set(block.organisation, n);
        const line = `${pool.id}-${n}`;
        livePool.lines.push(lines.length);
        lines.push({
          key: lineKey(block.organisation, line),
          organisation: block.organisation,
          line,
          pool: pool.id,
          weight: block.weight,
          schedule,
          serves: [],
        });
      }
    }
    pools.set(pool.id, livePool);
  }
  const routes = new Map<string, LiveRoute>();
  for (const [category, route] of Object.entries(scenario.routing)) {
    const routePools = route.pools.map((id) => pools.get(id)!);
    routes.set(category, {
      category,
      pools: routePools,
      onNoLine: route.onNoLine,
      priority: route.onNoLine.action === 'queue' ? route.onNoLine.priority : 0,
    });
    if (route.onNoLine.action === 'queue') {
      for (const pool of routePools) for (const i of pool.lines) lines[i]!.serves.push(category);
    }
  }
  return {
    lines,
    byKey: new Map(lines.map((l) => [l.key, l])),
    routes,
    organisations: scenario.organisations.map((o) => o.id),
    categories: scenario.categories.map((c) => c.id),
    timeZone: scenario.horizon.timeZone,
  };
}
