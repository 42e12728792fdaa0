/**
 * Upper bounds of a scenario: each limit refuses the value just above it at the field's path,
 * every shipped scenario stays inside them, and nesting of any depth is answered with a
 * validation error naming the path (checked without recursion), never a stack overflow.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCENARIO_LIMITS as MAX } from '../../../core/scenario/limits.ts';
import { applyChanges } from '../../../core/scenario/variant.ts';
import { formatPath, parseScenario, ScenarioValidationError } from '../../../core/scenario/validate.ts';
import { loadScenarioFile } from '../../../sim/io/load-scenario.ts';
import { scenarioFromJson } from '../../../src/jobs/scenario-input.ts';
import { testScenarioInput } from '../../support/fixtures.ts';
import { tempFiles } from '../../support/run-cli.ts';

type Draft = any;

function edited(edit: (s: Draft) => void): Draft {
  const s = structuredClone(testScenarioInput) as Draft;
  edit(s);
  return s;
}

function problems(input: unknown): string[] {
  try {
    parseScenario(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioValidationError);
    return (error as ScenarioValidationError).issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
  }
  throw new Error('expected the scenario to be rejected');
}

/** A menu nested `depth` deep (the top menu is depth 1), one option leading on at each level. */
function nestedMenu(depth: number): Draft {
  let menu: Draft = { greetingSeconds: 1, options: [{ digit: '1', label: { ja: 'x', en: 'x' }, announceSeconds: 1, target: { category: 'talk' } }] };
  for (let d = 1; d < depth; d++) {
    menu = { greetingSeconds: 1, options: [{ digit: '1', label: { ja: 'x', en: 'x' }, announceSeconds: 1, target: { menu } }] };
  }
  return menu;
}

const menuPath = (depth: number): string => `menu${'.options[0].target.menu'.repeat(depth - 1)}`;

