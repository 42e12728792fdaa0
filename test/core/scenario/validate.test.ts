/**
 * The scenario format: every kind of mistake an author makes is reported at the right field
 * path with a reason a person can act on. Bad cases are small edits of one valid scenario.
 */
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../../core/scenario/schema.ts';
import { formatPath, parseScenario, ScenarioValidationError } from '../../../core/scenario/validate.ts';
import type { ScenarioIssue } from '../../../core/scenario/issue.ts';

const label = (en: string) => ({ ja: `${en}（日本語）`, en });

const BASE = {
  name: 'minimal',
  horizon: { start: '2022-07-07T00:00', days: 1 },
  arrivals: { type: 'volume', callersPerDay: 100 },
  categories: [
    { id: 'loneliness', label: label('Loneliness'), share: 0.6 },
    { id: 'suicidal', label: label('Suicidal feelings'), share: 0.3 },
    { id: 'livelihood', label: label('Livelihood'), share: 0.1 },
  ],
  menu: {
    greetingSeconds: 10,
    options: [
      { digit: '1', label: label('Loneliness'), announceSeconds: 5, target: { category: 'loneliness' } },
      { digit: '2', label: label('Suicidal feelings'), announceSeconds: 5, target: { category: 'suicidal' } },
      {
        digit: '3',
        label: label('Money and more'),
        announceSeconds: 5,
        target: {
          menu: {
            greetingSeconds: 3,
            options: [
              { digit: '1', label: label('Livelihood'), announceSeconds: 4, target: { category: 'livelihood' } },
              { digit: '2', label: label('Loneliness again'), announceSeconds: 4, target: { category: 'loneliness' } },
            ],
          },
        },
      },
    ],
  },
  organisations: [
    {
      id: 'npo',
      name: label('NPO'),
      schedule: [{ from: '09:00', to: '21:00' }],
      handleTime: { default: { type: 'exponential', mean: 600 }, byCategory: { suicidal: { type: 'fixed', value: 900 } } },
    },
    { id: 'assoc', name: label('Association'), handleTime: { default: { type: 'lognormal', mean: 900, cv: 0.8 } } },
  ],
  pools: [
    { id: 'main', lines: [{ organisation: 'npo', count: 2 }] },
    { id: 'overflow', lines: [{ organisation: 'assoc', count: 1, schedule: [{ days: ['sat', 'sun'], from: '10:00', to: '16:00' }] }] },
  ],
  routing: {
    loneliness: { pools: ['main', 'overflow'] },
    suicidal: { pools: ['main'], onNoLine: { action: 'queue', maxLength: 5 } },
    livelihood: { pools: ['overflow'] },
  },
} satisfies ScenarioInput;

type Draft = typeof BASE;

/** A copy of the valid scenario with one edit; typed loosely enough to break it. */
function edited(edit: (s: Draft) => void): unknown {
  const s = structuredClone(BASE);
  edit(s);
  return s;
}

/** The sub-menu behind option 3. */
const subMenu = (d: Draft) => d.menu.options[2]!.target.menu!;
/** The first shift of the first organisation. */
const orgShift = (d: Draft) => d.organisations[0]!.schedule![0]!;
/** The shift that overrides the organisation's schedule for the overflow pool's lines. */
const lineShift = (d: Draft) => (d.pools[1]!.lines[0] as { schedule: { from: string; to: string }[] }).schedule[0]!;

/** A loose view for edits that put a wrong type in a field. */
function loose(x: unknown): Record<string, unknown> {
  return x as Record<string, unknown>;
}

function issuesOf(input: unknown): ScenarioIssue[] {
  try {
    parseScenario(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioValidationError);
    return [...(error as ScenarioValidationError).issues];
  }
  throw new Error('expected the scenario to be rejected');
}

/** The issues as `path: message` lines, the way the CLI prints them. */
function problems(input: unknown): string[] {
  return issuesOf(input).map((i) => `${formatPath(i.path)}: ${i.message}`);
}

