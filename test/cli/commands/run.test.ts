/**
 * `helpline-sim run` as a planner uses it: the README's table, a JSON report that is the same
 * for the same seed, a CSV a spreadsheet opens, variants, and one-line errors with exit 2.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { cli, tempFiles } from '../../support/run-cli.ts';

const ERLANG_B = 'scenarios/textbook/erlang-b.json';
const quick = ['--replications', '3', '--threads', '1'];

interface Stat {
  mean: number | null;
  ci95: [number, number] | null;
}

describe('helpline-sim run', () => {
  it('prints a bilingual table per category with the answer rate and its CI', async () => {
    const r = await cli('run', 'scenarios/9999-like.json', ...quick);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('孤独・孤立での悩み');
    expect(r.stdout).toContain('Worries about loneliness or isolation');
    expect(r.stdout).toMatch(/\d+\.\d% \[\d+\.\d%–\d+\.\d%\]/);
  });

  it('--json holds overall and categories.<id> with { mean, ci95 }, byte-identical for the same seed', async () => {
    const [a, b, other] = await Promise.all([
      cli('run', ERLANG_B, ...quick, '--json', '--seed', '4'),
      cli('run', ERLANG_B, ...quick, '--json', '--seed', '4'),
      cli('run', ERLANG_B, ...quick, '--json', '--seed', '5'),
    ]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toBe(other.stdout);
    const report = JSON.parse(a.stdout) as { overall: Record<string, Stat>; categories: Record<string, Record<string, Stat>> };
    for (const group of [report.overall, ...Object.values(report.categories)]) {
      for (const key of ['attempts', 'answered', 'answerRate']) {
        expect(group[key]!.mean).toBeTypeOf('number');
        expect(group[key]!.ci95![0]).toBeLessThanOrEqual(group[key]!.mean!);
      }
    }
  });

  it('--csv writes a UTF-8 file with a byte-order mark, one row per category and an overall row', async () => {
    const { 'out.csv': csv } = await tempFiles({ 'out.csv': '' });
    const r = await cli('run', 'scenarios/9999-like.json', ...quick, '--csv', csv!);
    expect(r.code).toBe(0);
    const text = await readFile(csv!, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = text.slice(1).trim().split('\n');
    expect(rows[0]).toMatch(/^category,label_ja,label_en,attempts,attempts_ci95_low,attempts_ci95_high,/);
    expect(rows).toHaveLength(1 + 6 + 1);
    expect(rows.at(-1)).toMatch(/^overall,全体,All attempts,/);
  });

  it('runs a variant file like a scenario', async () => {
    const r = await cli('run', 'scenarios/9999-like.under18-first.json', ...quick, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).scenario).toMatch(/under-18 first/);
  });

  it.each([
    ['an unknown category in the menu', (s: Record<string, any>) => (s.menu.options[0].target.category = 'lonely'), 'menu.options[0].target.category: unknown category "lonely" (+1 more)'],
    ['shares not summing to 1', (s: Record<string, any>) => (s.categories[0].share = 0.9), 'categories: category shares sum to 0.9, not 1'],
    ['a shift past 24:00', (s: Record<string, any>) => (s.organisations[0].schedule = [{ from: '20:00', to: '25:00' }]), 'organisations[0].schedule[0].to: use HH:MM between 00:00 and 24:00'],
    ['an assumption on a path that does not exist', (s: Record<string, any>) => (s.assumptions = [{ id: 'x', path: 'pools[id=spare].lines[0].count', distribution: { type: 'discrete', values: [9, 10] }, source: 's' }]), 'assumptions[0].path: pools[id=spare].lines[0].count: no element with id "spare"'],
    ['a discrete assumption outside the field\'s type', (s: Record<string, any>) => (s.assumptions = [{ id: 'x', path: 'pools[id=main].lines[0].count', distribution: { type: 'discrete', values: [10, 10.5] }, source: 's' }]), 'assumptions[0].distribution.values[1]: pools[id=main].lines[0].count = 10.5 does not fit the field: pools[0].lines[0].count: Invalid input: expected int, received number'],
    ['a prior of zero width', (s: Record<string, any>) => (s.assumptions = [{ id: 'x', path: 'arrivals.callersPerDay', distribution: { type: 'lognormal', median: 3840, sigma: 0 }, source: 's' }]), 'assumptions[0].distribution.sigma: a prior of zero width: sigma must be above 0'],
  ])('rejects %s: exit 2, one line naming the file and the field', async (_name, edit, expected) => {
    const scenario = JSON.parse(await readFile(ERLANG_B, 'utf8'));
    edit(scenario);
    const { 'bad.json': file } = await tempFiles({ 'bad.json': scenario });
    const r = await cli('run', file!, ...quick);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`helpline-sim: ${file}: ${expected}\n`);
  });

  it('rejects broken JSON with its line and column', async () => {
    const { 'broken.json': file } = await tempFiles({ 'broken.json': '{\n  "name": "x",\n}\n' });
    const r = await cli('run', file!);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`helpline-sim: ${file}: invalid JSON at line 3, column 1: expected a property name in double quotes, found "}"\n`);
  });

  it('rejects a bad option value in one line', async () => {
    const r = await cli('run', ERLANG_B, '--replications', 'many');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('helpline-sim: --replications must be a whole number ≥ 1, got "many"\n');
  });
});
