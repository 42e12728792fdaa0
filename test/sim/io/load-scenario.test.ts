/**
 * Scenario files: reading, JSON syntax, validation and CSV arrival sources all fail with one
 * line `<file>: <field path>: <reason>` (a ScenarioFileError, exit code 2 in the CLI), and every
 * example scenario in `scenarios/` loads.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../../core/scenario/validate.ts';
import { InputError } from '../../../sim/io/input-error.ts';
import { jsonSyntaxError, loadScenarioFile, parseLocalDateTime, ScenarioFileError } from '../../../sim/io/load-scenario.ts';
import type { ScenarioInput } from '../../../core/scenario/schema.ts';
import { applyAssumptions } from '../../../core/scenario/draw-assumptions.ts';
import { smallScenario } from '../../support/scenario-builder.ts';

const SCENARIOS = fileURLToPath(new URL('../../../scenarios/', import.meta.url));

const label = (en: string) => ({ ja: `${en}（日本語）`, en });

const BASE = smallScenario({
  name: 'small',
  start: '2022-07-07T00:00',
  categories: { loneliness: 0.7, suicidal: 0.3 },
  labels: { loneliness: label('Loneliness'), suicidal: label('Suicidal feelings'), npo: label('NPO') },
  greetingSeconds: 10,
  announceSeconds: 5,
  organisation: 'npo',
  lines: { main: 2 },
  onNoLine: { suicidal: { action: 'queue' } },
});

type Draft = ScenarioInput;

let dir: string;
let counter = 0;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'helpline-load-scenario-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Write a file under the temp folder (sub-folders created) and return its path. */
async function put(name: string, content: string): Promise<string> {
  const file = path.join(dir, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  return file;
}

/** A fresh scenario file: the small valid scenario with one edit. */
async function scenarioFile(edit: (s: Draft) => void = () => {}, name = `s${++counter}.json`): Promise<string> {
  const s = structuredClone(BASE);
  edit(s);
  return put(name, JSON.stringify(s, null, 2));
}

function loose(x: unknown): Record<string, unknown> {
  return x as Record<string, unknown>;
}

/** Replace the arrivals of a draft by an arbitrary (CSV-based) source. */
const arrivals = (a: Record<string, unknown>) => (d: Draft) => {
  loose(d).arrivals = a;
};

async function failure(file: string): Promise<ScenarioFileError> {
  try {
    await loadScenarioFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioFileError);
    const e = error as ScenarioFileError;
    expect(e.message).not.toMatch(/[\r\n]/);
    expect(e.message.startsWith(`${file}: `)).toBe(true);
    expect(e.issues.length).toBeGreaterThan(0);
    return e;
  }
  throw new Error(`expected ${file} to be rejected`);
}

/** The error message without the leading `<file>: `. */
async function reason(file: string): Promise<string> {
  return (await failure(file)).message.slice(file.length + 2);
}

describe('loadScenarioFile: the example scenarios', () => {
  async function examples(folder: string): Promise<string[]> {
    const entries = await readdir(folder, { withFileTypes: true, recursive: true });
    return entries
      .filter((e) => e.isFile() && e.name.endsWith('.json') && !/\.(schema|observed)\.json$/.test(e.name))
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
  }

  it('finds the examples', async () => {
    const names = (await examples(SCENARIOS)).map((f) => path.relative(SCENARIOS, f).split(path.sep).join('/'));
    expect(names).toEqual(
      expect.arrayContaining([
        '9999-like.json',
        'textbook/erlang-a.json',
        'textbook/erlang-b.json',
        'textbook/erlang-c.json',
        'textbook/interval-counts.json',
        'textbook/nested-menu.json',
        'trial/phase1.json',
        'trial/phase2-reading-a.json',
        'trial/phase2-reading-b.json',
      ]),
    );
  });

  it('loads every example scenario and variant, each with its $schema and notes', async () => {
    for (const file of await examples(SCENARIOS)) {
      const s = await loadScenarioFile(file);
      expect(s.name, file).not.toBe('');
      expect(s.notes.length, file).toBeGreaterThan(0);
      expect(s.$schema, file).toMatch(/scenario\.schema\.json$/);
      expect('csv' in s.arrivals, file).toBe(false);
    }
  });

  it('inlines the CSV of the interval-counts example', async () => {
    const s = await loadScenarioFile(path.join(SCENARIOS, 'textbook/interval-counts.json'));
    expect(s.arrivals.type).toBe('intervalCounts');
    if (s.arrivals.type !== 'intervalCounts') return;
    expect(s.arrivals.counts).toHaveLength(24);
    expect(s.arrivals.counts?.reduce((a, b) => a + b, 0)).toBe(250);
  });
});