describe('parseScenario: a valid scenario', () => {
  it('parses and applies defaults', () => {
    const s = parseScenario(structuredClone(BASE));
    expect(s.notes).toEqual([]);
    expect(s.horizon.timeZone).toBe('Asia/Tokyo');
    expect(s.horizon.warmupHours).toBe(0);
    expect(s.menu.repeats).toBe(1);
    expect(s.menu.inputTimeoutSeconds).toBe(5);
    expect(s.callers.noInputProbability).toBe(0);
    expect(s.pools[0]?.policy).toBe('longestIdle');
    expect(s.pools[0]?.lines[0]?.weight).toBe(1);
    expect(s.organisations[0]?.schedule?.[0]?.days).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
    expect(s.routing.loneliness?.onNoLine).toEqual({ action: 'busy' });
    expect(s.routing.suicidal?.onNoLine).toEqual({ action: 'queue', maxLength: 5, priority: 0 });
    expect(s.reporting.serviceLevelSeconds).toBe(20);
  });

  it('accepts shares that sum to 1 up to rounding, and 24:00 as the end of a shift', () => {
    const s = edited((d) => {
      d.categories[0]!.share = 0.1 + 0.2; // 0.30000000000000004
      d.categories[1]!.share = 0.6;
      d.organisations[0]!.schedule = [{ from: '18:00', to: '24:00' }];
    });
    expect(() => parseScenario(s)).not.toThrow();
  });

  it('does not modify its input', () => {
    const input = structuredClone(BASE);
    parseScenario(input);
    expect(input).toEqual(BASE);
  });
});

describe('parseScenario: menu', () => {
  it('rejects a duplicate digit, at the second option with that digit', () => {
    expect(problems(edited((d) => (d.menu.options[1]!.digit = '1')))).toEqual(['menu.options[1]: duplicate digit "1"']);
  });

  it('rejects a duplicate digit inside a sub-menu', () => {
    const s = edited((d) => {
      subMenu(d).options[1]!.digit = '1';
    });
    expect(problems(s)).toEqual(['menu.options[2].target.menu.options[1]: duplicate digit "1"']);
  });

  it('allows the same digit on different menu levels', () => {
    // digit 1 is used at the top and in the sub-menu of the base scenario
    expect(() => parseScenario(structuredClone(BASE))).not.toThrow();
  });

  it('rejects an option pointing at an unknown category', () => {
    const s = edited((d) => (d.menu.options[1]!.target.category = 'lonely'));
    expect(problems(s)).toEqual([
      'menu.options[1].target.category: unknown category "lonely"',
      'categories[1].id: category "suicidal" has callers but no menu option leads to it',
    ]);
  });

  it('rejects an unknown category deep in a sub-menu', () => {
    const s = edited((d) => (subMenu(d).options[0]!.target.category = 'poverty'));
    expect(problems(s)).toContain('menu.options[2].target.menu.options[0].target.category: unknown category "poverty"');
  });

  it('rejects a digit that is not one key', () => {
    expect(problems(edited((d) => (d.menu.options[0]!.digit = '10')))).toEqual(['menu.options[0].digit: one key: 0-9, * or #']);
  });

  it('rejects an empty menu', () => {
    const [first] = problems(edited((d) => loose(subMenu(d)).options = []));
    expect(first).toMatch(/^menu\.options\[2\]\.target\.menu\.options: /);
  });

  it('rejects an option target that is neither a category nor a menu', () => {
    const s = edited((d) => (loose(d.menu.options[0]).target = { pool: 'main' }));
    expect(problems(s)[0]).toMatch(/^menu\.options\[0\]\.target: /);
  });
});