describe('scenario limits', () => {
  it.each([
    ['callers per day', (s: Draft) => (s.arrivals.callersPerDay = MAX.callersPerDay + 1), 'arrivals.callersPerDay'],
    ['daily volumes', (s: Draft) => (s.arrivals.callersPerDay = [MAX.callersPerDay + 1]), 'arrivals.callersPerDay[0]'],
    ['horizon days', (s: Draft) => (s.horizon.days = MAX.horizonDays + 1), 'horizon.days'],
    ['lines in a line group', (s: Draft) => (s.pools[0].lines[0].count = MAX.linesPerGroup + 1), 'pools[0].lines[0].count'],
    ['redial attempts', (s: Draft) => (s.callers = { redial: { probability: {}, delay: { type: 'fixed', value: 1 }, maxAttempts: MAX.redialAttempts + 1 } }), 'callers.redial.maxAttempts'],
    ['menu repeats', (s: Draft) => (s.menu.repeats = MAX.menuRepeats + 1), 'menu.repeats'],
    ['a duration', (s: Draft) => (s.organisations[0].handleTime.default = { type: 'fixed', value: MAX.seconds + 1 }), 'organisations[0].handleTime.default.value'],
    ['a queue length', (s: Draft) => (s.routing.urgent.onNoLine.maxLength = MAX.queueLength + 1), 'routing.urgent.onNoLine.maxLength'],
    ['an interval count', (s: Draft) => (s.arrivals = { type: 'intervalCounts', intervalMinutes: 60, counts: [MAX.callersPerDay + 1] }), 'arrivals.counts[0]'],
    ['an id', (s: Draft) => (s.organisations[0].id = 'a'.repeat(MAX.idLength + 1)), 'organisations[0].id'],
    ['a name', (s: Draft) => (s.name = 'x'.repeat(MAX.textLength + 1)), 'name'],
  ])('refuses too many %s at its path', (_what, edit, where) => {
    expect(problems(edited(edit)).some((p) => p.startsWith(`${where}: `)), problems(edited(edit)).join('\n')).toBe(true);
  });

  it('refuses more options in a menu than there are keys', () => {
    const keys = '0123456789*#'.split('');
    const s = edited((d) => {
      d.menu.options = [...keys, '1'].map((digit) => ({ digit, label: { ja: 'x', en: 'x' }, announceSeconds: 1, target: { category: 'talk' } }));
    });
    expect(problems(s)).toContainEqual(expect.stringMatching(/^menu\.options: Too big/));
  });

  it('refuses too many categories, organisations and pools', () => {
    const many = (n: number, make: (i: number) => unknown) => Array.from({ length: n }, (_, i) => make(i));
    const label = { ja: 'x', en: 'x' };
    const s = edited((d) => {
      d.categories = many(MAX.categories + 1, (i) => ({ id: `c${i}`, label, share: 0 }));
      d.organisations = many(MAX.organisations + 1, (i) => ({ id: `o${i}`, name: label, handleTime: { default: { type: 'fixed', value: 1 } } }));
      d.pools = many(MAX.pools + 1, (i) => ({ id: `p${i}`, lines: [{ organisation: 'o0', count: 1 }] }));
    });
    const found = problems(s);
    for (const field of ['categories', 'organisations', 'pools']) expect(found).toContainEqual(expect.stringMatching(new RegExp(`^${field}: Too big`)));
  });

  it('refuses more lines in all pools than the total allows, though each group is within its own limit', () => {
    const s = edited((d) => {
      d.pools[0].lines = Array.from({ length: MAX.linesTotal / MAX.linesPerGroup + 1 }, () => ({ organisation: 'org-a', count: MAX.linesPerGroup }));
    });
    // the other two pools hold one line each
    expect(problems(s)).toContainEqual(`pools: ${MAX.linesTotal + MAX.linesPerGroup + 2} lines in all pools; at most ${MAX.linesTotal}`);
  });

  it('refuses a busiest day above the limit once day-of-week factors apply, and interval counts above it on average', () => {
    const factor = edited((d) => {
      d.arrivals = { type: 'volume', callersPerDay: MAX.callersPerDay, dayOfWeekFactors: { mon: 2 } };
    });
    expect(problems(factor)).toContainEqual(expect.stringMatching(/^arrivals: 2000000 callers on the busiest day/));
    const counts = edited((d) => {
      d.arrivals = { type: 'intervalCounts', intervalMinutes: 1, counts: [MAX.callersPerDay, 1] };
    });
    expect(problems(counts)).toContainEqual(expect.stringMatching(/^arrivals\.counts: 1000001 callers over 1 days/));
  });

  it('accepts every limit itself', () => {
    const s = edited((d) => {
      d.horizon.days = MAX.horizonDays;
      d.arrivals.callersPerDay = MAX.callersPerDay;
      d.pools[0].lines[0].count = MAX.linesPerGroup;
      d.menu.repeats = MAX.menuRepeats;
      d.menu.options[1].target.menu = nestedMenu(MAX.menuDepth - 1);
      d.menu.options[1].target.menu.options[0].digit = '1';
      d.menu.options[1].target.menu.options.push(
        { digit: '2', label: { ja: 'x', en: 'x' }, announceSeconds: 1, target: { category: 'urgent' } },
        { digit: '3', label: { ja: 'x', en: 'x' }, announceSeconds: 1, target: { category: 'night' } },
      );
    });
    expect(() => parseScenario(s)).not.toThrow();
  });

  it('keeps every shipped scenario and variant inside the limits', async () => {
    const files: string[] = [];
    for (const dir of ['scenarios', 'scenarios/textbook', 'scenarios/trial']) {
      for (const f of await readdir(dir)) if (f.endsWith('.json') && !f.endsWith('.schema.json') && !f.includes('observed')) files.push(path.join(dir, f));
    }
    expect(files.length).toBeGreaterThan(8);
    for (const file of files) await expect(loadScenarioFile(file), file).resolves.toBeDefined();
  });
});

