/**
 * CSV downloads and the CLI's --csv files are opened in spreadsheets: a text cell that starts
 * like a formula (=, +, -, @, tab, CR) is written with a leading single quote, while numbers,
 * negative ones included, stay numbers. Checked on the writer, through the CLI, and through the
 * service's download.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvText, textCell } from '../../../sim/report/csv-text.ts';
import { comparisonCsv, sweepCsv } from '../../../sim/report/csv.ts';
import type { Comparison } from '../../../sim/experiments/compare.ts';
import type { SweepResult } from '../../../sim/experiments/sweep.ts';
import { cli, tempFiles } from '../../support/run-cli.ts';
import { api, download, embeddedServiceAround, waitForRun } from '../../support/planner-harness.ts';

const HOSTILE = ['=HYPERLINK("http://evil.example","x")', '+1+cmd|/C calc', '-2+3', '@SUM(A1)', '\tlabel', '\rlabel'];

/** Erlang B for one day, with a category label, organisation name and scenario name that start formulas. */
async function hostileScenario(): Promise<Record<string, any>> {
  const s = JSON.parse(await readFile('scenarios/textbook/erlang-b.json', 'utf8')) as Record<string, any>;
  s.horizon.days = 1;
  s.name = '=cmd|/C calc!A0';
  s.categories[0].label = { ja: '@相談', en: '=HYPERLINK("http://evil.example","x")' };
  s.organisations[0].name = { ja: '+団体', en: '-Organisation' };
  return s;
}

function cells(csv: string): string[][] {
  return parse(csv, { bom: true, relax_column_count: true }) as string[][];
}

/** No cell of the file starts a formula. */
function expectNoFormula(csv: string): void {
  for (const row of cells(csv)) {
    for (const cell of row) {
      if (/^-?\d/.test(cell) && Number.isFinite(Number(cell))) continue; // a number
      expect(cell, JSON.stringify(cell)).not.toMatch(/^[=+\-@\t\r]/);
    }
  }
}

describe('csvText', () => {
  it.each(HOSTILE)('writes %j with a leading single quote', (text) => {
    expect(textCell(text)).toBe(`'${text}`);
    expect(cells(csvText([[text]]))[0]![0]).toBe(`'${text}`);
  });

  it('leaves ordinary text, empty cells, numbers (negative too) and booleans as they were', () => {
    const csv = csvText([['相談', '', 'a=b', -0.25, 3, true, false]]);
    expect(csv).toBe('\uFEFF相談,,a=b,-0.25,3,1,\n');
  });

  it('keeps a comparison\'s negative differences as numbers and quotes a hostile variant name', () => {
    const stat = (mean: number) => ({ mean, ci95: [mean - 0.1, mean + 0.1] as [number, number] });
    const c = {
      seed: 1,
      replications: 2,
      variants: [
        {
          name: '-lines moved',
          groups: [{ id: 'single', label: { ja: '@x', en: 'x' }, figures: { answerRate: { base: stat(0.5), variant: stat(0.4), difference: stat(-0.1), significant: true } } }],
        },
      ],
    } as unknown as Comparison;
    const rows = cells(comparisonCsv(c));
    expect(rows[1]).toEqual(["'-lines moved", 'single', "'@x", 'x', 'answerRate', '0.5', '0.4', '-0.1', String(-0.1 - 0.1), String(-0.1 + 0.1), '1']);
  });

  it('writes a sweep value that is a negative number as a number, as before', () => {
    const stat = { mean: 0.5, ci95: [0.4, 0.6] };
    const r = {
      axes: ['callers.redial.delay.value'],
      categories: [],
      points: [{ label: 'x=-5', settings: [{ path: 'callers.redial.delay.value', value: -5 }], overall: { answerRate: stat, answered: stat } }],
    } as unknown as SweepResult;
    expect(cells(sweepCsv(r))[1]!.slice(0, 2)).toEqual(['x=-5', '-5']);
  });
});

describe('the CLI --csv file', () => {
  it('quotes the hostile labels of a run report', async () => {
    const files = await tempFiles({ 'hostile.json': await hostileScenario() });
    const out = `${files['hostile.json']}.csv`;
    const run = await cli('run', files['hostile.json']!, '--replications', '2', '--threads', '1', '--csv', out);
    expect(run.code, run.stderr).toBe(0);
    const csv = await readFile(out, 'utf8');
    expect(cells(csv)[1]!.slice(0, 3)).toEqual(['single', "'@相談", `'=HYPERLINK("http://evil.example","x")`]);
    expectNoFormula(csv);
  }, 60_000);
});

describe('the service\'s CSV download', () => {
  const service = embeddedServiceAround();

  it.each([
    ['replications', (s: Record<string, any>) => ({ kind: 'replications', scenario: { scenario: s }, replications: 2 })],
    ['compare', (s: Record<string, any>) => ({ kind: 'compare', base: { scenario: s }, variants: [{ name: '+11 lines', changes: [{ set: 'pools[id=main].lines[0].count', value: 11 }] }], replications: 2 })],
  ])('%s: no text cell starts a formula', async (_kind, body) => {
    const started = await api(service.url, 'POST', '/runs', body(await hostileScenario()));
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const done = await waitForRun(service.url, started.body.id);
    expect(done.status).toBe('succeeded');
    const csv = await download(service.url, `/runs/${done.id}/result?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.text).toMatch(/'(@相談|=HYPERLINK)/);
    expectNoFormula(csv.text);
  }, 60_000);
});