describe('parseScenario: categories and routing', () => {
  it('rejects a category with no route', () => {
    const s = edited((d) => delete loose(d.routing).livelihood);
    expect(problems(s)).toEqual(['categories[2].id: category "livelihood" has no route']);
  });

  it('rejects a route for an unknown category', () => {
    const s = edited((d) => (loose(d.routing).poverty = { pools: ['main'] }));
    expect(problems(s)).toEqual(['routing.poverty: route for unknown category "poverty"']);
  });

  it('rejects shares that do not sum to 1', () => {
    const s = edited((d) => (d.categories[2]!.share = 0.2));
    expect(problems(s)).toEqual(['categories: category shares sum to 1.1, not 1']);
  });

  it('rejects a share above 1', () => {
    const s = edited((d) => (d.categories[0]!.share = 1.5));
    expect(problems(s)[0]).toMatch(/^categories\[0\]\.share: /);
  });

  it('rejects a duplicate category id', () => {
    const s = edited((d) => {
      d.categories[2]!.id = 'loneliness';
    });
    expect(problems(s)).toContain('categories[2]: duplicate category id "loneliness"');
  });

  it('rejects an id that is not lower-case', () => {
    const s = edited((d) => (d.categories[0]!.id = 'Loneliness'));
    expect(problems(s)).toEqual(['categories[0].id: use lower-case letters, digits, "_" or "-", starting with a letter']);
  });

  it('rejects an unknown pool in a route, at its position', () => {
    const s = edited((d) => (d.routing.loneliness.pools[1] = 'spare'));
    expect(problems(s)).toEqual(['routing.loneliness.pools[1]: unknown pool "spare"']);
  });

  it('rejects a pool listed twice in one route', () => {
    const s = edited((d) => d.routing.loneliness.pools.push('main'));
    expect(problems(s)).toEqual(['routing.loneliness.pools[2]: duplicate pool "main"']);
  });

  it('rejects an unknown queue action', () => {
    const s = edited((d) => (loose(d.routing.suicidal).onNoLine = { action: 'voicemail' }));
    expect(problems(s)[0]).toMatch(/^routing\.suicidal\.onNoLine\.action: /);
  });
});

describe('parseScenario: organisations, pools and schedules', () => {
  it('rejects an unknown organisation in a pool', () => {
    const s = edited((d) => (d.pools[1]!.lines[0]!.organisation = 'jica'));
    expect(problems(s)).toEqual(['pools[1].lines[0].organisation: unknown organisation "jica"']);
  });

  it('rejects a duplicate organisation or pool id', () => {
    const s = edited((d) => {
      d.organisations[1]!.id = 'npo';
      d.pools[1]!.id = 'main';
    });
    expect(problems(s)).toEqual(
      expect.arrayContaining(['organisations[1]: duplicate organisation id "npo"', 'pools[1]: duplicate pool id "main"']),
    );
  });

  it('rejects handle times for an unknown category', () => {
    const s = edited((d) => (loose(d.organisations[0]!.handleTime.byCategory).poverty = { type: 'fixed', value: 60 }));
    expect(problems(s)).toEqual(['organisations[0].handleTime.byCategory.poverty: unknown category "poverty"']);
  });

  it('rejects an hour past 24 ("25:00")', () => {
    const s = edited((d) => (orgShift(d).to = '25:00'));
    // the first issue is the one the CLI shows (zod also runs the refinement after the failed regex)
    expect(problems(s)[0]).toBe('organisations[0].schedule[0].to: use HH:MM between 00:00 and 24:00');
  });

  it('rejects a time after 24:00 ("24:30")', () => {
    const s = edited((d) => (orgShift(d).to = '24:30'));
    expect(problems(s)).toEqual(['organisations[0].schedule[0].to: a time of day cannot be later than 24:00']);
  });

  it('rejects a time written without two-digit hours ("9:00")', () => {
    const s = edited((d) => (orgShift(d).from = '9:00'));
    expect(problems(s)[0]).toBe('organisations[0].schedule[0].from: use HH:MM between 00:00 and 24:00');
  });

  it('rejects a shift that ends before it starts, and asks for overnight shifts to be split', () => {
    const s = edited((d) => (Object.assign(orgShift(d), { from: '22:00', to: '06:00' })));
    expect(problems(s)).toEqual(['organisations[0].schedule[0].to: shift must end after it starts (split overnight shifts in two)']);
  });

  it('rejects an empty shift (from = to)', () => {
    const s = edited((d) => (Object.assign(orgShift(d), { from: '10:00', to: '10:00' })));
    expect(problems(s)).toEqual(['organisations[0].schedule[0].to: shift must end after it starts (split overnight shifts in two)']);
  });

  it('checks the schedule that overrides an organisation for some lines', () => {
    const s = edited((d) => (lineShift(d).to = '09:00'));
    expect(problems(s)).toEqual(['pools[1].lines[0].schedule[0].to: shift must end after it starts (split overnight shifts in two)']);
  });

  it('rejects an unknown day', () => {
    const s = edited((d) => (loose(lineShift(d)).days = ['sat', 'sunday']));
    expect(problems(s)[0]).toMatch(/^pools\[1\]\.lines\[0\]\.schedule\[0\]\.days\[1\]: /);
  });

  it('rejects a negative or fractional line count', () => {
    expect(problems(edited((d) => (d.pools[0]!.lines[0]!.count = -1)))[0]).toMatch(/^pools\[0\]\.lines\[0\]\.count: /);
    expect(problems(edited((d) => (d.pools[0]!.lines[0]!.count = 1.5)))[0]).toMatch(/^pools\[0\]\.lines\[0\]\.count: /);
  });
});