describe('loadScenarioFile: file and JSON errors', () => {
  it('reports a missing file as "cannot read: ENOENT"', async () => {
    const file = path.join(dir, 'no-such-file.json');
    const e = await failure(file);
    expect(e.message).toMatch(/^.*no-such-file\.json: cannot read: ENOENT: no such file or directory$/);
    expect(e.issues).toEqual([{ path: [], message: 'cannot read: ENOENT: no such file or directory' }]);
    expect(e.file).toBe(file);
  });

  it('is an input error (one line) naming its first field path', async () => {
    const e = await failure(path.join(dir, 'missing.json'));
    expect(e).toBeInstanceOf(InputError);
    expect(e.path).toEqual([]);
    expect(e.name).toBe('ScenarioFileError');
  });

  it('reports a folder given as a file', async () => {
    const folder = path.join(dir, 'a-folder.json');
    await mkdir(folder, { recursive: true });
    expect(await reason(folder)).toMatch(/^cannot read: EISDIR/);
  });

  it('reports invalid JSON with line and column', async () => {
    const file = await put('bad-comma.json', '{\n  "name": "x",\n  "notes": ["a",],\n}\n');
    expect(await reason(file)).toBe('invalid JSON at line 3, column 17: expected a value, found "]"');
  });

  it('reports a missing comma, a stray quote style and a truncated file at the right place', async () => {
    expect(await reason(await put('j1.json', '{\n  "a": 1\n  "b": 2\n}'))).toBe(
      'invalid JSON at line 3, column 3: expected ",", found "\\""',
    );
    expect(await reason(await put('j2.json', "{ 'a': 1 }"))).toBe(
      'invalid JSON at line 1, column 3: unexpected character "\'"',
    );
    expect(await reason(await put('j3.json', '{ "a": [1, 2'))).toBe('invalid JSON at line 1, column 13: expected "]", found end of file');
    expect(await reason(await put('j4.json', ''))).toBe('invalid JSON at line 1, column 1: expected a value, found end of file');
  });

  it('accepts a UTF-8 byte-order mark', async () => {
    const file = await put('bom.json', `\uFEFF${JSON.stringify(BASE)}`);
    await expect(loadScenarioFile(file)).resolves.toMatchObject({ name: 'small' });
  });
});

describe('jsonSyntaxError', () => {
  const at = (text: string) => jsonSyntaxError(text);

  it('finds nothing wrong in valid JSON', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]} ', '"s"', '0']) {
      expect(at(text), text).toBeUndefined();
    }
  });

  it('points at the first offending character', () => {
    expect(at('{"a": }')).toEqual({ offset: 6, reason: 'expected a value, found "}"' });
    expect(at('{"a": 1}}')).toEqual({ offset: 8, reason: 'unexpected text after the end of the JSON value' });
    expect(at('{"a": "open')).toMatchObject({ reason: 'unterminated string' });
    expect(at('[1 2]')).toEqual({ offset: 3, reason: 'expected ",", found "2"' });
    expect(at('{"a" 1}')).toEqual({ offset: 5, reason: 'expected ":" after the property name, found "1"' });
    expect(at('{"a": 1, }')).toMatchObject({ reason: 'expected a property name in double quotes, found "}"' });
    expect(at('{"a": 1 // note\n}')).toMatchObject({ reason: 'comments are not allowed in JSON' });
  });
});

