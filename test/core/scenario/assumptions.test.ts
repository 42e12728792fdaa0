import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { smallScenario } from '../../support/scenario-builder.ts';
import { parseScenario, ScenarioValidationError } from '../../../core/scenario/validate.ts';
import { freeParameters, type Assumption, type ValueDistribution } from '../../../core/scenario/assumptions.ts';
import { applyAssumptions, quantile } from '../../../core/scenario/draw-assumptions.ts';
import { getAtPath } from '../../../core/scenario/path.ts';

type Input = Record<string, unknown>;

/** A scenario with two categories, pools `a` (2 lines) and `b` (1 line), 100 callers a day. */
function withAssumptions(assumptions: unknown[], extra: Input = {}): Input {
  return { ...smallScenario({ categories: { a: 0.5, b: 0.5 }, lines: { a: 2, b: 1 } }), assumptions, ...extra };
}

/** The one-line issue list a scenario gets, or '' if it is valid. */
function issues(input: Input): string {
  try {
    parseScenario(input);
    return '';
  } catch (error) {
    if (error instanceof ScenarioValidationError) return error.message;
    throw error;
  }
}

const lines = (values: number[], weights?: number[]): Assumption =>
  ({ id: 'lines-a', path: 'pools[id=a].lines[0].count', distribution: { type: 'discrete', values, ...(weights && { weights }) }, source: 'not published' }) as Assumption;

