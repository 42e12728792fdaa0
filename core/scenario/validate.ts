/**
 * Parsing plus the cross-field rules a JSON Schema cannot express (unknown references,
 * duplicate digits, shares that do not sum to 1). Every problem carries the field path so
 * the CLI and the API can point at it.
 */
import type { z } from 'zod';
import { ScenarioSchema, type Menu, type Scenario } from './schema.ts';
import { PathError, getAtPath } from './path.ts';
import { assumptionIssues } from './assumptions.ts';
import { firstTooDeep, menuShapeIssues } from './json-shape.ts';
import { SCENARIO_LIMITS as MAX } from './limits.ts';
import type { FieldPath, ScenarioIssue } from './issue.ts';


/** Thrown for an invalid scenario; `issues` is never empty. */
export class ScenarioValidationError extends Error {
  readonly issues: readonly ScenarioIssue[];
  constructor(issues: readonly ScenarioIssue[]) {
    super(issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; '));
    this.name = 'ScenarioValidationError';
    this.issues = issues;
  }
}

/** `menu.options[2].target` style, as a person would write it. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? '(root)' : out;
}

const SHARE_TOLERANCE = 1e-6;

/** Parse and check a scenario; throws ScenarioValidationError with every problem found. */
export function parseScenario(input: unknown): Scenario {
  const shape = shapeIssues(input);
  if (shape.length > 0) throw new ScenarioValidationError(shape);
  const result = ScenarioSchema.safeParse(input);
  if (!result.success) throw new ScenarioValidationError(zodIssues(result.error));
  const issues = crossFieldIssues(result.data);
  if (issues.length > 0) throw new ScenarioValidationError(issues);
  if (result.data.assumptions !== undefined) {
    const found = assumptionIssues(result.data, issuesWithoutAssumptions);
    if (found.length > 0) throw new ScenarioValidationError(found);
  }
  return result.data;
}

/** Every issue of a draft that has no assumptions: what a drawn value or alternative must pass. */
function issuesWithoutAssumptions(draft: unknown): readonly ScenarioIssue[] {
  try {
    parseScenario(draft);
    return [];
  } catch (error) {
    if (error instanceof ScenarioValidationError) return error.issues;
    throw error;
  }
}

/** Nesting the recursive schema must not meet: checked first, without recursion. */
function shapeIssues(input: unknown): ScenarioIssue[] {
  const menu = menuShapeIssues(input);
  if (menu.length > 0) return menu;
  const deep = firstTooDeep(input);
  return deep === undefined ? [] : [{ path: deep, message: `nested more than ${MAX.jsonDepth} deep` }];
}

export function zodIssues(error: z.ZodError): ScenarioIssue[] {
  return error.issues.map((i) => ({ path: i.path.filter((p) => typeof p !== 'symbol'), message: i.message }));
}

function duplicates<T>(items: readonly T[], key: (t: T) => string, path: FieldPath, what: string): ScenarioIssue[] {
  const seen = new Set<string>();
  const issues: ScenarioIssue[] = [];
  items.forEach((item, index) => {
    const k = key(item);
    if (seen.has(k)) issues.push({ path: [...path, index], message: `duplicate ${what} "${k}"` });
    seen.add(k);
  });
  return issues;
}

/** Categories a menu offers, with the path of each option that leads to one. */
function walkMenu(menu: Menu, path: FieldPath, visit: (option: Menu['options'][number], path: FieldPath) => void): void {
  menu.options.forEach((option, i) => {
    const optionPath = [...path, 'options', i];
    visit(option, optionPath);
    if ('menu' in option.target) walkMenu(option.target.menu, [...optionPath, 'target', 'menu'], visit);
  });
}

function crossFieldIssues(s: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const categoryIds = new Set(s.categories.map((c) => c.id));
  const orgIds = new Set(s.organisations.map((o) => o.id));
  const poolIds = new Set(s.pools.map((p) => p.id));

  issues.push(...duplicates(s.categories, (c) => c.id, ['categories'], 'category id'));
  issues.push(...duplicates(s.organisations, (o) => o.id, ['organisations'], 'organisation id'));
  issues.push(...duplicates(s.pools, (p) => p.id, ['pools'], 'pool id'));

  const shareSum = s.categories.reduce((sum, c) => sum + c.share, 0);
  if (Math.abs(shareSum - 1) > SHARE_TOLERANCE) {
    issues.push({ path: ['categories'], message: `category shares sum to ${round(shareSum)}, not 1` });
  }

  const offered = new Set<string>();
  const checkMenuLevel = (menu: Menu, path: FieldPath): void => {
    issues.push(...duplicates(menu.options, (o) => o.digit, [...path, 'options'], 'digit'));
  };
  checkMenuLevel(s.menu, ['menu']);
  walkMenu(s.menu, ['menu'], (option, path) => {
    if ('category' in option.target) {
      if (!categoryIds.has(option.target.category)) {
        issues.push({ path: [...path, 'target', 'category'], message: `unknown category "${option.target.category}"` });
      }
      offered.add(option.target.category);
    } else {
      checkMenuLevel(option.target.menu, [...path, 'target', 'menu']);
    }
  });

  s.categories.forEach((c, i) => {
    if (c.share > 0 && !offered.has(c.id)) {
      issues.push({ path: ['categories', i, 'id'], message: `category "${c.id}" has callers but no menu option leads to it` });
    }
    if (!Object.hasOwn(s.routing, c.id)) {
      issues.push({ path: ['categories', i, 'id'], message: `category "${c.id}" has no route` });
    }
  });

  for (const [categoryId, route] of Object.entries(s.routing)) {
    if (!categoryIds.has(categoryId)) {
      issues.push({ path: ['routing', categoryId], message: `route for unknown category "${categoryId}"` });
    }
    route.pools.forEach((poolId, i) => {
      if (!poolIds.has(poolId)) issues.push({ path: ['routing', categoryId, 'pools', i], message: `unknown pool "${poolId}"` });
    });
    issues.push(...duplicates(route.pools, (p) => p, ['routing', categoryId, 'pools'], 'pool'));
  }

  s.pools.forEach((pool, p) => {
    pool.lines.forEach((line, l) => {
      if (!orgIds.has(line.organisation)) {
        issues.push({ path: ['pools', p, 'lines', l, 'organisation'], message: `unknown organisation "${line.organisation}"` });
      }
    });
  });

  s.organisations.forEach((org, o) => {
    for (const categoryId of Object.keys(org.handleTime.byCategory ?? {})) {
      if (!categoryIds.has(categoryId)) {
        issues.push({
          path: ['organisations', o, 'handleTime', 'byCategory', categoryId],
          message: `unknown category "${categoryId}"`,
        });
      }
    }
  });

  const lines = s.pools.reduce((sum, pool) => sum + pool.lines.reduce((n, l) => n + l.count, 0), 0);
  if (lines > MAX.linesTotal) issues.push({ path: ['pools'], message: `${lines} lines in all pools; at most ${MAX.linesTotal}` });

  issues.push(...arrivalIssues(s));
  issues.push(...calibrationIssues(s));
  return issues;
}

function arrivalIssues(s: Scenario): ScenarioIssue[] {
  const a = s.arrivals;
  const issues: ScenarioIssue[] = [];
  if (a.type === 'volume') {
    if (Array.isArray(a.callersPerDay) && a.callersPerDay.length < Math.ceil(s.horizon.days)) {
      issues.push({
        path: ['arrivals', 'callersPerDay'],
        message: `${a.callersPerDay.length} daily volumes for a horizon of ${s.horizon.days} days`,
      });
    }
    if (a.hourlyProfile && a.hourlyProfile.every((w) => w === 0)) {
      issues.push({ path: ['arrivals', 'hourlyProfile'], message: 'every hour has weight 0' });
    }
    const volumes = Array.isArray(a.callersPerDay) ? a.callersPerDay : [a.callersPerDay];
    const busiest = Math.max(...volumes) * Math.max(1, ...Object.values(a.dayOfWeekFactors ?? {}));
    if (busiest > MAX.callersPerDay) {
      issues.push({ path: ['arrivals'], message: `${busiest} callers on the busiest day (after day-of-week factors); at most ${MAX.callersPerDay}` });
    }
  } else {
    const sources = (a.type === 'intervalCounts' ? [a.counts, a.csv] : [a.times, a.csv]).filter((x) => x !== undefined);
    const inline = a.type === 'intervalCounts' ? 'counts' : 'times';
    if (sources.length !== 1) {
      issues.push({ path: ['arrivals'], message: `give exactly one of "${inline}" or "csv"` });
    }
    // CSV sources are counted once the loader has inlined them
    const total = a.type === 'intervalCounts' ? (a.counts ?? []).reduce((sum, x) => sum + x, 0) : (a.times ?? []).length;
    const allowed = MAX.callersPerDay * Math.ceil(s.horizon.days);
    if (total > allowed) {
      issues.push({ path: ['arrivals', inline], message: `${total} callers over ${s.horizon.days} days; at most ${MAX.callersPerDay} a day` });
    }
  }
  return issues;
}

/** Each free parameter must name a number that exists in the scenario. */
function calibrationIssues(s: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  s.calibration?.free.forEach((free, i) => {
    if ('assumption' in free) {
      const a = s.assumptions?.find((x) => x.id === free.assumption);
      if (!a || !('path' in a)) {
        const known = (s.assumptions ?? []).filter((x) => 'path' in x).map((x) => x.id);
        const hint = known.length > 0 ? `: use one of ${known.join(', ')}` : ': the scenario has none';
        issues.push({ path: ['calibration', 'free', i, 'assumption'], message: `"${free.assumption}" is not a numeric assumption${hint}` });
      }
      return;
    }
    try {
      if (typeof getAtPath(s, free.path) !== 'number') {
        issues.push({ path: ['calibration', 'free', i, 'path'], message: `${free.path} is not a single number` });
      }
    } catch (error) {
      if (!(error instanceof PathError)) throw error;
      issues.push({ path: ['calibration', 'free', i, 'path'], message: error.message });
    }
  });
  return issues;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