describe('parseScenario: distributions', () => {
  it('rejects a negative mean', () => {
    const s = edited((d) => (d.organisations[0]!.handleTime.default.mean = -600));
    expect(problems(s)).toEqual(['organisations[0].handleTime.default.mean: Too small: expected number to be >0']);
  });

  it('rejects a zero mean', () => {
    const s = edited((d) => (d.organisations[1]!.handleTime.default.mean = 0));
    expect(problems(s)).toEqual(['organisations[1].handleTime.default.mean: Too small: expected number to be >0']);
  });

  it('rejects a uniform distribution whose min exceeds its max', () => {
    const s = edited((d) => (loose(d.organisations[0]!).wrapUp = { type: 'uniform', min: 120, max: 60 }));
    expect(problems(s)).toEqual(['organisations[0].wrapUp.max: min must not exceed max']);
  });

  it('rejects empirical weights that do not match the values', () => {
    const s = edited((d) => (loose(d.organisations[0]!).wrapUp = { type: 'empirical', values: [60, 120], weights: [1] }));
    expect(problems(s)).toEqual(['organisations[0].wrapUp.weights: weights must have one entry per value']);
  });

  it('rejects an unknown distribution type and a field of another type', () => {
    expect(problems(edited((d) => (loose(d.organisations[0]!.handleTime).default = { type: 'normal', mean: 600 })))[0]).toMatch(
      /^organisations\[0\]\.handleTime\.default\.type: /,
    );
    expect(
      problems(edited((d) => (loose(d.organisations[0]!.handleTime).default = { type: 'exponential', mean: 600, cv: 1 }))),
    ).toEqual(['organisations[0].handleTime.default: Unrecognized key: "cv"']);
  });
});