describe('assumptions: validation', () => {
  it('accepts each kind of prior, and leaves the scenario as written', () => {
    const input = withAssumptions([
      lines([1, 2, 3]),
      { id: 'volume', path: 'arrivals.callersPerDay', distribution: { type: 'lognormal', median: 100, sigma: 0.3 }, source: 'phase-1 volume' },
      { id: 'timeout', path: 'menu.greetingSeconds', distribution: { type: 'triangular', min: 0, mode: 0, max: 10 }, source: 'guess' },
      { id: 'no-input', path: 'callers.noInputProbability', distribution: { type: 'beta', alpha: 1, beta: 9 }, source: '988: menu losses' },
      {
        id: 'reading',
        alternatives: [
          { name: 'from 1 to 2', changes: [] },
          { name: '2 more', changes: [{ set: 'pools[id=b].lines[0].count', value: 3 }] },
        ],
        distribution: { type: 'categorical', weights: [1, 1] },
        source: '「1回線から2回線増」',
      },
    ]);
    expect(issues(input)).toBe('');
    const s = parseScenario(input);
    expect(s.pools[0]!.lines[0]!.count).toBe(2);
    expect(s.assumptions).toHaveLength(5);
  });

  it('refuses a path that does not exist, or that is not a number, naming the field', () => {
    expect(issues(withAssumptions([{ ...lines([1, 2]), path: 'pools[id=zz].lines[0].count' }]))).toBe(
      'assumptions[0].path: pools[id=zz].lines[0].count: no element with id "zz"',
    );
    expect(issues(withAssumptions([{ ...lines([1, 2]), path: 'pools[id=a].lines' }]))).toMatch(/^assumptions\[0\]\.path: .* is not a single number$/);
    expect(issues(withAssumptions([{ ...lines([1, 2]), path: 'pools[id=a].__proto__' }]))).toMatch(/^assumptions\[0\]\.path: /);
    expect(issues(withAssumptions([{ ...lines([1, 2]), path: 'calibration.free' }]))).toMatch(/^assumptions\[0\]\.path: .*not a model input/);
  });

  it('refuses a discrete value the field does not take, naming the value', () => {
    expect(issues(withAssumptions([lines([2, 2.5])]))).toMatch(/^assumptions\[0\]\.distribution\.values\[1\]: pools\[id=a\]\.lines\[0\]\.count = 2\.5 does not fit the field: .*expected int/);
    expect(issues(withAssumptions([lines([2, 0, -1])]))).toMatch(/^assumptions\[0\]\.distribution\.values\[2\]: /);
  });

  it('refuses a continuous prior on a whole-number field', () => {
    const a = { ...lines([1]), distribution: { type: 'uniform', min: 1, max: 3 } };
    expect(issues(withAssumptions([a]))).toMatch(/^assumptions\[0\]\.distribution: .*whole number\? use a discrete set/);
  });

  it('refuses priors of zero width', () => {
    const on = (distribution: unknown) => issues(withAssumptions([{ id: 'v', path: 'arrivals.callersPerDay', distribution, source: 's' }]));
    expect(on({ type: 'uniform', min: 100, max: 100 })).toBe('assumptions[0].distribution.max: a prior of zero width: min must be below max');
    expect(on({ type: 'triangular', min: 100, mode: 100, max: 100 })).toMatch(/^assumptions\[0\]\.distribution\.max: a prior of zero width/);
    expect(on({ type: 'lognormal', median: 100, sigma: 0 })).toBe('assumptions[0].distribution.sigma: a prior of zero width: sigma must be above 0');
    expect(on({ type: 'beta', alpha: 0, beta: 1 })).toMatch(/^assumptions\[0\]\.distribution\.alpha: a degenerate beta/);
    expect(on({ type: 'discrete', values: [100] })).toMatch(/^assumptions\[0\]\.distribution\.values: a prior of zero width/);
    expect(issues(withAssumptions([{ id: 'c', alternatives: [{ name: 'only', changes: [] }], distribution: { type: 'categorical' }, source: 's' }]))).toMatch(
      /^assumptions\[0\]\.alternatives: a choice needs at least two/,
    );
  });

  it("refuses a prior whose support leaves out the scenario's current value", () => {
    expect(issues(withAssumptions([lines([3, 4])]))).toBe(
      "assumptions[0].distribution: the scenario's value 2 at pools[id=a].lines[0].count lies outside the prior's support [3, 4]",
    );
  });

  it('refuses a beta prior on a field that is not a probability, via the values it can give', () => {
    expect(issues(withAssumptions([{ id: 'v', path: 'menu.greetingSeconds', distribution: { type: 'beta', alpha: 2, beta: 2 }, source: 's' }]))).toBe('');
    const share = issues(withAssumptions([{ id: 'v', path: 'categories[id=a].share', distribution: { type: 'beta', alpha: 2, beta: 2 }, source: 's' }]));
    expect(share).toMatch(/^assumptions\[0\]\.distribution: categories\[id=a\]\.share = .* does not fit the field/);
  });

  it('refuses an alternative that does not apply cleanly, naming the change', () => {
    const choice = (changes: unknown[]) => ({
      id: 'c',
      alternatives: [{ name: 'as written', changes: [] }, { name: 'other', changes }],
      distribution: { type: 'categorical' },
      source: 's',
    });
    expect(issues(withAssumptions([choice([{ set: 'pools[id=zz].lines[0].count', value: 1 }])]))).toBe(
      'assumptions[0].alternatives[1].changes[0]: pools[id=zz].lines[0].count: no element with id "zz"',
    );
    expect(issues(withAssumptions([choice([{ set: 'arrivals', value: { type: 'trace', csv: { file: '/etc/passwd' } } }])]))).toBe(
      'assumptions[0].alternatives[1]: an alternative cannot name a file (arrivals.csv): the file would not be read; give the values inline',
    );
    expect(issues(withAssumptions([choice([{ set: 'pools[id=a].lines[0].count', value: 1.5 }])]))).toMatch(
      /^assumptions\[0\]\.alternatives\[1\]: after the changes: pools\[0\]\.lines\[0\]\.count: /,
    );
  });

  it('refuses more values and alternatives in all than it will validate', () => {
    const many = Array.from({ length: 11 }, (_, k) => ({ ...lines(Array.from({ length: 50 }, (_, v) => v + 1)), id: `l${k}`, path: `pools[id=a].lines[0].count` }));
    expect(issues(withAssumptions(many))).toBe('assumptions: at most 500 discrete values and alternatives in all (a continuous prior counts 3)');
  });

  it('refuses a choice none of whose alternatives is the scenario as written', () => {
    const set = (value: number) => ({ name: `${value}`, changes: [{ set: 'pools[id=b].lines[0].count', value }] });
    const choice = (...alternatives: unknown[]) => ({ id: 'c', alternatives, distribution: { type: 'categorical' }, source: 's' });
    expect(issues(withAssumptions([choice(set(2), set(3))]))).toBe(
      'assumptions[0].alternatives: no alternative leaves the scenario as written: make one of them describe it (no changes, or changes to its own values)',
    );
    expect(issues(withAssumptions([choice(set(1), set(3))]))).toBe('');
  });

  it('refuses two assumptions with one id or one path', () => {
    expect(issues(withAssumptions([lines([1, 2]), { ...lines([2, 3]), id: 'other' }]))).toBe(
      'assumptions[1].path: pools[id=a].lines[0].count already has an assumption',
    );
    expect(issues(withAssumptions([lines([1, 2]), { ...lines([1, 2]), path: 'pools[id=b].lines[0].count' }]))).toBe(
      'assumptions[1].id: duplicate assumption "lines-a"',
    );
  });
});