describe('loadScenarioFile: validation errors', () => {
  it('names the field and the problem', async () => {
    const file = await scenarioFile((d) => (loose(d.menu.options[1]!.target).category = 'lonely'));
    const e = await failure(file);
    expect(e.message).toBe(`${file}: menu.options[1].target.category: unknown category "lonely" (+1 more)`);
    expect(e.issues).toEqual([
      { path: ['menu', 'options', 1, 'target', 'category'], message: 'unknown category "lonely"' },
      { path: ['categories', 1, 'id'], message: 'category "suicidal" has callers but no menu option leads to it' },
    ]);
  });

  it('reports schema errors with their path, the first one in the message', async () => {
    const file = await scenarioFile((d) => {
      loose(d.organisations[0]!.handleTime.default).mean = -5;
      loose(d.horizon).days = 'eight';
    });
    const e = await failure(file);
    expect(e.message).toBe(`${file}: horizon.days: Invalid input: expected number, received string (+1 more)`);
    expect(e.issues.map((i) => i.path)).toEqual([
      ['horizon', 'days'],
      ['organisations', 0, 'handleTime', 'default', 'mean'],
    ]);
  });

  it('gives one problem without a "(+N more)" suffix', async () => {
    const file = await scenarioFile((d) => (d.menu.options[1]!.digit = '1'));
    expect(await reason(file)).toBe('menu.options[1]: duplicate digit "1"');
  });

  it('reports cross-field errors: category without route, unknown pool, unknown organisation, shares', async () => {
    expect(await reason(await scenarioFile((d) => delete loose(d.routing).suicidal))).toBe('categories[1].id: category "suicidal" has no route');
    expect(await reason(await scenarioFile((d) => d.routing.loneliness!.pools.push('spare')))).toBe(
      'routing.loneliness.pools[1]: unknown pool "spare"',
    );
    expect(await reason(await scenarioFile((d) => (d.pools[0]!.lines[0]!.organisation = 'jica')))).toBe(
      'pools[0].lines[0].organisation: unknown organisation "jica"',
    );
    expect(await reason(await scenarioFile((d) => (d.categories[1]!.share = 0.2)))).toBe(
      'categories: category shares sum to 0.9, not 1',
    );
  });

  it('reports schedules outside 0-24 h and shifts that end before they start', async () => {
    const shift = (from: string, to: string) => (d: Draft) => {
      loose(d.organisations[0]).schedule = [{ from, to }];
    };
    expect(await reason(await scenarioFile(shift('09:00', '25:00')))).toMatch(
      /^organisations\[0\]\.schedule\[0\]\.to: use HH:MM between 00:00 and 24:00( \(\+\d+ more\))?$/,
    );
    expect(await reason(await scenarioFile(shift('09:00', '24:30')))).toBe(
      'organisations[0].schedule[0].to: a time of day cannot be later than 24:00',
    );
    expect(await reason(await scenarioFile(shift('22:00', '06:00')))).toBe(
      'organisations[0].schedule[0].to: shift must end after it starts (split overnight shifts in two)',
    );
  });

  it('reports a bad distribution', async () => {
    const file = await scenarioFile((d) => (loose(d.organisations[0]!.handleTime.default).mean = -600));
    expect(await reason(file)).toBe('organisations[0].handleTime.default.mean: Too small: expected number to be >0');
  });
});