describe('parseScenario: horizon and arrivals', () => {
  it('rejects dates and times that do not exist, with one issue each', () => {
    expect(problems(edited((d) => (d.horizon.start = '2022-02-30T00:00')))).toEqual(['horizon.start: not a real date-time']);
    expect(problems(edited((d) => (d.horizon.start = '2022-07-07T24:00')))).toEqual(['horizon.start: not a real date-time']);
    expect(problems(edited((d) => (orgShift(d).from = '9:00')))).toEqual([
      'organisations[0].schedule[0].from: use HH:MM between 00:00 and 24:00',
    ]);
  });

  it('rejects an unknown time zone', () => {
    expect(problems(edited((d) => (loose(d.horizon).timeZone = 'Asia/Tokio')))).toEqual([
      'horizon.timeZone: not an IANA time zone such as Asia/Tokyo',
    ]);
  });

  it('rejects a date that does not exist', () => {
    const s = edited((d) => (d.horizon.start = '2022-13-01T00:00'));
    expect(problems(s)).toEqual(['horizon.start: not a real date-time']);
  });

  it('rejects a start with a time zone (times are local to horizon.timeZone)', () => {
    const s = edited((d) => (d.horizon.start = '2022-07-07T00:00+09:00'));
    expect(problems(s)[0]).toBe('horizon.start: use a local date-time such as 2022-07-07T00:00');
  });

  it('rejects too few daily volumes for the horizon', () => {
    const s = edited((d) => {
      d.horizon.days = 3;
      loose(d.arrivals).callersPerDay = [100, 120];
    });
    expect(problems(s)).toEqual(['arrivals.callersPerDay: 2 daily volumes for a horizon of 3 days']);
  });

  it('rejects an hourly profile of the wrong length or all zero', () => {
    expect(problems(edited((d) => (loose(d.arrivals).hourlyProfile = [1, 2, 3])))[0]).toMatch(/^arrivals\.hourlyProfile: /);
    expect(problems(edited((d) => (loose(d.arrivals).hourlyProfile = new Array<number>(24).fill(0))))).toEqual([
      'arrivals.hourlyProfile: every hour has weight 0',
    ]);
  });

  it('requires exactly one of inline counts or a CSV file', () => {
    const both = edited((d) => (loose(d).arrivals = { type: 'intervalCounts', intervalMinutes: 60, counts: [1], csv: { file: 'x.csv' } }));
    const neither = edited((d) => (loose(d).arrivals = { type: 'trace' }));
    expect(problems(both)).toEqual(['arrivals: give exactly one of "counts" or "csv"']);
    expect(problems(neither)).toEqual(['arrivals: give exactly one of "times" or "csv"']);
  });

  it('rejects a negative or fractional interval count', () => {
    const s = edited((d) => (loose(d).arrivals = { type: 'intervalCounts', intervalMinutes: 60, counts: [3, -1, 2.5] }));
    expect(problems(s).map((p) => p.split(':')[0])).toEqual(['arrivals.counts[1]', 'arrivals.counts[2]']);
  });

  it('rejects an unknown arrival type', () => {
    const s = edited((d) => (loose(d).arrivals = { type: 'poisson', rate: 3 }));
    expect(problems(s)[0]).toMatch(/^arrivals\.type: /);
  });
});

describe('parseScenario: shape', () => {
  it('rejects an unknown top-level field, e.g. a typo', () => {
    const s = edited((d) => (loose(d).organizations = []));
    expect(problems(s)).toEqual(['(root): Unrecognized key: "organizations"']);
  });

  it('reports every problem it finds, not only the first', () => {
    const s = edited((d) => {
      d.menu.options[1]!.digit = '1';
      d.pools[0]!.lines[0]!.organisation = 'jica';
      d.routing.loneliness.pools[1] = 'spare';
    });
    expect(problems(s)).toEqual([
      'menu.options[1]: duplicate digit "1"',
      'routing.loneliness.pools[1]: unknown pool "spare"',
      'pools[0].lines[0].organisation: unknown organisation "jica"',
    ]);
  });

  it('rejects what is not an object at all', () => {
    expect(problems(null)).toEqual(['(root): Invalid input: expected object, received null']);
    expect(problems([])[0]).toMatch(/^\(root\): /);
  });
});

describe('formatPath', () => {
  it('writes paths as a person would', () => {
    expect(formatPath([])).toBe('(root)');
    expect(formatPath(['menu'])).toBe('menu');
    expect(formatPath(['menu', 'options', 2, 'target', 'menu', 'options', 0])).toBe('menu.options[2].target.menu.options[0]');
    expect(formatPath([0, 'x'])).toBe('[0].x');
  });
});