describe('applyAssumptions', () => {
  it('maps draws through inverse CDFs: medians at 0.5, bounds at the ends', () => {
    expect(quantile({ type: 'uniform', min: 10, max: 20 }, 0.5)).toBe(15);
    expect(quantile({ type: 'uniform', min: 10, max: 20 }, 0)).toBe(10);
    expect(quantile({ type: 'triangular', min: 0, mode: 5, max: 10 }, 0.5)).toBeCloseTo(5, 12);
    expect(quantile({ type: 'triangular', min: 0, mode: 5, max: 10 }, 0)).toBe(0);
    expect(quantile({ type: 'lognormal', median: 300, sigma: 0.5 }, 0.5)).toBeCloseTo(300, 9);
    expect(quantile({ type: 'beta', alpha: 3, beta: 3 }, 0.5)).toBeCloseTo(0.5, 12);
    expect(quantile({ type: 'beta', alpha: 2, beta: 5 }, 0)).toBe(0);
    expect(quantile({ type: 'beta', alpha: 2, beta: 5 }, 0.999999)).toBeLessThan(1);
  });

  it('picks discrete values by weight', () => {
    const d: ValueDistribution = { type: 'discrete', values: [1, 2, 3], weights: [1, 2, 1] };
    expect([0, 0.24, 0.25, 0.74, 0.75, 0.999].map((u) => quantile(d, u))).toEqual([1, 1, 2, 2, 3, 3]);
    const even: ValueDistribution = { type: 'discrete', values: [5, 7] };
    expect([0, 0.49, 0.5, 0.99].map((u) => quantile(even, u))).toEqual([5, 5, 7, 7]);
  });

  it('applies values and categorical alternatives to a copy, leaving the scenario as written', () => {
    const s = parseScenario(
      withAssumptions([
        lines([1, 2, 3]),
        { id: 'volume', path: 'arrivals.callersPerDay', distribution: { type: 'uniform', min: 50, max: 150 }, source: 's' },
        {
          id: 'reading',
          alternatives: [
            { name: 'one line', changes: [] },
            { name: 'three lines', changes: [{ set: 'pools[id=b].lines[0].count', value: 3 }] },
          ],
          distribution: { type: 'categorical', weights: [3, 1] },
          source: 's',
        },
      ]),
    );
    const low = applyAssumptions(s, [0, 0.5, 0.7]);
    expect(getAtPath(low, 'pools[id=a].lines[0].count')).toBe(1);
    expect(getAtPath(low, 'arrivals.callersPerDay')).toBe(100);
    expect(getAtPath(low, 'pools[id=b].lines[0].count')).toBe(1);
    const high = applyAssumptions(s, [0.9, 0.99, 0.8]);
    expect(getAtPath(high, 'pools[id=a].lines[0].count')).toBe(3);
    expect(getAtPath(high, 'arrivals.callersPerDay')).toBeCloseTo(149, 9);
    expect(getAtPath(high, 'pools[id=b].lines[0].count')).toBe(3);
    expect(getAtPath(s, 'pools[id=a].lines[0].count')).toBe(2);
    expect(parseScenario(high).pools[1]!.lines[0]!.count).toBe(3);
    // one world, not a prior: no assumptions left to draw
    expect(high.assumptions).toBeUndefined();
    expect(s.assumptions).toHaveLength(3);
  });

  it('chooses between two menu orders', () => {
    const s = parseScenario(
      withAssumptions([
        {
          id: 'order',
          alternatives: [
            { name: 'a first', changes: [] },
            { name: 'b first', changes: [{ reorderMenu: { order: ['2', '1'] } }] },
          ],
          distribution: { type: 'categorical' },
          source: 's',
        },
      ]),
    );
    const labels = (x: typeof s) => x.menu.options.map((o) => `${o.digit}:${'category' in o.target ? o.target.category : ''}`);
    expect(labels(applyAssumptions(s, [0.2]))).toEqual(['1:a', '2:b']);
    expect(labels(applyAssumptions(s, [0.6]))).toEqual(['1:b', '2:a']);
  });

  it('gives a valid scenario for any draws (every value a draw can give was checked)', () => {
    const s = parseScenario(
      withAssumptions([
        lines([1, 2, 3], [1, 1, 2]),
        { id: 'volume', path: 'arrivals.callersPerDay', distribution: { type: 'lognormal', median: 100, sigma: 1 }, source: 's' },
        { id: 'greeting', path: 'menu.greetingSeconds', distribution: { type: 'triangular', min: 0, mode: 2, max: 30 }, source: 's' },
        { id: 'no-input', path: 'callers.noInputProbability', distribution: { type: 'beta', alpha: 0.5, beta: 0.5 }, source: 's' },
        {
          id: 'b-lines',
          alternatives: [
            { name: 'one', changes: [] },
            { name: 'moved', changes: [{ moveLines: { from: 'b', to: 'a', count: 1 } }] },
          ],
          distribution: { type: 'categorical' },
          source: 's',
        },
      ]),
    );
    const draw = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
    fc.assert(
      fc.property(fc.tuple(draw, draw, draw, draw, draw), (draws) => {
        expect(() => parseScenario(applyAssumptions(s, draws))).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic and refuses draws outside [0, 1) or of the wrong number', () => {
    const s = parseScenario(withAssumptions([lines([1, 2, 3])]));
    expect(applyAssumptions(s, [0.4])).toEqual(applyAssumptions(s, [0.4]));
    expect(() => applyAssumptions(s, [1])).toThrow(/draws lie in \[0, 1\)/);
    expect(() => applyAssumptions(s, [Number.NaN])).toThrow(RangeError);
    expect(() => applyAssumptions(s, [])).toThrow(/1 assumptions but 0 draws/);
  });
});

describe('calibration.free naming assumptions', () => {
  const volume = { id: 'volume', path: 'arrivals.callersPerDay', distribution: { type: 'lognormal', median: 100, sigma: 0.5 }, source: 's' };

  it('takes the path and the prior\'s range: support, discrete whole numbers as integers, lognormal ±3 sigma', () => {
    const s = parseScenario(
      withAssumptions([lines([1, 2, 4]), volume], {
        calibration: { free: [{ assumption: 'lines-a' }, { assumption: 'volume' }, { path: 'menu.greetingSeconds', min: 0, max: 5 }] },
      }),
    );
    // a drawn world keeps the parameters, written out
    const drawn = applyAssumptions(s, [0.5, 0.5]);
    expect(drawn.calibration!.free).toEqual(freeParameters(s));
    expect(parseScenario(drawn).calibration!.free).toEqual(freeParameters(s));
    const [l, v, g] = freeParameters(s);
    expect(l).toEqual({ path: 'pools[id=a].lines[0].count', min: 1, max: 4, integer: true });
    expect(v!.path).toBe('arrivals.callersPerDay');
    expect(v!.min).toBeCloseTo(100 * Math.exp(-1.5), 9);
    expect(v!.max).toBeCloseTo(100 * Math.exp(1.5), 9);
    expect(v!.integer).toBe(false);
    expect(g).toEqual({ path: 'menu.greetingSeconds', min: 0, max: 5, integer: false });
  });

  it('refuses a name that is not a numeric assumption, listing the ones there are', () => {
    const choice = { id: 'reading', alternatives: [{ name: 'a', changes: [] }, { name: 'b', changes: [] }], distribution: { type: 'categorical' }, source: 's' };
    expect(issues(withAssumptions([volume, choice], { calibration: { free: [{ assumption: 'reading' }] } }))).toBe(
      'calibration.free[0].assumption: "reading" is not a numeric assumption: use one of volume',
    );
    expect(issues({ ...smallScenario(), calibration: { free: [{ assumption: 'volume' }] } })).toBe(
      'calibration.free[0].assumption: "volume" is not a numeric assumption: the scenario has none',
    );
  });
});