describe('loadScenarioFile: assumptions', () => {
  const assume = (a: Record<string, unknown>) => (d: Draft) => {
    loose(d).assumptions = [{ id: 'lines', source: 'not published', ...a }];
  };
  const onLines = (distribution: unknown) => assume({ path: 'pools[id=main].lines[0].count', distribution });

  it('loads a scenario with assumptions, unchanged until drawn', async () => {
    const s = await loadScenarioFile(await scenarioFile(onLines({ type: 'discrete', values: [1, 2, 3], weights: [1, 2, 1] })));
    expect(s.pools[0]!.lines[0]!.count).toBe(2);
    expect(s.assumptions).toHaveLength(1);
  });

  it("carries the trial's phase-2 line-count assumptions, each with a source, inert until drawn", async () => {
    const a = await loadScenarioFile(path.join(SCENARIOS, 'trial/phase2-reading-a.json'));
    const b = await loadScenarioFile(path.join(SCENARIOS, 'trial/phase2-reading-b.json'));
    expect(a.assumptions!.map((x) => x.id)).toEqual(['jica-loneliness-lines', 'jacsw-loneliness-lines', 'jacsw-livelihood-lines', 'suicidal-lines']);
    for (const x of a.assumptions!) expect(x.source.length).toBeGreaterThan(20);
    const jica = (s: typeof a) => s.pools.find((p) => p.id === 'loneliness')!.lines[0]!.count;
    expect([jica(a), jica(b)]).toEqual([2, 3]);
    // the same draws give the same world whichever reading the file was written as
    const middle = [0.7, 0.5, 0.5, 0.5];
    expect(jica(applyAssumptions(a, middle))).toBe(3);
    expect(jica(applyAssumptions(b, [0.2, 0.5, 0.5, 0.5]))).toBe(2);
    expect(applyAssumptions(a, middle).pools).toEqual(applyAssumptions(b, middle).pools);
    const draw = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
    fc.assert(
      fc.property(fc.tuple(draw, draw, draw, draw), (draws) => {
        expect(() => parseScenario(applyAssumptions(a, draws))).not.toThrow();
      }),
      { numRuns: 50 },
    );
  });

  it('names the file and the field of an assumption on a path that does not exist', async () => {
    const file = await scenarioFile(assume({ path: 'pools[id=spare].lines[0].count', distribution: { type: 'discrete', values: [1, 2] } }));
    expect(await reason(file)).toBe('assumptions[0].path: pools[id=spare].lines[0].count: no element with id "spare"');
  });

  it('names the value of a discrete set the field does not take', async () => {
    expect(await reason(await scenarioFile(onLines({ type: 'discrete', values: [2, 2.5] })))).toBe(
      'assumptions[0].distribution.values[1]: pools[id=main].lines[0].count = 2.5 does not fit the field: pools[0].lines[0].count: Invalid input: expected int, received number',
    );
  });

  it('refuses a prior of zero width', async () => {
    expect(await reason(await scenarioFile(onLines({ type: 'uniform', min: 2, max: 2 })))).toBe(
      'assumptions[0].distribution.max: a prior of zero width: min must be below max',
    );
  });

  it('checks assumptions a variant file adds, under the variant\'s own path', async () => {
    const base = await scenarioFile(() => {}, 'assume-base/base.json');
    const variant = await put(
      'assume-base/v.json',
      JSON.stringify({
        name: 'v',
        base: 'base.json',
        changes: [{ set: 'assumptions', value: [{ id: 'x', path: 'pools[id=main].lines[0].count', distribution: { type: 'discrete', values: [5, 6] }, source: 's' }] }],
      }),
    );
    expect(base).toMatch(/base\.json$/);
    expect(await reason(variant)).toMatch(/^assumptions\[0\]\.distribution: .*outside the prior's support \[5, 6\]$/);
  });
});

describe('loadScenarioFile: interval counts from CSV', () => {
  it('reads the named column, relative to the scenario file, and drops the csv reference', async () => {
    await put('csv1/data/counts.csv', 'interval_start,callers,notes\n2022-07-07T00:00,3,quiet\n2022-07-07T01:00, 0 ,\n2022-07-07T02:00,12,peak\n');
    const file = await scenarioFile(
      arrivals({ type: 'intervalCounts', intervalMinutes: 60, csv: { file: 'data/counts.csv', column: 'callers' } }),
      'csv1/scenario.json',
    );
    const s = await loadScenarioFile(file);
    expect(s.arrivals).toEqual({ type: 'intervalCounts', intervalMinutes: 60, mode: 'exact', counts: [3, 0, 12] });
  });

  it('takes the first numeric column when none is named, skipping comments and blank lines', async () => {
    await put('csv2/counts.csv', '# exported 2022-07-15\ninterval_start,callers\n\n2022-07-07T00:00,5\n2022-07-07T00:30,7\n');
    const file = await scenarioFile(
      arrivals({ type: 'intervalCounts', intervalMinutes: 30, csv: { file: 'counts.csv' }, mode: 'poisson' }),
      'csv2/scenario.json',
    );
    const s = await loadScenarioFile(file);
    expect(s.arrivals).toEqual({ type: 'intervalCounts', intervalMinutes: 30, mode: 'poisson', counts: [5, 7] });
  });

  it('reads a file without a header row', async () => {
    await put('csv3/counts.csv', '4\n0\n9\n');
    const file = await scenarioFile(arrivals({ type: 'intervalCounts', intervalMinutes: 60, csv: { file: 'counts.csv' } }), 'csv3/s.json');
    const s = await loadScenarioFile(file);
    expect(s.arrivals.type === 'intervalCounts' && s.arrivals.counts).toEqual([4, 0, 9]);
  });

  it('reports a missing CSV file at arrivals.csv.file', async () => {
    const file = await scenarioFile(arrivals({ type: 'intervalCounts', intervalMinutes: 60, csv: { file: 'nowhere.csv' } }), 'csv4/s.json');
    const e = await failure(file);
    expect(e.message).toBe(`${file}: arrivals.csv.file: cannot read ${path.join(dir, 'csv4', 'nowhere.csv')}: ENOENT: no such file or directory`);
    expect(e.issues[0]?.path).toEqual(['arrivals', 'csv', 'file']);
  });

  it('reports a bad cell with the CSV file, row and column', async () => {
    const csv = await put('csv5/counts.csv', 'interval_start,callers\n2022-07-07T00:00,3\n2022-07-07T01:00,abc\n');
    const file = await scenarioFile(
      arrivals({ type: 'intervalCounts', intervalMinutes: 60, csv: { file: 'counts.csv', column: 'callers' } }),
      'csv5/s.json',
    );
    const e = await failure(file);
    expect(e.message).toBe(`${file}: arrivals.csv: ${csv} row 3, column "callers": "abc" is not a non-negative integer`);
    expect(e.issues).toEqual([{ path: ['arrivals', 'csv'], message: `${csv} row 3, column "callers": "abc" is not a non-negative integer` }]);
  });

  it('rejects negative, fractional and empty counts', async () => {
    const bad = async (cell: string, name: string) => {
      await put(`${name}/c.csv`, `callers\n1\n${cell}\n`);
      return reason(await scenarioFile(arrivals({ type: 'intervalCounts', intervalMinutes: 60, csv: { file: 'c.csv' } }), `${name}/s.json`));
    };
    expect(await bad('-1', 'neg')).toMatch(/c\.csv row 3, column "callers": "-1" is not a non-negative integer$/);
    expect(await bad('2.5', 'frac')).toMatch(/c\.csv row 3, column "callers": "2\.5" is not a non-negative integer$/);
    expect(await bad('""', 'empty')).toMatch(/c\.csv row 3, column "callers": empty cell is not a non-negative integer$/);
  });

  it('reports a column that is not there, listing the columns that are', async () => {
    const csv = await put('csv6/c.csv', 'interval_start,calls\n2022-07-07T00:00,3\n');
    const file = await scenarioFile(
      arrivals({ type: 'intervalCounts', intervalMinutes: 60, csv: { file: 'c.csv', column: 'callers' } }),
      'csv6/s.json',
    );
    expect(await reason(file)).toBe(`arrivals.csv.column: column "callers" not found in ${csv} (columns: "interval_start", "calls")`);
  });

  it('reports a CSV with no data', async () => {
    const csv = await put('csv7/c.csv', 'callers\n');
    const file = await scenarioFile(arrivals({ type: 'intervalCounts', intervalMinutes: 60, csv: { file: 'c.csv', column: 'callers' } }), 'csv7/s.json');
    expect(await reason(file)).toBe(`arrivals.csv: ${csv} has no data rows`);
  });

  it('reports a CSV with a header and no data when no column is named', async () => {
    const csv = await put('csv9/c.csv', 'interval_start,callers\n');
    const file = await scenarioFile(arrivals({ type: 'intervalCounts', intervalMinutes: 60, csv: { file: 'c.csv' } }), 'csv9/s.json');
    expect(await reason(file)).toBe(`arrivals.csv: ${csv} has no data rows`);
  });

  it('reports a CSV without any numeric column', async () => {
    const csv = await put('csv10/c.csv', 'interval,callers\nmorning,many\n');
    const file = await scenarioFile(arrivals({ type: 'intervalCounts', intervalMinutes: 60, csv: { file: 'c.csv' } }), 'csv10/s.json');
    expect(await reason(file)).toBe(
      `arrivals.csv.column: no column of a non-negative integer in ${csv} (columns: "interval", "callers"); name one with "column"`,
    );
  });

  it('reports malformed CSV', async () => {
    const csv = await put('csv8/c.csv', 'callers\n"3\n');
    const file = await scenarioFile(arrivals({ type: 'intervalCounts', intervalMinutes: 60, csv: { file: 'c.csv' } }), 'csv8/s.json');
    expect(await reason(file)).toMatch(new RegExp(`^arrivals\\.csv: ${csv.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
  });
});

describe('loadScenarioFile: traces from CSV', () => {
  it('reads a column of seconds and sorts it', async () => {
    await put('t1/trace.csv', 'caller,seconds\nA,30.5\nB,0\nC,7200\nD,12\n');
    const file = await scenarioFile(arrivals({ type: 'trace', csv: { file: 'trace.csv', column: 'seconds' } }), 't1/s.json');
    const s = await loadScenarioFile(file);
    expect(s.arrivals).toEqual({ type: 'trace', times: [0, 12, 30.5, 7200] });
  });

  it('converts local date-times to seconds after horizon.start, without time-zone conversion', async () => {
    await put('t2/trace.csv', 'time\n2022-07-08T00:00:30\n2022-07-07T00:03\n2022-07-07T21:15:00\n2022-07-07T00:00\n');
    const file = await scenarioFile(arrivals({ type: 'trace', csv: { file: 'trace.csv' } }), 't2/s.json');
    const s = await loadScenarioFile(file);
    expect(s.arrivals).toEqual({ type: 'trace', times: [0, 180, 21 * 3600 + 15 * 60, 86_400 + 30] });
  });

  it('counts from a horizon start with seconds', async () => {
    await put('t3/trace.csv', 'at\n2022-07-07T09:00:10\n');
    const file = await scenarioFile((d) => {
      d.horizon.start = '2022-07-07T09:00:00';
      arrivals({ type: 'trace', csv: { file: 'trace.csv' } })(d);
    }, 't3/s.json');
    const s = await loadScenarioFile(file);
    expect(s.arrivals.type === 'trace' && s.arrivals.times).toEqual([10]);
  });

  it('rejects a time before the horizon, a date that does not exist, and text', async () => {
    const bad = async (cell: string, name: string) => {
      await put(`${name}/t.csv`, `time\n2022-07-07T01:00\n${cell}\n`);
      return reason(await scenarioFile(arrivals({ type: 'trace', csv: { file: 't.csv' } }), `${name}/s.json`));
    };
    const notATime = (cell: string) =>
      new RegExp(`t\\.csv row 3, column "time": "${cell}" is not seconds ≥ 0 or a local date-time YYYY-MM-DDTHH:MM\\[:SS\\]$`);
    expect(await bad('2022-07-06T23:59', 'early')).toMatch(
      /t\.csv row 3, column "time": "2022-07-06T23:59" is before horizon\.start 2022-07-07T00:00$/,
    );
    expect(await bad('2022-02-30T10:00', 'feb30')).toMatch(notATime('2022-02-30T10:00'));
    expect(await bad('yesterday', 'text')).toMatch(notATime('yesterday'));
    expect(await bad('-5', 'negative')).toMatch(notATime('-5'));
  });
});

describe('parseLocalDateTime', () => {
  it('reads real local date-times only', () => {
    expect(parseLocalDateTime('1970-01-01T00:00')).toBe(0);
    expect(parseLocalDateTime('1970-01-02T01:00:05')).toBe(86_400 + 3600 + 5);
    expect(parseLocalDateTime('1970-01-01 00:01')).toBe(60);
    expect(parseLocalDateTime('2024-02-29T00:00')).toBeDefined();
    expect(parseLocalDateTime('2023-02-29T00:00')).toBeUndefined();
    expect(parseLocalDateTime('2022-07-07T24:00')).toBeUndefined();
    expect(parseLocalDateTime('2022-07-07T10:00Z')).toBeUndefined();
    expect(parseLocalDateTime('2022-07-07')).toBeUndefined();
  });
});