describe('nesting', () => {
  it(`refuses a menu nested one deeper than ${MAX.menuDepth}, at the path of the menu too deep`, () => {
    const s = edited((d) => (d.menu = nestedMenu(MAX.menuDepth + 1)));
    expect(problems(s)).toEqual([`${menuPath(MAX.menuDepth + 1)}: menus nest at most ${MAX.menuDepth} deep (the top menu is depth 1)`]);
  });

  it.each([400, 5_000, 100_000])('answers a menu nested %i deep with a validation error, not a stack overflow', (depth) => {
    const s = edited((d) => (d.menu = nestedMenu(depth)));
    expect(problems(s)).toEqual([`${menuPath(MAX.menuDepth + 1)}: menus nest at most ${MAX.menuDepth} deep (the top menu is depth 1)`]);
  });

  it('refuses deep nesting anywhere else before zod sees it', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const found = problems(edited((d) => (d.notes = deep)));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^notes(\[0\])+: nested more than 64 deep$/);
  });

  it('refuses a change whose value is nested too deep, at changes[i].value', () => {
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const base = parseScenario(testScenarioInput);
    for (const change of [{ add: 'notes', value: deep }, { set: 'notes', value: deep }]) {
      try {
        applyChanges(base, [change]);
        throw new Error('expected a validation error');
      } catch (error) {
        expect(error).toBeInstanceOf(ScenarioValidationError);
        expect(formatPath((error as ScenarioValidationError).issues[0]!.path)).toMatch(/^changes\[0\]\.value(\.a)+$/);
      }
    }
  });
});

describe('file references', () => {
  const base = parseScenario(testScenarioInput);

  it('a change that names a CSV file is refused at changes[i] (the file would never be read)', () => {
    const changes = [
      { set: 'name', value: 'fine' },
      { set: 'arrivals', value: { type: 'intervalCounts', intervalMinutes: 60, csv: { file: '/etc/passwd' } } },
    ];
    expect(() => applyChanges(base, changes)).toThrow(/changes\[1\]: a change cannot name a file/);
    const intervals = applyChanges(base, [{ set: 'arrivals', value: { type: 'intervalCounts', intervalMinutes: 60, counts: [1] } }]);
    expect(() => applyChanges(intervals, [{ set: 'arrivals.csv', value: { file: 'x.csv' } }])).toThrow(/changes\[0\]: a change cannot name a file/);
  });

  it('CSV rows count against the limits too, reported at arrivals.csv', async () => {
    const s = edited((d) => (d.arrivals = { type: 'intervalCounts', intervalMinutes: 60, csv: { file: 'counts.csv' } }));
    const files = await tempFiles({ 'counts.csv': `${MAX.callersPerDay}\n1\n`, 'hostile.json': s });
    await expect(loadScenarioFile(files['hostile.json']!)).rejects.toThrow(/arrivals\.csv: 1000001 callers over 1 days; at most 1000000 a day/);
  });

  it('a CLI variant may point arrivals at a CSV file: it is read relative to the variant file', async () => {
    const files = await tempFiles({
      'base.json': testScenarioInput,
      'counts.csv': 'count\n4\n6\n',
      'variant.json': { name: 'from CSV', base: 'base.json', changes: [{ set: 'arrivals', value: { type: 'intervalCounts', intervalMinutes: 60, csv: { file: 'counts.csv' } } }] },
    });
    const s = await loadScenarioFile(files['variant.json']!);
    expect(s.arrivals).toEqual({ type: 'intervalCounts', intervalMinutes: 60, mode: 'exact', counts: [4, 6] });
  });

  it('a scenario from a request may not name a file', () => {
    const s = edited((d) => (d.arrivals = { type: 'trace', csv: { file: '../../etc/passwd' } }));
    expect(() => scenarioFromJson(s, ['base'])).toThrow(/base\.arrivals\.csv: a server file cannot be named over HTTP/);
  });
});
